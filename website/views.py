"""The public site's pages (issue 17): server-rendered, a fixed number of queries each, no
JavaScript. What they read is in ``website.queries``; caching headers in ``website.http``."""

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from api.pagination import page_number
from articles.models import Article
from claims.claimreview.export import RatingScale, claimreview
from claims.models import Claim, Evidence, Rating, Speaker

from . import branding, queries
from .http import cacheable

# How many characters of the article around a quote its page shows.
CONTEXT_CHARACTERS = 240


def paged(request, queryset) -> queries.Page:
    """The page ``?page=N`` names (as the API reads it, api.pagination.page_number); a number
    that is not a page, or a page past the last, does not exist."""
    number = page_number(request.GET.get("page", "1"), queries.PAGE_SIZE)
    if number is None:
        raise Http404(_("No such page."))
    page = queries.page_of(queryset, number)
    if not page.items and number > 1:
        raise Http404(_("No such page."))
    return page


def page_links(request, page: queries.Page, params: dict | None = None) -> dict:
    """Previous/next URLs that keep the filters and drop page 1's ``page=1``, so every page
    has one stable URL."""
    params = dict(params or {})

    def url(number):
        query = {**params, **({"page": number} if number > 1 else {})}
        return f"{request.path}?{urlencode(query)}" if query else request.path

    return {
        "previous_url": url(page.number - 1) if page.has_previous else None,
        "next_url": url(page.number + 1) if page.has_next else None,
        "canonical_url": request.build_absolute_uri(url(page.number)),
    }


def with_tones(items: list[dict], ratings) -> list[dict]:
    """Each list row's badge colour, from the scale (``ratings``: models or record dicts)."""
    values = [getattr(r, "value", None) if not isinstance(r, dict) else r["value"] for r in ratings]
    values = [value for value in values if value is not None]
    for item in items:
        item["tone"] = tone(item["current_rating__value"], values)
    return items


def newest(items, default=None):
    return max((item["last_modified"] for item in items), default=default)


def rendered(request, template, context, *, last_modified=None, status=200):
    response = render(request, template, context, status=status)
    response.last_modified = last_modified
    return response


@require_safe
@cacheable
def home(request):
    page = queries.page_of(queries.latest_fact_checks(), 1, size=10)
    return rendered(
        request,
        "website/home.html",
        {
            "fact_checks": with_tones(page.items, Rating.objects.all()),
            "canonical_url": request.build_absolute_uri("/"),
        },
        last_modified=newest(page.items),
    )


@require_safe
@cacheable
def browse(request):
    """Browse and search: the API's claim filters (``website.queries.filtered``), paginated."""
    filterset = queries.filtered(request.GET)
    ratings = list(Rating.objects.all())
    context = {"filterset": filterset, "form": filterset.form, "ratings": ratings}
    if not filterset.is_valid():
        return rendered(request, "website/browse.html", {**context, "fact_checks": []}, status=400)
    page = paged(request, filterset.qs)
    params = dict(filterset.data)
    speaker = filterset.form.cleaned_data.get("speaker_slug")
    return rendered(
        request,
        "website/browse.html",
        {
            **context,
            **page_links(request, page, params),
            "page": page,
            "fact_checks": with_tones(page.items, ratings),
            "params": params,
            "speaker": speaker,
            "feed_url": reverse("feed") + (f"?{urlencode(params)}" if params else ""),
            "searching": bool(params),
        },
        last_modified=newest(page.items),
    )


@require_safe
@cacheable
def fact_check(request, pk, slug=None):
    verdict = queries.fact_check(pk)
    if verdict is None:
        if queries.was_published(pk):
            return render(request, "website/withdrawn.html", {}, status=410)
        raise Http404(_("No published fact-check with this number."))
    claim = verdict.claim
    if slug != claim.slug:
        return HttpResponsePermanentRedirect(claim.get_absolute_url())
    ratings = list(Rating.objects.all())
    by_id = {rating.pk: rating for rating in ratings}
    scale = [rating for rating in ratings if rating.value is not None]
    review = claimreview(verdict, scale=RatingScale.of(ratings), request=request)
    corrections = queries.corrections(verdict, by_id)
    page_url = request.build_absolute_uri(claim.get_absolute_url())
    # Grouped by stance, what refutes first: the order a reader weighs a verdict in.
    evidence = {stance: [] for stance in (Evidence.Stance.REFUTES, Evidence.Stance.SUPPORTS, Evidence.Stance.CONTEXT)}
    for item in verdict.evidence.all():
        evidence[item.stance].append(item)
    last_modified = max(
        [verdict.updated_at, claim.updated_at] + [a.article.updated_at for a in claim.appearances.all()]
    )
    return rendered(
        request,
        "website/fact_check.html",
        {
            "claim": claim,
            "verdict": verdict,
            "rating": verdict.rating,
            "rating_label": verdict.textual_rating or verdict.rating.label,
            "tone": tone(verdict.rating.value, [rating.value for rating in scale]),
            "scale": scale,
            "scale_position": scale.index(verdict.rating) + 1 if verdict.rating in scale else None,
            "appearances": [in_context(appearance) for appearance in claim.appearances.all()],
            "evidence": [(Evidence.Stance(stance).label, items) for stance, items in evidence.items() if items],
            "corrections": corrections,
            "claimreview": review,
            "canonical_url": page_url,
            "author": review["author"],
        },
        last_modified=last_modified,
    )


