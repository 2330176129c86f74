"""'Possibly checked before' in the claim admin: the JSON endpoint, the change page, and a
real browser typing into the add form."""

import pytest

from tests.factories import EditorFactory, UserFactory

from .test_search import CHECKED, PARAPHRASE

pytestmark = pytest.mark.usefixtures("needs_pgvector")


def test_the_admin_endpoint_lists_matches_with_links_and_ratings(editor_client, checked_claim):
    target = checked_claim(CHECKED, rating_slug="mostly-true", summary="Unemployment is at a 50-year low.")
    response = editor_client.get("/admin/claims/claim/similar/", {"text": PARAPHRASE})
    assert response.status_code == 200
    best = response.json()["results"][0]
    assert best["claim"]["admin_url"] == f"/admin/claims/claim/{target.pk}/change/"
    assert best["verdict"]["rating"]["label"] == "Mostly true"
    excluded = editor_client.get("/admin/claims/claim/similar/", {"text": CHECKED, "exclude": target.pk})
    assert target.pk not in [m["claim"]["id"] for m in excluded.json()["results"]]


def test_the_admin_endpoint_needs_a_staff_login(client, db):
    response = client.get("/admin/claims/claim/similar/", {"text": PARAPHRASE})
    assert response.status_code == 302  # to the login page
    client.force_login(UserFactory(is_staff=True))  # staff without claim permissions
    assert client.get("/admin/claims/claim/similar/", {"text": PARAPHRASE}).status_code == 403


def test_the_change_page_shows_possibly_checked_before(editor_client, checked_claim):
    target = checked_claim(CHECKED, rating_slug="mostly-true", summary="Unemployment is at a 50-year low.")
    logged = checked_claim(PARAPHRASE)
    page = editor_client.get(f"/admin/claims/claim/{logged.pk}/change/").content.decode()
    assert "possibly checked before" in page.lower()
    assert f'href="/admin/claims/claim/{target.pk}/change/"' in page
    assert "Mostly true" in page
    assert "matching/similar.js" in page


@pytest.mark.django_db(transaction=True)
def test_typing_a_paraphrase_in_the_add_form_shows_the_match(live_server, browser_page, screenshot, checked_claim):
    checked_claim(CHECKED, rating_slug="mostly-true", summary="Unemployment is at a 50-year low.")
    editor = EditorFactory(username="typist")
    page = browser_page
    page.goto(live_server.url + "/admin/login/?next=/admin/claims/claim/add/")
    page.fill("input[name=username]", editor.username)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("input[type=submit]")
    page.fill("#id_text", PARAPHRASE)
    link = page.locator("#matching-similar a", has_text="lowest level in fifty years")
    link.wait_for(timeout=15000)
    assert "Mostly true" in page.locator("#matching-similar").inner_text()
    screenshot("possibly-checked-before")
