from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, HashIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import MD5, Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.models import Article, Publisher, TimeStampedModel, save_with_generated_slug
from articles.quotes import locate_quote, not_found_message, quote_at
from articles.validators import validate_language_tag

from .querysets import ClaimQuerySet, Joined, SpeakerQuerySet, VerdictQuerySet
from .slugs import claim_slug

# "Newest claims first", undated ones last (PostgreSQL's DESC puts NULLs first).
NEWEST_FIRST = F("claimed_at").desc(nulls_last=True)


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    GROUP = "group", "Group"


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    CHECKED = "checked", "Checked"
    DISMISSED = "dismissed", "Dismissed"


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class Speaker(TimeStampedModel):
    """Who made a claim: a person, an organisation, or a loosely named group ("Russian officials")."""

    Kind = SpeakerKind

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=220,
        unique=True,
        blank=True,
        help_text="Generated from the name when left empty.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(max_length=300, blank=True, help_text='e.g. "UN Special Envoy for Syria"')
    affiliation = models.CharField(max_length=300, blank=True, help_text='e.g. "United Nations"')
    aliases = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text='Other names the press uses, comma-separated: "de Mistura, Staffan de Mistura".',
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        indexes = (
            models.Index(fields=("name", "id"), name="claims_speaker_name_idx"),
            models.Index(fields=("kind",), name="claims_speaker_kind_idx"),
            GinIndex(fields=("aliases",), name="claims_speaker_aliases_idx"),
        )
        constraints = (
            models.CheckConstraint(condition=Q(kind__in=SpeakerKind.values), name="%(app_label)s_%(class)s_kind_valid"),
        )

    def __str__(self):
        return self.name

    def clean(self):
        self.name = self.name.strip()
        self.aliases = list(dict.fromkeys(a.strip() for a in self.aliases if a and a.strip()))

    def save(self, *args, **kwargs):
        save = super().save
        save_with_generated_slug(self, lambda: save(*args, **kwargs), source="name", max_length=220)


Speaker._meta.get_field("aliases").register_lookup(Joined)


class Claim(TimeStampedModel):
    """One checkable statement made by a speaker, phrased as a fact-checker would check it."""

    Status = ClaimStatus

    # Caps keep the search document within PostgreSQL's 1 MB tsvector limit (issue 7).
    # TextField's max_length only sizes the admin's textarea: the validator makes every
    # write path (API, admin, ClaimReview import, commands) enforce it (issue 13).
    text = models.TextField(
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text="The statement as a checker would phrase it.",
    )
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="claims")
    claimed_at = models.DateField("claimed on", null=True, blank=True, help_text="The date the claim was made.")
    context = models.CharField(max_length=500, blank=True, help_text='e.g. "UN Security Council meeting"')
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    language = models.CharField(
        max_length=35, default="en", help_text="BCP 47 language tag.", validators=[validate_language_tag]
    )
    # Derived: the most recently published verdict. Stored so the list and the
    # rating filter are one JOIN; only claims.services changes it. DO_NOTHING: the
    # FK is checked at commit, so deleting a claim with its verdicts just works,
    # while deleting a current verdict outside verdict_delete() fails loudly.
    current_verdict = models.ForeignKey(
        "Verdict",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Derived: the current verdict's rating, so the rating filter and a speaker's track
    # record read one index (issue 6). Set with current_verdict by claims.services; a
    # trigger (migration claims_current_rating) follows edits of that verdict's rating.
    current_rating = models.ForeignKey(
        "Rating", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+", db_index=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Kept by database triggers (migration claims_search_triggers): claim text,
    # every quote and the speaker's names, weighted in that order.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ClaimQuerySet.as_manager()
    # The audit trail (issue 7): who changed what, when. search_vector is derived.
    history = HistoricalRecords(excluded_fields=("search_vector", "current_rating"))

    class Meta:
        ordering = (NEWEST_FIRST, "-id")
        indexes = (
            # Newest first with undated claims last; the composites serve the contract's filters.
            models.Index(NEWEST_FIRST, F("id").desc(), name="claims_claim_claimed_idx"),
            models.Index(F("speaker"), NEWEST_FIRST, F("id").desc(), name="claims_claim_speaker_idx"),
            models.Index(F("status"), NEWEST_FIRST, F("id").desc(), name="claims_claim_status_idx"),
            models.Index(F("current_rating"), NEWEST_FIRST, F("id").desc(), name="claims_claim_rating_idx"),
            # A speaker's track record as an index-only scan, however many claims they made.
            models.Index(fields=("speaker", "status", "current_rating"), name="claims_claim_record_idx"),
            models.Index(fields=("-created_at", "-id"), name="claims_claim_created_idx"),
            models.Index(fields=("-updated_at", "-id"), name="claims_claim_updated_idx"),
            GinIndex(fields=("search_vector",), name="claims_claim_search_idx"),
        )
        constraints = (
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="checked") | Q(current_verdict__isnull=False),
                name="%(app_label)s_%(class)s_checked_has_verdict",
                violation_error_message="A claim becomes checked only when a verdict on it is published.",
            ),
            models.CheckConstraint(
                condition=Q(current_verdict__isnull=True, current_rating__isnull=True)
                | Q(current_verdict__isnull=False, current_rating__isnull=False),
                name="%(app_label)s_%(class)s_current_rating_with_verdict",
            ),
        )

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    @property
    def slug(self) -> str:
        return claim_slug(self.text)

    def get_absolute_url(self) -> str:
        """The claim's public fact-check page (issue 17), by URL name: whichever app serves
        it registers ``fact-check``; claims does not import it. The admin's "View on site"
        and the ClaimReview export's ``url`` both come from here."""
        return reverse("fact-check", kwargs={"pk": self.pk, "slug": self.slug})