def tone(value: int | None, values: list[int]) -> str:
    """A colour class for a rating's place on the scale (``values``, every value on it),
    worst (0) to best (4); off-scale ratings are neutral. The scale is the desk's own, so
    the colours follow positions, not slugs."""
    if value is None or len(values) < 2:
        return "tone-none"
    best, worst = max(values), min(values)
    return f"tone-{round(4 * (value - worst) / (best - worst))}"


def in_context(appearance) -> dict:
    """An appearance with the article's words around the quote, cut at spaces. Offsets are
    found when the appearance has none (as ``Appearance.clean`` would)."""
    body, before, after = appearance.article.body, "", ""
    start, end = appearance.start, appearance.end
    if start is None and body and (found := body.find(appearance.quote)) >= 0:
        start, end = found, found + len(appearance.quote)
    if start is not None and body:
        before = body[max(0, start - CONTEXT_CHARACTERS) : start]
        after = body[end : end + CONTEXT_CHARACTERS]
        if start > CONTEXT_CHARACTERS and " " in before:
            before = "…" + before.split(" ", 1)[1]
        if end + CONTEXT_CHARACTERS < len(body) and " " in after:
            after = after.rsplit(" ", 1)[0] + "…"
    return {"appearance": appearance, "article": appearance.article, "before": before, "after": after}


# The speaker's chart: one bar per rating, in SVG user units.
CHART_WIDTH, BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, COUNT_WIDTH = 640, 26, 10, 170, 60


def chart(ratings: list[dict]) -> dict:
    """Bar geometry for the track record, computed here so the template only draws it."""
    values = [rating["value"] for rating in ratings if rating["value"] is not None]
    largest = max((rating["count"] for rating in ratings), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - COUNT_WIDTH
    bars = []
    for index, rating in enumerate(ratings):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = round(room * rating["count"] / largest)
        bars.append(
            {
                **rating,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.68,
                "width": width,
                "count_x": LABEL_WIDTH + width + 8,
                "tone": tone(rating["value"], values),
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, BAR_HEIGHT),
        "bar_x": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 10,
        "bar_height": BAR_HEIGHT,
        "room": room,
    }


@require_safe
@cacheable
def speaker(request, slug):
    speaker = get_object_or_404(Speaker, slug=slug)
    page = paged(request, queries.fact_checked_claims().filter(speaker=speaker))
    by_status, ratings = Claim.objects.filter(speaker=speaker).track_record()
    checked = sum(rating["count"] for rating in ratings)
    return rendered(
        request,
        "website/speaker.html",
        {
            **page_links(request, page),
            "speaker": speaker,
            "page": page,
            "fact_checks": with_tones(page.items, ratings),
            "record": ratings,
            "checked": checked,
            "logged": sum(by_status.values()),
            "chart": chart(ratings),
        },
        last_modified=newest(page.items, default=speaker.updated_at),
    )


@require_safe
@cacheable
def article(request, pk):
    article = get_object_or_404(Article.objects.select_related("publisher"), pk=pk)
    page = paged(request, queries.fact_checked_claims().quoted_in([article.pk]))
    return rendered(
        request,
        "website/article.html",
        {
            **page_links(request, page),
            "article": article,
            "page": page,
            "fact_checks": with_tones(page.items, Rating.objects.all()),
        },
        last_modified=newest(page.items, default=article.updated_at),
    )


@require_safe
@cacheable
def branding_css(request):
    """The accent colour as CSS custom properties: a stylesheet of its own, so the pages'
    CSP can forbid inline styles."""
    colour = branding.accent()
    css = f":root {{ --accent: {colour}; --on-accent: {branding.on_accent(colour)}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_safe
@cacheable
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return render(request, "website/404.html", {}, status=404)
