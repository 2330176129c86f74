"""The editors' desk. Writes that carry a rule (creating claims and verdicts, moving a claim
along the workflow, publishing, withdrawing, deleting verdicts) go through claims.services,
so the admin and the API cannot disagree."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from articles.admin import ArchiveAdminMixin
from articles.models import Publisher

from . import services
from .forms import ClaimAdminForm, StaleEditGuardForm
from .models import Appearance, Claim, Evidence, Rating, RatingLabel, Speaker, Verdict


def adopt_saved(instance: models.Model, saved: models.Model) -> None:
    """Turn the admin's unsaved ``instance`` into the row a service created, so the inlines,
    the change log and the redirect that follow all point at that row."""
    for field in saved._meta.concrete_fields:
        setattr(instance, field.attname, getattr(saved, field.attname))
    instance._state.adding = False
    instance._state.db = saved._state.db


def apply_to_each(modeladmin, request, queryset, apply, *, done: str, refused_level: int) -> None:
    """Run a service on each selected row. A row the service refuses is reported at
    ``refused_level`` and does not undo the others: each service call is its own transaction."""
    succeeded = 0
    for obj in queryset:
        try:
            apply(obj)
        except ValidationError as error:
            modeladmin.message_user(request, f"“{obj}”: {' '.join(error.messages)}", refused_level)
        else:
            succeeded += 1
            modeladmin.log_change(request, obj, done.capitalize())
    if succeeded:
        items = model_ngettext(modeladmin.opts, succeeded)
        modeladmin.message_user(request, f"{succeeded} {items} {done}.", messages.SUCCESS)


# List filters


class PublisherFilter(admin.SimpleListFilter):
    """Claims quoted by a publisher. Claims reach publishers through appearances and
    articles, so this is an ``Exists`` per claim rather than a JOIN and DISTINCT."""

    title = "publisher"
    parameter_name = "publisher"

    def lookups(self, request, model_admin):
        # Only the publisher asked for (``?publisher=<id>``, e.g. linked from the publisher
        # list), not all of them: 500 publishers were 500 sidebar links on every page view.
        if self.value() is None:
            return ()
        return Publisher.objects.filter(pk=self.publisher_id()).values_list("pk", "name")

    def publisher_id(self) -> int:
        try:
            return int(self.value())
        except ValueError as error:
            # The admin answers this with its "invalid filter" redirect, not a 500.
            raise IncorrectLookupParameters(error) from error

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.published_by([self.publisher_id()])


# Inlines


class CappedInlineFormSet(BaseInlineFormSet):
    """At most ``cap`` existing rows, so a claim quoted 7,500 times opens in a fraction of a
    second instead of rendering 30 MB of forms (issue 14); the change form says how many there
    are and links to the filtered changelist for the rest (``templates/admin/capped_inline.html``)."""

    cap = 20
    changelist_filter = ""  # e.g. "claim__id__exact": the changelist's filter on the parent

    def get_queryset(self):
        if not hasattr(self, "_capped_queryset"):
            self._capped_queryset = super().get_queryset()[: self.cap]
        return self._capped_queryset

    @cached_property
    def total(self) -> int:
        if self.instance.pk is None:
            return 0
        return self.model._default_manager.filter(**{self.fk.name: self.instance}).count()

    @property
    def is_capped(self) -> bool:
        return self.total > self.cap

    @property
    def changelist_url(self) -> str:
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{url}?{self.changelist_filter}={self.instance.pk}"


def capped_formset(cap: int, changelist_filter: str) -> type[CappedInlineFormSet]:
    return type("CappedFormSet", (CappedInlineFormSet,), {"cap": cap, "changelist_filter": changelist_filter})


class AppearanceInline(admin.TabularInline):
    """Where the claim was quoted; offsets are found in the article body when left empty."""

    model = Appearance
    fields = ("article", "quote", "is_direct_quote", "start", "end")
    autocomplete_fields = ("article",)
    formset = capped_formset(20, "claim__id__exact")
    template = "admin/capped_inline_tabular.html"
    extra = 1
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ("url", "title", "source", "stance", "excerpt")
    extra = 1


# Model admins


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "role", "affiliation", "claim_count")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__joined")
    search_help_text = "Matches names and aliases."
    fieldsets = (
        (None, {"fields": ("name", "kind", "role", "affiliation", "aliases")}),
        ("More", {"classes": ("collapse",), "fields": ("slug",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_track_record()

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, speaker):
        return speaker.claim_count


@admin.register(Claim)
class ClaimAdmin(ArchiveAdminMixin, SimpleHistoryAdmin):
    form = ClaimAdminForm
    list_display = ("__str__", "speaker", "status", "current_rating_display", "claimed_at")
    list_filter = ("status", "current_rating", "speaker__kind", PublisherFilter)
    list_select_related = ("speaker", "current_rating")
    # A quote is a to-many match: the changelist turns it into one EXISTS per claim, so no
    # duplicate rows and no DISTINCT (Django's ChangeList.get_queryset).
    search_fields = ("text", "appearances__quote", "speaker__name", "speaker__aliases__joined")
    search_help_text = "Matches claim text, quotes, speaker names and aliases."
    autocomplete_fields = ("speaker",)
    readonly_fields = ("current_verdict", "current_rating_display", "created_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("text", "speaker", "claimed_at", "context", "status", "loaded_version")}),
        ("Verdict", {"fields": ("current_verdict", "current_rating_display")}),
        (
            "More",
            {
                "classes": ("collapse",),
                "fields": ("language", "created_by", "created_at", "updated_at"),
            },
        ),
    )
    inlines = (AppearanceInline,)
    actions = ("move_to_in_review", "dismiss")

    @admin.display(description="current rating", ordering="current_rating__value")
    def current_rating_display(self, claim):
        return claim.current_rating

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        claim = services.claim_create(
            text=data["text"],
            speaker=data["speaker"],
            claimed_at=data.get("claimed_at"),
            context=data.get("context", ""),
            status=data.get("status", Claim.Status.NEW),
            language=data.get("language", "en"),
            by=request.user,
        )
        adopt_saved(obj, claim)

    @admin.action(description="Move to in review", permissions=("change",))
    def move_to_in_review(self, request, queryset):
        self._set_status(request, queryset, Claim.Status.IN_REVIEW, done="moved to in review")

    @admin.action(description="Dismiss", permissions=("change",))
    def dismiss(self, request, queryset):
        self._set_status(request, queryset, Claim.Status.DISMISSED, done="dismissed")

    def _set_status(self, request, queryset, status, *, done):
        apply_to_each(
            self,
            request,
            queryset,
            lambda claim: services.claim_set_status(claim=claim, status=status),
            done=done,
            refused_level=messages.ERROR,
        )


@admin.register(Appearance)
class AppearanceAdmin(ArchiveAdminMixin, SimpleHistoryAdmin):
    list_display = ("quote_excerpt", "claim", "article", "is_direct_quote")
    list_filter = ("is_direct_quote",)
    list_select_related = ("claim", "article")
    search_fields = ("quote", "claim__text", "article__title")
    autocomplete_fields = ("claim", "article")
    fields = ("claim", "article", "quote", "is_direct_quote", "start", "end")
    # Newest first on the primary key: the model's ordering sorts through the claim.
    ordering = ("-id",)

    @admin.display(description="quote", ordering="quote")
    def quote_excerpt(self, appearance):
        return Truncator(appearance.quote).chars(80)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("slug", "label", "value")
    list_editable = ("label", "value")
    search_fields = ("slug", "label")
    prepopulated_fields = {"slug": ("label",)}
    fields = ("label", "slug", "value", "description")


@admin.register(Verdict)
class VerdictAdmin(ArchiveAdminMixin, SimpleHistoryAdmin):
    form = StaleEditGuardForm
    list_display = ("summary", "claim", "rating", "published_at", "is_published")
    list_filter = ("rating", ("published_at", admin.EmptyFieldListFilter))
    list_select_related = ("claim", "rating")
    search_fields = ("summary", "claim__text")
    autocomplete_fields = ("claim",)
    readonly_fields = ("published_at", "publisher", "textual_rating", "created_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("claim", "rating", "summary", "analysis", "loaded_version")}),
        ("Publication", {"fields": ("reviewer", "url", "published_at", "publisher", "textual_rating")}),
        ("More", {"classes": ("collapse",), "fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = (EvidenceInline,)
    actions = ("publish", "withdraw")

    def get_readonly_fields(self, request, obj=None):
        # The claim's current verdict points at this row; moving it to another claim would
        # leave both claims wrong.
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else (*readonly, "claim")

    @admin.display(description="published", boolean=True, ordering="published_at")
    def is_published(self, verdict):
        return verdict.is_published

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        verdict = services.verdict_create(
            claim=data["claim"],
            rating=data["rating"],
            summary=data["summary"],
            analysis=data.get("analysis", ""),
            reviewer=data.get("reviewer", ""),
            url=data.get("url", ""),
            by=request.user,
        )
        adopt_saved(obj, verdict)

    def delete_model(self, request, obj):
        services.verdict_delete(verdict=obj)

    def delete_queryset(self, request, queryset):
        for verdict in queryset:
            services.verdict_delete(verdict=verdict)

    @admin.action(description="Publish selected verdicts", permissions=("change",))
    def publish(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda verdict: services.verdict_publish(verdict=verdict, by=request.user),
            done="published",
            refused_level=messages.WARNING,
        )

    @admin.action(description="Withdraw selected verdicts", permissions=("change",))
    def withdraw(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda verdict: services.verdict_withdraw(verdict=verdict, by=request.user),
            done="withdrawn",
            refused_level=messages.WARNING,
        )


@admin.register(Evidence)
class EvidenceAdmin(ArchiveAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "verdict", "source", "stance")
    list_filter = ("stance",)
    list_select_related = ("verdict",)
    search_fields = ("title", "url", "source", "verdict__summary")
    autocomplete_fields = ("verdict",)
    fields = ("verdict", "url", "title", "source", "stance", "excerpt")
    # Newest first on the primary key: the model's ordering sorts through the verdict.
    ordering = ("-id",)


@admin.register(RatingLabel)
class RatingLabelAdmin(admin.ModelAdmin):
    """How other fact-checkers' ratings ("Four Pinocchios") map onto the scale when ClaimReview
    is imported; an unmapped one is filed as unproven with its words kept."""

    list_display = ("label", "rating")
    list_editable = ("rating",)
    list_filter = (("rating", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("rating",)
    search_fields = ("label",)
    fields = ("label", "rating")