class Appearance(TimeStampedModel):
    """Where a claim was quoted: one article and the words as printed there."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="appearances")
    quote = models.TextField(
        max_length=10000,
        validators=[MaxLengthValidator(10000)],
        help_text="The exact words as printed in the article.",
    )
    is_direct_quote = models.BooleanField(
        default=True, help_text="Unticked when the article reports the claim in its own words."
    )
    start = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Character offset of the quote in the article body; found automatically.",
    )
    end = models.PositiveIntegerField(null=True, blank=True, help_text="Offset just past the quote's last character.")

    history = HistoricalRecords()

    class Meta:
        # By the columns themselves: naming the relations would sort by their orderings (a join).
        ordering = ("claim_id", "article_id", "start", "id")
        indexes = (models.Index(fields=("article", "claim"), name="claims_appearance_article_idx"),)
        constraints = (
            # MD5 because quotes may be longer than a B-tree entry can hold.
            models.UniqueConstraint(
                F("claim"),
                F("article"),
                MD5("quote"),
                name="%(app_label)s_%(class)s_unique_quote",
                violation_error_message="This claim already has this quote from this article.",
            ),
            models.CheckConstraint(
                # Spelled out for NULLs: a CHECK that evaluates to NULL passes.
                condition=(Q(start__isnull=True) & Q(end__isnull=True))
                | (Q(start__isnull=False, end__isnull=False, start__gte=0) & Q(end__gt=F("start"))),
                name="%(app_label)s_%(class)s_start_before_end",
                violation_error_message="Offsets need both start and end, with 0 ≤ start < end.",
            ),
        )

    def __str__(self):
        return f"{self.quote[:60]} ({self.article_id})"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What was stored, so clean() can tell offsets given with a new quote from stale ones.
        instance._stored_location = (instance.__dict__.get("quote"), instance.__dict__.get("article_id"))
        instance._stored_offsets = (instance.__dict__.get("start"), instance.__dict__.get("end"))
        return instance

    def clean(self):
        """The quote must be in the article body (articles.quotes, tolerantly: typographic
        quotes, dashes, whitespace, Unicode forms); it is stored as the body's own text at the
        offsets found. A changed quote (or article) with unchanged offsets is located again;
        offsets given explicitly are checked. An article without a body takes quotes as given."""
        self.quote = (self.quote or "").strip()
        body = self.article.body if self.article_id else ""
        stored_location = getattr(self, "_stored_location", None)
        if (
            stored_location is not None
            and stored_location != (self.quote, self.article_id)
            and getattr(self, "_stored_offsets", None) == (self.start, self.end)
        ):
            self.start = self.end = None
        if self.start is None and self.end is None:
            if self.quote and body:
                span = locate_quote(body, self.quote)
                if span is None:
                    raise ValidationError({"quote": not_found_message(body, self.quote)}, code="quote_not_found")
                self.start, self.end, self.quote = span.start, span.end, span.text
            return
        if self.start is None or self.end is None:
            raise ValidationError({"end" if self.end is None else "start": "Give both start and end, or neither."})
        if self.start >= self.end:
            raise ValidationError({"end": "End must be greater than start."})
        if not body:
            raise ValidationError({"start": "The article has no body text to point into; leave start and end empty."})
        if self.end > len(body):
            raise ValidationError({"end": f"The article body is only {len(body)} characters long."})
        span = quote_at(body, self.quote, self.start, self.end)
        if span is None:
            located = locate_quote(body, self.quote)
            hint = (
                f" The quote is at {located.start}-{located.end}; or leave start and end empty to have it found."
                if located is not None
                else ""
            )
            raise ValidationError({"start": "The offsets do not point at the quote in the article body." + hint})
        self.quote = span.text


class Rating(TimeStampedModel):
    """One step of the verdict scale ("Mostly false"); the best rating has the highest value."""

    slug = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=100)
    value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        unique=True,
        help_text='Position on the scale, best highest; empty for off-scale ratings ("Unproven").',
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = (F("value").desc(nulls_last=True), "slug")

    def __str__(self):
        return self.label


class RatingLabel(TimeStampedModel):
    """A rating as other fact-checkers word it ("Four Pinocchios", "Partly false") and the step
    of this desk's scale it means; imported ClaimReview ratings are mapped through these."""

    label = models.CharField(max_length=200, help_text="Matched case-insensitively, e.g. “Mostly False”.")
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="labels")

    class Meta:
        ordering = (Lower("label"),)
        constraints = (
            # Also the index behind the ordering.
            models.UniqueConstraint(
                Lower("label"),
                name="%(app_label)s_%(class)s_unique_label",
                violation_error_message="This label is already mapped to a rating.",
            ),
        )

    def __str__(self):
        return f"{self.label} → {self.rating}"

    def clean(self):
        self.label = " ".join(self.label.split())


