import pytest

from ..api import APIViewTestCases, assert_status
from ..factories import ClaimFactory, SpeakerFactory, published_verdict, rating

pytestmark = pytest.mark.django_db


class TestSpeakerAPI(APIViewTestCases):
    basename = "speaker"

    def make_object(self):
        return SpeakerFactory()

    def create_payload(self):
        return {
            "name": "Staffan de Mistura",
            "kind": "person",
            "role": "UN Special Envoy for Syria",
            "aliases": ["de Mistura"],
        }

    def update_payload(self):
        return {"aliases": ["de Mistura", "Staffan de Mistura"]}

    def invalid_payload(self):
        return {"name": "", "kind": "alien"}

    def check_created(self, data, payload):
        super().check_created(data, payload)
        assert data["slug"] == "staffan-de-mistura" and data["claim_count"] == 0


def test_speaker_filters_match_name_and_alias(api_client):
    envoy = SpeakerFactory(name="Staffan de Mistura", aliases=["UN envoy"])
    group = SpeakerFactory(name="Russian officials", kind="group")

    def ids(**params):
        response = api_client.get("/api/speakers/", params)
        assert_status(response, 200)
        return [row["id"] for row in response.data["results"]]

    assert ids(name="mistura") == [envoy.pk]
    assert ids(name="envoy") == [envoy.pk]
    assert ids(name="50%") == []
    assert ids(kind="group") == [group.pk]
    assert ids(slug="russian-officials") == [group.pk]
    assert_status(api_client.get("/api/speakers/", {"kind": "alien"}), 400)


def test_claim_count_is_included(api_client):
    speaker = SpeakerFactory()
    ClaimFactory.create_batch(3, speaker=speaker)
    assert api_client.get(f"/api/speakers/{speaker.pk}/").data["claim_count"] == 3


def test_track_record_counts_by_status_and_current_rating(api_client):
    speaker = SpeakerFactory()
    ClaimFactory(speaker=speaker, status="new")
    ClaimFactory(speaker=speaker, status="dismissed")
    published_verdict(claim=ClaimFactory(speaker=speaker), rating=rating("false"))
    checked = ClaimFactory(speaker=speaker)
    published_verdict(claim=checked, rating=rating("true"))
    published_verdict(claim=checked, rating=rating("false"))  # now current
    published_verdict(rating=rating("true"))  # someone else's
    response = api_client.get(f"/api/speakers/{speaker.pk}/record/")
    assert_status(response, 200)
    data = response.data
    assert data["speaker"]["id"] == speaker.pk and data["total"] == 4
    assert data["by_status"] == {"new": 1, "in_review": 0, "checked": 2, "dismissed": 1}
    counts = {row["slug"]: row["count"] for row in data["by_rating"]}
    assert counts["false"] == 2 and counts["true"] == 0 and len(counts) == 8


def test_track_record_of_unknown_speaker_is_404(api_client):
    assert_status(api_client.get("/api/speakers/987654/record/"), 404)


def test_deleting_a_speaker_with_claims_is_409(editor_api):
    speaker = ClaimFactory().speaker
    response = editor_api.delete(f"/api/speakers/{speaker.pk}/")
    assert_status(response, 409)
    assert "claims" in response.json()["detail"]
