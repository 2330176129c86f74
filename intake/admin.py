"""The editor's desk for articles (issue 14): add an article by URL, read it with every quoted
claim highlighted, select a passage and log it as a claim.

``articles`` knows nothing of claims or intake (apps depend downward), so the desk extends
its ``ArticleAdmin`` here and registers the extension in its place."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from articles.admin import ArticleAdmin
from articles.models import Article
from claims import services as claim_services
from claims.admin import NARROW_INLINE_FIELDS, capped_formset
from claims.models import Appearance, Claim

from . import reading, services
from . import services as intake_services
from .forms import ArticleIntakeForm, LogClaimForm
from .models import Suggestion


class ClaimsQuotedInline(admin.TabularInline):
    """The claims this article quotes, so an editor logs them while reading it."""

    model = Appearance
    verbose_name = "claim quoted"
    verbose_name_plural = "claims quoted"
    fields = ("claim", "quote", "is_direct_quote", "start", "end")
    autocomplete_fields = ("claim",)
    formset = capped_formset(20, "article__id__exact")
    template = "admin/capped_inline_tabular.html"
    formfield_overrides = NARROW_INLINE_FIELDS
    extra = 1


admin.site.unregister(Article)


@admin.register(Article)
class ArticleDeskAdmin(ArticleAdmin):
    list_display = (*ArticleAdmin.list_display, "read_link")
    inlines = (ClaimsQuotedInline,)
    change_form_template = "admin/intake/article/change_form.html"
    change_list_template = "admin/intake/article/change_list.html"

    @admin.display(description="")
    def read_link(self, article):
        return format_html(
            '<a href="{}">Read &amp; log claims</a>', reverse("admin:articles_article_read", args=(article.pk,))
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("add-by-url/", view(self.intake_view), name="articles_article_intake"),
            path("<path:object_id>/read/", view(self.reading_view), name="articles_article_read"),
            path("<path:object_id>/log-claim/", view(self.log_claim_view), name="articles_article_log_claim"),
            *super().get_urls(),
        ]

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            return HttpResponseRedirect(reverse("admin:articles_article_read", args=(obj.pk,)))
        return super().response_add(request, obj, post_url_continue)

    # --- Add by URL --------------------------------------------------------------------------

    def intake_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleIntakeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data.get("html"):
                    article = intake_services.article_create_from_html(
                        url=data["url"], html=data["html"], by=request.user
                    )
                elif data.get("text"):
                    article = intake_services.article_create_from_text(
                        url=data["url"], text=data["text"], title=data["title"], by=request.user
                    )
                else:
                    article = intake_services.article_create_from_url(url=data["url"], by=request.user)
            except ValidationError as error:
                existing = getattr(error, "existing_pk", None)
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                if existing is not None:
                    url = reverse("admin:articles_article_read", args=(existing,))
                    messages.info(request, format_html('<a href="{}">Open the article already on the desk</a>.', url))
            else:
                self.log_addition(request, article, [{"added": {}}])
                messages.success(request, f"“{article}” added: select a passage to log it as a claim.")
                return HttpResponseRedirect(reverse("admin:articles_article_read", args=(article.pk,)))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Add article by URL",
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/intake/article/intake.html", context)

    # --- Reading view ------------------------------------------------------------------------

    def _article(self, request, object_id) -> Article:
        article = self.get_queryset(request).filter(pk=_int_or_404(unquote(object_id))).first()
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def reading_view(self, request, object_id):
        article = self._article(request, object_id)
        appearances = list(reading.article_appearances(article))
        marks = reading.marks_for(article, request, appearances)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "article": article,
            "title": article.title,
            "body_html": reading.render_body(reading.segments(article.body, marks)),
            "appearances": appearances,
            "quoted_list_html": reading.render_quoted_list(appearances),
            "appearances_capped": len(appearances) >= reading.MAX_MARKS,
            "appearance_list_url": reverse("admin:claims_appearance_changelist") + f"?article__id__exact={article.pk}",
            "log_claim_url": reverse("admin:articles_article_log_claim", args=(article.pk,)),
            "can_log_claims": request.user.has_perms(("claims.add_claim", "claims.add_appearance")),
            "reading_panels": reading.panels_for(article, request),  # other apps' (intake.reading)
        }
        return TemplateResponse(request, "admin/intake/article/read.html", context)

    # --- Log a claim from a selection --------------------------------------------------------

    def log_claim_view(self, request, object_id):
        article = self._article(request, object_id)
        if not request.user.has_perms(("claims.add_claim", "claims.add_appearance")):
            raise PermissionDenied
        body = article.body
        if request.method == "POST":
            form = LogClaimForm(request.POST, body=body, admin_site=self.admin_site)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    claim = claim_services.claim_create(
                        text=data["text"],
                        speaker=data["speaker"],
                        article=article,
                        quote=form.quote,
                        start=data["start"],
                        end=data["end"],
                        is_direct_quote=data["is_direct_quote"],
                        claimed_at=data["claimed_at"],
                        context=data["context"],
                        language=article.language or "en",
                        by=request.user,
                    )
                except ValidationError as error:
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    self.log_addition(request, claim, [{"added": {}}])
                    if "_addverdict" in request.POST:
                        messages.success(request, f"Claim logged: “{claim}”. Now its verdict.")
                        return HttpResponseRedirect(reverse("admin:claims_verdict_add") + f"?claim={claim.pk}")
                    messages.success(request, f"Claim logged: “{claim}”.")
                    return HttpResponseRedirect(
                        reverse("admin:articles_article_read", args=(article.pk,)) + f"#claim-{claim.pk}"
                    )
            start, end = form.data.get("start"), form.data.get("end")
        else:
            try:
                start, end = int(request.GET["start"]), int(request.GET["end"])
            except (KeyError, ValueError):
                messages.warning(request, "Select the words of the claim in the article's text first.")
                return HttpResponseRedirect(reverse("admin:articles_article_read", args=(article.pk,)))
            start, end = reading.trim_selection(body, start, end)
            if start >= end:
                messages.warning(request, "Select the words of the claim in the article's text first.")
                return HttpResponseRedirect(reverse("admin:articles_article_read", args=(article.pk,)))
            left, right = reading.sentence_around(body, start, end)
            speaker = reading.speaker_named_in(body[left:right], near=start - left)
            form = LogClaimForm(
                initial={
                    "start": start,
                    "end": end,
                    "text": body[start:end],
                    "speaker": speaker.pk if speaker else None,
                    "is_direct_quote": reading.looks_direct(body, start, end),
                    "claimed_at": article.published_at.date() if article.published_at else None,
                },
                body=body,
                admin_site=self.admin_site,
            )
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            start = end = 0
        left, right = reading.sentence_around(body, start, end) if start < end <= len(body) else (0, 0)
        context = {
            **self.admin_site.each_context(request),
            "opts": Claim._meta,
            "article": article,
            "title": "Log claim",
            "form": form,
            "media": self.media + form.media,
            "before": body[left:start],
            "quote": body[start:end],
            "after": body[end:right],
            "start": start,
            "end": end,
        }
        return TemplateResponse(request, "admin/intake/article/log_claim.html", context)


def _int_or_404(value: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise Http404("No such article.") from error


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """The desk's list of suggestions; accepting and rejecting go through intake.services."""

    list_display = (
        "short_quote",
        "speaker_mention",
        "speaker",
        "is_direct_quote",
        "confidence",
        "state",
        "decide",
        "checked_before",
        "article",
    )
    list_filter = ("state", "is_direct_quote", "speaker_kind")
    list_select_related = ("article", "speaker", "similar_claim__current_rating")
    search_fields = ("quote", "speaker_mention")
    raw_id_fields = ("article", "speaker", "claim")
    readonly_fields = (
        "article",
        "body_hash",
        "start",
        "end",
        "quote",
        "is_direct_quote",
        "speaker_mention",
        "speaker_kind",
        "cue",
        "confidence",
        "state",
        "claim",
        "similar_claim",
        "similarity",
        "decided_by",
        "decided_at",
    )
    actions = ("accept_selected", "reject_selected")
    list_per_page = 50

    def get_urls(self):
        return [
            path("<int:pk>/accept/", self.admin_site.admin_view(self.accept_view), name="intake_suggestion_accept"),
            path("<int:pk>/reject/", self.admin_site.admin_view(self.reject_view), name="intake_suggestion_reject"),
            *super().get_urls(),
        ]

    @admin.display(description="checked before?")
    def checked_before(self, obj):
        """The suggestion's best match among checked claims (intake.services.suggestions_match):
        a link to it with its current rating and the score."""
        claim = obj.similar_claim
        if claim is None:
            return "—"
        rating = claim.current_rating.label if claim.current_rating else "verdict withdrawn"
        return format_html(
            '<a href="{}" title="{}">claim {}</a> ({}; score {})',
            reverse("admin:claims_claim_change", args=[claim.pk]),
            claim.text[:200],
            claim.pk,
            rating,
            f"{obj.similarity:.2f}" if obj.similarity is not None else "?",
        )

    @admin.display(description="decide")
    def decide(self, obj):
        """One click per suggestion: buttons inside the changelist's own form, which already
        carries the CSRF token; each posts to its own URL. Edit the text or speaker in the
        change form first when the proposal is not right."""
        if obj.state != Suggestion.State.PENDING:
            return (
                "—"
                if obj.claim_id is None
                else format_html(
                    '<a href="{}">claim {}</a>', reverse("admin:claims_claim_change", args=[obj.claim_id]), obj.claim_id
                )
            )
        return format_html(
            '<button type="submit" class="button" formaction="{}" name="_decide" value="{}">Accept</button> '
            '<button type="submit" class="button" formaction="{}" name="_decide" value="{}">Reject</button>',
            reverse("admin:intake_suggestion_accept", args=[obj.pk]),
            obj.pk,
            reverse("admin:intake_suggestion_reject", args=[obj.pk]),
            obj.pk,
        )

    def _decide(self, request, pk, service, done):
        suggestion = get_object_or_404(Suggestion, pk=pk)
        if not self.has_change_permission(request, suggestion):
            raise PermissionDenied
        try:
            service(suggestion=suggestion, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, f"{done}: “{reading.shortened(suggestion.quote, 80)}”", messages.SUCCESS)
        return _back(request, reverse("admin:intake_suggestion_changelist"))

    def accept_view(self, request, pk):
        return require_POST(lambda r: self._decide(r, pk, services.suggestion_accept, "Accepted"))(request)

    def reject_view(self, request, pk):
        return require_POST(lambda r: self._decide(r, pk, services.suggestion_reject, "Rejected"))(request)

    def response_change(self, request, obj):
        """ "Save and accept": the form's edits (text, speaker) are saved, then accepted."""
        if "_accept" in request.POST:
            try:
                claim = services.suggestion_accept(suggestion=obj, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect(request.get_full_path())
            self.message_user(request, f"Accepted as claim {claim.pk}.", messages.SUCCESS)
            return _back(request, reverse("admin:intake_suggestion_changelist"), referer=False)
        return super().response_change(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Once decided, the proposal is history: nothing in it changes.
        if obj is not None and obj.state != Suggestion.State.PENDING:
            return (*self.readonly_fields, "text", "speaker")
        return self.readonly_fields

    @admin.display(description="quote")
    def short_quote(self, obj):
        return reading.shortened(obj.quote, 90)

    def has_add_permission(self, request):
        return False  # suggestions come from the extractor

    @admin.action(description="Accept selected suggestions (claims with their speakers)")
    def accept_selected(self, request, queryset):
        pending = list(queryset.filter(state=Suggestion.State.PENDING).order_by("article_id", "start"))
        claims = services.suggestions_accept(suggestions=pending, by=request.user)
        self.message_user(request, f"Accepted {len(claims)} of {len(pending)} pending suggestions.", messages.SUCCESS)

    @admin.action(description="Reject selected suggestions")
    def reject_selected(self, request, queryset):
        done = 0
        for suggestion in queryset.filter(state=Suggestion.State.PENDING):
            try:
                services.suggestion_reject(suggestion=suggestion, by=request.user)
                done += 1
            except ValidationError:
                continue
        self.message_user(request, f"Rejected {done} suggestions.", messages.SUCCESS)


def _back(request, default: str, *, referer: bool = True):
    """Where a decision returns: ``next`` (the reading view sends its own address), else the
    page the buttons were on, else ``default``; only ever a page of this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if not target and referer:
        target = request.META.get("HTTP_REFERER")
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return redirect(target)


# --- Suggestions in the article's reading view -----------------------------------------------
#
# Drawn as highlights without a link (an <a> with no href is plain text to the browser, so a
# drag across one selects words as anywhere else and "Log claim" keeps working); read.js opens
# the suggestion's card from the side panel next to the highlight when it is clicked. Accept
# and Reject post to SuggestionAdmin's own views (CSRF, change permission, intake.services)
# and come back here.

MAX_SUGGESTION_MARKS = 500


def _suggestions_to_decide(article: Article, request) -> list[Suggestion]:
    """The article's pending suggestions, fetched once per request for both the marks and the
    panel: one query, whatever their number (the reading view's count is asserted)."""
    cache = request.__dict__.setdefault("_intake_suggestions", {})
    if article.pk not in cache:
        if not request.user.has_perm("intake.view_suggestion"):
            cache[article.pk] = []
        else:
            cache[article.pk] = list(Suggestion.objects.to_decide_in(article)[:MAX_SUGGESTION_MARKS])
    return cache[article.pk]


def speaker_proposal(suggestion: Suggestion) -> str:
    """Who the claim would be attributed to, in the editor's words."""
    if suggestion.speaker_id is not None:
        return suggestion.speaker.name
    if suggestion.speaker_mention.strip():
        return f"{suggestion.speaker_mention} (new {suggestion.get_speaker_kind_display().lower()})"
    return "no speaker found"


@reading.register_mark_provider
def suggestion_marks(article, request):
    return [
        reading.Mark(
            start=suggestion.start,
            end=suggestion.end,
            kind="suggestion",
            title=f"Suggested: {speaker_proposal(suggestion)}, "
            f"{'direct quote' if suggestion.is_direct_quote else 'reported'}, "
            f"{round(suggestion.confidence * 100)}% sure. Click to accept or reject.",
            data={"suggestion": suggestion.pk},
        )
        for suggestion in _suggestions_to_decide(article, request)
    ]


@reading.register_reading_panel
def suggestions_panel(article, request):
    if not request.user.has_perm("intake.view_suggestion"):
        return None
    suggestions = _suggestions_to_decide(article, request)
    here = reverse("admin:articles_article_read", args=(article.pk,))
    urls = {
        name: reverse(f"admin:intake_suggestion_{name}", args=(987654321,)) for name in ("accept", "reject", "change")
    }
    return {
        "template": "admin/intake/article/suggestions_panel.html",
        "id": "suggestions",
        "next": here,
        "can_decide": request.user.has_perm("intake.change_suggestion"),
        "capped": len(suggestions) >= MAX_SUGGESTION_MARKS,
        "list_url": reverse("admin:intake_suggestion_changelist")
        + f"?article__id__exact={article.pk}&state__exact=pending",
        "items": [
            {
                "suggestion": suggestion,
                "speaker": speaker_proposal(suggestion),
                "can_accept": suggestion.speaker_id is not None or bool(suggestion.speaker_mention.strip()),
                "confidence": round(suggestion.confidence * 100),
                "accept_url": urls["accept"].replace("987654321", str(suggestion.pk)),
                "reject_url": urls["reject"].replace("987654321", str(suggestion.pk)),
                "change_url": urls["change"].replace("987654321", str(suggestion.pk)) + "?" + urlencode({"next": here}),
            }
            for suggestion in suggestions
        ],
    }