class Verdict(TimeStampedModel):
    """A fact-check of one claim: a rating, a one-line summary and the analysis behind it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    summary = models.CharField(max_length=300, help_text="One line a reader sees first.")
    analysis = models.TextField(blank=True)
    reviewer = models.CharField(max_length=200, blank=True, help_text="The fact-checker who wrote it.")
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Empty while a draft; set by publishing."
    )
    url = models.URLField("URL", max_length=2000, blank=True, help_text="The published fact-check, if online.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Set by the ClaimReview import (issue 5): whose fact-check this is, and its rating
    # in their words, so the export credits them and gives the label back verbatim.
    publisher = models.ForeignKey(
        Publisher,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="fact_checks",
        verbose_name="published by",
        help_text="The fact-checker that published it, when imported; empty for this desk's own verdicts.",
    )
    textual_rating = models.CharField(
        "rating as worded",
        max_length=500,
        blank=True,
        editable=False,
        help_text="The rating in the original fact-checker's words (“Four Pinocchios”), when imported.",
    )

    objects = VerdictQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = (F("published_at").desc(nulls_first=True), "-id")
        indexes = (
            models.Index(fields=("claim", "-published_at"), name="claims_verdict_claim_idx"),
            models.Index(fields=("rating",), name="claims_verdict_rating_idx"),
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                name="claims_verdict_published_idx",
                condition=Q(published_at__isnull=False),
            ),
            # Equality only (the ClaimReview import looks reviews up by URL); a hash
            # index has no B-tree row-size limit for 2,000-character URLs.
            HashIndex(fields=("url",), name="claims_verdict_url_idx", condition=~Q(url="")),
        )
        constraints = (
            # "Importing again changes nothing", even for imports running at once (issue 12):
            # another fact-checker's review (publisher set) is on a claim once. MD5 because a
            # 2,000-character URL may not fit a B-tree entry. This desk's own verdicts may share
            # a URL (a re-review published at the same address).
            models.UniqueConstraint(
                F("claim"),
                MD5("url"),
                condition=Q(publisher__isnull=False) & ~Q(url=""),
                name="%(app_label)s_%(class)s_unique_imported_review",
                violation_error_code="already_imported",
                violation_error_message="This review is imported on this claim already.",
            ),
        )

    def __str__(self):
        return self.summary

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Evidence(TimeStampedModel):
    """A source that supports, refutes or gives context to a verdict."""

    Stance = EvidenceStance

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField("URL", max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="Who published it.")
    excerpt = models.TextField(blank=True)
    stance = models.CharField(max_length=20, choices=Stance.choices, default=Stance.CONTEXT)

    history = HistoricalRecords()

    class Meta:
        ordering = ("verdict_id", "id")
        verbose_name_plural = "evidence"
        constraints = (
            models.CheckConstraint(
                condition=Q(stance__in=EvidenceStance.values),
                name="%(app_label)s_%(class)s_stance_valid",
            ),
        )

    def __str__(self):
        return self.title or self.url
