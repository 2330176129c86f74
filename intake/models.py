import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import Greatest, Least

from articles.models import Article, TimeStampedModel
from claims.models import Appearance, Claim, Speaker, SpeakerKind


def body_hash(body: str) -> str:
    """The version of a body that suggestions' offsets point into."""
    return hashlib.md5(body.encode("utf-8"), usedforsecurity=False).hexdigest()


class SuggestionQuerySet(models.QuerySet):
    def current(self):
        """Suggestions for the article's body as it is now (not stale)."""
        return self.exclude(state=Suggestion.State.STALE)

    def to_decide_in(self, article: Article):
        """What the article's reading view highlights: pending suggestions for the body as it
        is now, less those whose span is already logged as an appearance (an editor selected
        the words by hand) -- by the rule extraction uses (half the span or more) -- in text
        order. One query, with the matched speaker."""
        logged = Appearance.objects.filter(article_id=article.pk, start__isnull=False).filter(
            Q(start__lt=OuterRef("end")) & Q(end__gt=OuterRef("start"))
        )
        number = models.IntegerField()
        logged = logged.annotate(
            double_overlap=ExpressionWrapper(
                (
                    Least(F("end"), OuterRef("end"), output_field=number)
                    - Greatest(F("start"), OuterRef("start"), output_field=number)
                )
                * 2,
                output_field=number,
            ),
            span=ExpressionWrapper(OuterRef("end") - OuterRef("start"), output_field=number),
        ).filter(double_overlap__gte=F("span"))
        return (
            self.filter(article_id=article.pk, state=Suggestion.State.PENDING, body_hash=body_hash(article.body or ""))
            .exclude(Exists(logged))
            .select_related("speaker")
            .order_by("start", "id")
        )

    def with_api_relations(self):
        """Everything the API's representation shows, in one query."""
        return self.select_related(
            "speaker", "claim", "similar_claim__current_rating", "similar_claim__current_verdict__publisher"
        )


class Suggestion(TimeStampedModel):
    """A statement the extractor found in an article, waiting for an editor: accepted, it
    becomes a claim with its appearance at exactly these offsets; rejected, it stays as a
    record so re-running the extraction does not propose it again. Suggestions belong to
    one version of the body (``body_hash``); when the body changes, the pending and
    rejected ones of the old version become ``stale`` and accepted ones keep their claim."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        STALE = "stale", "Stale (the article's body changed)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    body_hash = models.CharField(max_length=32, help_text="MD5 of the body the offsets point into.")
    start = models.PositiveIntegerField(help_text="Character offset of the span in the article body.")
    end = models.PositiveIntegerField(help_text="Offset just past the span's last character.")
    quote = models.TextField(max_length=10000, help_text="The span as printed: body[start:end].")
    text = models.TextField(max_length=2000, help_text="Proposed claim text (the quote, or the reported clause).")
    is_direct_quote = models.BooleanField(help_text="In quotation marks, or reported in the article's words.")
    speaker_mention = models.CharField(
        max_length=300, help_text="The speaker as the article names them, pronouns and titles resolved."
    )
    speaker_kind = models.CharField(max_length=20, choices=SpeakerKind.choices, help_text="Guessed kind.")
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The tracker's speaker matched by name or alias; empty when a new one would be created.",
    )
    cue = models.CharField(max_length=100, blank=True, help_text='"said", "according to", ":"; empty for context.')
    confidence = models.FloatField(help_text="From 0 to 1: how sure the extractor is of span and speaker.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    claim = models.OneToOneField(
        Claim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestion",
        help_text="The claim created when the suggestion was accepted.",
    )
    # "Checked before?" (issue 16): the best match among checked claims at or above the
    # suggest threshold and its score, set by intake.services.suggestions_match.
    similar_claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    similarity = models.FloatField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ("article_id", "start", "id")
        indexes = (
            models.Index(fields=("article", "state", "start"), name="intake_suggestion_article_idx"),
            models.Index(fields=("state", "-created_at"), name="intake_suggestion_state_idx"),
        )
        constraints = (
            # One suggestion per span of one body version: extracting twice creates nothing twice.
            models.UniqueConstraint(
                fields=("article", "body_hash", "start", "end"),
                name="%(app_label)s_%(class)s_unique_span",
                violation_error_message="This span of this article version is already suggested.",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="%(app_label)s_%(class)s_start_before_end",
                violation_error_message="End must be greater than start.",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="%(app_label)s_%(class)s_confidence_range",
                violation_error_message="Confidence lies between 0 and 1.",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "accepted", "rejected", "stale"]),
                name="%(app_label)s_%(class)s_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(speaker_kind__in=SpeakerKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            # A claim only ever hangs on an accepted suggestion.
            models.CheckConstraint(
                condition=Q(claim__isnull=True) | Q(state="accepted"),
                name="%(app_label)s_%(class)s_claim_only_when_accepted",
                violation_error_message="Only an accepted suggestion has a claim.",
            ),
        )

    def __str__(self):
        return f"{self.speaker_mention}: {self.quote[:60]}"
