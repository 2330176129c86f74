"""sitemap.xml (issue 17, Django's sitemaps framework): every fact-check page with its last
modification, in sections of ``limit`` URLs behind a sitemap index."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import queries


class FactCheckSitemap(Sitemap):
    limit = 10_000

    def items(self):
        # By id: a stable order, so a page of the sitemap keeps its URLs as claims are added.
        return (
            queries.fact_checked_claims()
            .order_by("id")
            .values("id", "text", "updated_at", "current_verdict__updated_at")
        )

    def location(self, item):
        return reverse("fact-check", kwargs={"pk": item["id"], "slug": queries.claim_slug(item["text"])})

    def lastmod(self, item):
        return max(item["updated_at"], item["current_verdict__updated_at"])


SITEMAPS = {"fact-checks": FactCheckSitemap}
