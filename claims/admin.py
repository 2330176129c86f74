"""The editors' desk. Writes that carry a rule (creating claims and verdicts, moving a claim
along the workflow, publishing, withdrawing, deleting verdicts) go through claims.services,
so the admin and the API cannot disagree."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import model_ngettext, unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from articles.admin import ArchiveAdminMixin
from articles.models import Article

from . import services
from .audit import in_words
from .forms import ClaimAdminForm, StaleEditGuardForm
from .models import Appearance, Claim, Evidence, Rating, RatingLabel, Speaker, Verdict
from .querysets import audit_trail, verdict_corrections


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


class AutocompleteFilter(admin.SimpleListFilter):
    """A list filter that is one autocomplete box (the admin's own select2 widget and
    autocomplete endpoint) instead of a link per row: 50,000 speakers or 200,000 articles
    cannot be a sidebar of links (issue 14). Choosing navigates to ``?<parameter>=<id>``."""

    template = "admin/claims/autocomplete_filter.html"
    source_field = None  # (model, field name): the FK whose admin autocomplete lists the choices

    def lookups(self, request, model_admin):
        return ()

    def has_output(self):
        return True

    def object_id(self) -> int | None:
        if self.value() is None:
            return None
        try:
            return int(self.value())
        except ValueError as error:
            # The admin answers this with its "invalid filter" redirect, not a 500.
            raise IncorrectLookupParameters(error) from error

    def widget_html(self) -> str:
        model, name = self.source_field
        widget = AutocompleteSelect(model._meta.get_field(name), admin.site, attrs={"data-filter": self.parameter_name})
        related = model._meta.get_field(name).related_model
        widget.choices = forms.ModelChoiceField(related._default_manager.all()).choices
        return widget.render(f"filter-{self.parameter_name}", self.object_id())

    def choices(self, changelist):
        yield {
            "widget": self.widget_html(),
            "parameter": self.parameter_name,
            "css_class": f"{self.parameter_name.split('__')[0]}-filter",
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
            "selected": self.value() is not None,
        }


class SpeakerFilter(AutocompleteFilter):
    title = "speaker"
    parameter_name = "speaker__id__exact"
    source_field = (Claim, "speaker")

    def queryset(self, request, queryset):
        return queryset if self.object_id() is None else queryset.filter(speaker_id=self.object_id())


class ArticleFilter(AutocompleteFilter):
    """Claims quoted in an article: an ``Exists`` per claim, not a JOIN and DISTINCT."""

    title = "article"
    parameter_name = "article"
    source_field = (Appearance, "article")

    def queryset(self, request, queryset):
        if self.object_id() is None:
            return queryset
        return queryset.filter(Exists(Appearance.objects.filter(claim=OuterRef("pk"), article_id=self.object_id())))


class PublisherFilter(AutocompleteFilter):
    """Claims quoted by a publisher. Claims reach publishers through appearances and
    articles, so this is an ``Exists`` per claim rather than a JOIN and DISTINCT."""

    title = "publisher"
    parameter_name = "publisher"
    source_field = (Article, "publisher")

    def queryset(self, request, queryset):
        if self.object_id() is None:
            return queryset
        return queryset.published_by([self.object_id()])


class DateRangeFilter(admin.FieldListFilter):
    """From/to date boxes (inclusive) for a date field, e.g. ``?claimed_at__gte=2018-09-01``."""

    template = "admin/claims/date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.lookup_gte, self.lookup_lte = f"{field_path}__gte", f"{field_path}__lte"
        super().__init__(field, request, params, model, model_admin, field_path)

    def expected_parameters(self):
        return [self.lookup_gte, self.lookup_lte]

    def _date(self, name):
        value = self.used_parameters.get(name)
        if isinstance(value, list):
            value = value[-1] if value else None
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error

    def queryset(self, request, queryset):
        after, before = self._date(self.lookup_gte), self._date(self.lookup_lte)
        if after:
            queryset = queryset.filter(**{self.lookup_gte: after})
        if before:
            queryset = queryset.filter(**{self.lookup_lte: before})
        return queryset

    def choices(self, changelist):
        keep = changelist.get_query_string(remove=[self.lookup_gte, self.lookup_lte, "p"])
        yield {
            "field_id": self.field_path.replace("_", "-"),
            "gte_name": self.lookup_gte,
            "lte_name": self.lookup_lte,
            "gte": self._date(self.lookup_gte),
            "lte": self._date(self.lookup_lte),
            "hidden": list(QueryDict(keep.lstrip("?")).lists()),
            "clear_url": keep,
        }


# Inlines


# Inline rows that fit a 1366 px laptop screen beside the admin's sidebar (issue 14).
NARROW_INLINE_FIELDS = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    models.PositiveIntegerField: {"widget": forms.NumberInput(attrs={"style": "width: 5.5em"})},
}


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
    formfield_overrides = NARROW_INLINE_FIELDS


class EvidenceInline(admin.StackedInline):
    """Sources, two rows each so nothing scrolls sideways at 1366 px: the URL with its stance
    (visible at a glance), then title and source, then the excerpt across the row."""

    model = Evidence
    formfield_overrides = {
        models.URLField: {"widget": forms.URLInput(attrs={"size": 60})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 90})},
    }
    fields = (("url", "stance"), ("title", "source"), "excerpt")
    formset = capped_formset(30, "verdict__id__exact")
    template = "admin/capped_inline_stacked.html"
    classes = ("evidence-inline",)

    def get_extra(self, request, obj=None, **kwargs):
        # A verdict usually rests on two sources: two empty rows until it has some.
        return 2 if obj is None or not obj.evidence.exists() else 1


HISTORY_SHOWN = 200
VERDICTS_SHOWN = 20


def _preview_context(verdict: Verdict) -> dict:
    """What a reader sees of a verdict: its claim, rating, summary, analysis, evidence and
    corrections. Three queries."""
    verdict = Verdict.objects.select_related("claim__speaker", "rating").get(pk=verdict.pk)
    return {
        "verdict": verdict,
        "claim": verdict.claim,
        "evidence": list(verdict.evidence.order_by("id")[:50]),
        "corrections": verdict_corrections(verdict),
    }


# Model admins


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "role", "affiliation", "claim_count")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__joined")
    search_help_text = "Matches names and aliases."
    fieldsets = (
        (None, {"fields": ("name", "kind", "role", "affiliation", "aliases", "claims_link")}),
        ("More", {"classes": ("collapse",), "fields": ("slug",)}),
    )
    readonly_fields = ("claims_link",)

    @admin.display(description="claims")
    def claims_link(self, speaker):
        if speaker.pk is None:
            return "No claims yet"
        url = reverse("admin:claims_claim_changelist") + f"?speaker__id__exact={speaker.pk}"
        return format_html('<a href="{}" id="speaker-claims">{} claim{}</a>', url, speaker.claim_count,
                           "" if speaker.claim_count == 1 else "s")  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).with_track_record()

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, speaker):
        return speaker.claim_count


@admin.register(Claim)
class ClaimAdmin(ArchiveAdminMixin, SimpleHistoryAdmin):
    form = ClaimAdminForm
    list_display = ("__str__", "speaker", "status", "current_rating_display", "claimed_at")
    list_filter = (
        SpeakerFilter,
        ("claimed_at", DateRangeFilter),
        "status",
        "current_rating",
        ArticleFilter,
        PublisherFilter,
        "speaker__kind",
    )
    list_select_related = ("speaker", "current_rating")
    search_fields = ("text", "appearances__quote", "speaker__name", "speaker__aliases__joined")
    search_help_text = "Matches claim text, quotes, speaker names and aliases."
    autocomplete_fields = ("speaker",)
    readonly_fields = (
        "current_verdict",
        "current_rating_display",
        "verdicts_overview",
        "created_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("text", "speaker", ("claimed_at", "status"), "context", "loaded_version")}),
        ("Verdicts", {"fields": ("current_verdict", "current_rating_display", "verdicts_overview")}),
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
    change_form_template = "admin/claims/claim/change_form.html"

    @property
    def media(self):
        # The changelist's autocomplete filters need the select2 widget's scripts.
        return super().media + AutocompleteSelect(Claim._meta.get_field("speaker"), admin.site).media

    @admin.display(description="all verdicts")
    def verdicts_overview(self, claim):
        """The claim's verdicts, newest first, each opening its form (evidence, publish); capped,
        with the filtered list for the rest. One query."""
        if claim.pk is None:
            return "None yet"
        verdicts = list(claim.verdicts.select_related("rating").order_by(*Verdict._meta.ordering)[: VERDICTS_SHOWN + 1])
        return render_to_string(
            "admin/claims/claim/verdicts_overview.html",
            {
                "claim": claim,
                "verdicts": verdicts[:VERDICTS_SHOWN],
                "more": len(verdicts) > VERDICTS_SHOWN,
                "list_url": reverse("admin:claims_verdict_changelist") + f"?claim__id__exact={claim.pk}",
            },
        )

    def history_view(self, request, object_id, extra_context=None):
        """The claim's whole trail: its own changes, its appearances', its verdicts' and their
        evidence's (the API's history merges the same), in words; no revert (issue 14)."""
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            return super().history_view(request, object_id, extra_context)
        if not self.has_view_or_change_permission(request, claim):
            raise PermissionDenied
        verdict_ids = Verdict.history.filter(claim_id=claim.pk).values("id")
        entries = audit_trail(
            Claim.history.filter(id=claim.pk),
            Appearance.history.filter(claim_id=claim.pk),
            Verdict.history.filter(claim_id=claim.pk),
            Evidence.history.filter(verdict_id__in=verdict_ids),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": claim,
            "title": f"History: {claim}",
            "entries": in_words(entries[:HISTORY_SHOWN]),
            "total": len(entries),
            "shown": HISTORY_SHOWN,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/claims/claim/history.html", context)

    def get_search_results(self, request, queryset, search_term):
        # A quote is a to-many match: one EXISTS per claim instead of the JOIN's duplicate
        # rows, so neither the changelist nor the autocomplete (which would add DISTINCT and
        # sort every match at a million claims) has anything to remove.
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if may_have_duplicates:
            matched = queryset.filter(Exists(matched.filter(pk=OuterRef("pk"))))
        return matched, False

    @admin.display(description="current rating", ordering="current_rating__value")
    def current_rating_display(self, claim):
        return claim.current_rating

    def save_model(self, request, obj, form, change):
        if change:
            # Only what the editor changed, under the claim's lock, through the status rule.
            editable = services.CLAIM_EDITABLE_FIELDS
            changes = {name: form.cleaned_data[name] for name in form.changed_data if name in editable}
            services.claim_update(claim=obj, changes=changes)
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
        services.adopt(obj, claim)

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
    change_form_template = "admin/claims/verdict/change_form.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            # A new verdict has nothing to show there yet; keep the form to one screen.
            return tuple(
                (name, {**options, "classes": ("collapse",)}) if name == "Publication" else (name, options)
                for name, options in fieldsets
            )
        return (*fieldsets, ("What readers see", {"fields": ("reader_preview",)}))

    def get_readonly_fields(self, request, obj=None):
        # The claim's current verdict points at this row; moving it to another claim would
        # leave both claims wrong.
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else (*readonly, "claim", "reader_preview")

    @admin.display(description="preview")
    def reader_preview(self, verdict):
        return render_to_string("admin/claims/verdict/reader_preview.html", _preview_context(verdict))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/publish/", view(self.publish_view), name="claims_verdict_publish"),
            path("<path:object_id>/withdraw/", view(self.withdraw_view), name="claims_verdict_withdraw"),
            *super().get_urls(),
        ]

    def response_add(self, request, obj, post_url_continue=None):
        return self._publish_after_save(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._publish_after_save(request, obj) or super().response_change(request, obj)

    def _publish_after_save(self, request, obj):
        """ "Save and publish" on the form: published at once when the editor confirmed what
        readers will see in the form's dialog, else saved and sent to the confirmation page."""
        if "_publish" not in request.POST:
            return None
        if request.POST.get("_publish_confirmed") != "1":
            return HttpResponseRedirect(reverse("admin:claims_verdict_publish", args=(obj.pk,)))
        return self._apply(request, obj, services.verdict_publish, done="published")

    def _apply(self, request, verdict, service, *, done):
        try:
            service(verdict=verdict, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.WARNING)
        else:
            self.log_change(request, verdict, done.capitalize())
            if done == "published":
                self.message_user(request, f"Published: readers now see “{verdict}” on its claim.", messages.SUCCESS)
            else:
                self.message_user(request, f"Withdrawn: “{verdict}” is a draft again.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:claims_verdict_change", args=(verdict.pk,)))

    def publish_view(self, request, object_id):
        return self._confirm_view(request, object_id, action="publish")

    def withdraw_view(self, request, object_id):
        return self._confirm_view(request, object_id, action="withdraw")

    def _confirm_view(self, request, object_id, *, action):
        """The confirmation page: what readers will see (publish) or stop seeing (withdraw)."""
        verdict = self.get_object(request, unquote(object_id))
        if verdict is None:
            raise Http404("No such verdict.")
        if not self.has_change_permission(request, verdict):
            raise PermissionDenied
        if request.method == "POST":
            service = services.verdict_publish if action == "publish" else services.verdict_withdraw
            return self._apply(request, verdict, service, done="published" if action == "publish" else "withdrawn")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": verdict,
            "title": f"{action.capitalize()} this verdict?",
            "action": action,
            **_preview_context(verdict),
        }
        return TemplateResponse(request, "admin/claims/verdict/confirm.html", context)

    @admin.display(description="published", boolean=True, ordering="published_at")
    def is_published(self, verdict):
        return verdict.is_published

    def save_model(self, request, obj, form, change):
        if change:
            # Only what the editor changed, never published_at (the services' own).
            changes = {
                name: form.cleaned_data[name] for name in form.changed_data if name in services.VERDICT_EDITABLE_FIELDS
            }
            services.verdict_update(verdict=obj, changes=changes)
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
        services.adopt(obj, verdict)

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
