"""Atom feeds (issue 17, Django's syndication framework): one for any browse or search
filter (the browse page's query string, the same filterset) and one per speaker."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from claims.models import Speaker

from . import queries

FEED_SIZE = 50


class FactCheckItems(Feed):
    """What every fact-check feed shares: Atom, the desk as author, and the items, which are
    queries.rows() dicts. One instance serves every request (urls.py), so nothing about a
    request is kept on it: what a feed is about travels as its ``obj``."""

    feed_type = Atom1Feed

    def subtitle(self, obj):
        return _("The newest published fact-checks from %(org)s.") % {"org": settings.FACTCHECK_ORGANIZATION["name"]}

    def author_name(self):
        return settings.FACTCHECK_ORGANIZATION["name"]

    def item_title(self, item):
        return f"{item['current_rating__label']}: {item['text']}"

    def item_description(self, item):
        return f"{item['speaker__name']}: “{item['text']}” — {item['current_verdict__summary']}"

    def item_link(self, item):
        return reverse("fact-check", kwargs={"pk": item["id"], "slug": item["slug"]})

    def item_pubdate(self, item):
        return item["current_verdict__published_at"]

    def item_updateddate(self, item):
        return item["last_modified"]

    def item_author_name(self, item):
        return settings.FACTCHECK_ORGANIZATION["name"]

    def item_categories(self, item):
        return [item["current_rating__label"]]


class FactCheckFeed(FactCheckItems):
    """The newest fact-checks matching the browse page's filters; a bad filter value is a
    400 naming it, as on the page and in the API."""

    def __call__(self, request, *args, **kwargs):
        filterset = queries.filtered(request.GET)
        if not filterset.is_valid():
            errors = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items())
            return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
        return super().__call__(request, *args, filterset=filterset, **kwargs)

    def get_object(self, request, filterset):
        return filterset

    @staticmethod
    def params(filterset) -> str:
        return f"?{urlencode(filterset.data)}" if filterset.data else ""

    def title(self, obj):
        query = obj.data.get("q")
        if query:
            return _("%(site)s: fact-checks matching “%(query)s”") % {"site": settings.SITE_NAME, "query": query}
        return _("%(site)s: fact-checks") % {"site": settings.SITE_NAME}

    def link(self, obj):
        return reverse("browse") + self.params(obj)

    def feed_url(self, obj):
        return reverse("feed") + self.params(obj)

    def items(self, obj):
        return queries.rows(obj.qs[:FEED_SIZE])


class SpeakerFeed(FactCheckItems):
    """A speaker's newest fact-checks."""

    def get_object(self, request, slug):
        return get_object_or_404(Speaker, slug=slug)

    def title(self, obj):
        return _("%(site)s: fact-checks of %(speaker)s") % {"site": settings.SITE_NAME, "speaker": obj.name}

    def link(self, obj):
        return reverse("speaker", kwargs={"slug": obj.slug})

    def feed_url(self, obj):
        return reverse("speaker-feed", kwargs={"slug": obj.slug})

    def items(self, obj):
        return queries.rows(queries.fact_checked_claims().filter(speaker=obj)[:FEED_SIZE])
