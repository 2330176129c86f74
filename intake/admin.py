"""The editor's desk for articles (issue 14): add an article by URL, read it with every quoted
claim highlighted, select a passage and log it as a claim.

``articles`` knows nothing of claims or intake (apps depend downward), so the desk extends
its ``ArticleAdmin`` here and registers the extension in its place."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles.admin import ArticleAdmin
from articles.models import Article
from claims import services as claim_services
from claims.admin import NARROW_INLINE_FIELDS, capped_formset
from claims.models import Appearance, Claim

from . import reading
from . import services as intake_services
from .forms import ArticleIntakeForm, LogClaimForm


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
