"""The public site at the root (issue 17); config/urls.py includes it after /api/ and /admin/."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, views
from .http import cacheable
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("fact-checks/", views.browse, name="browse"),
    path("fact-checks/<int:pk>/", views.fact_check, name="fact-check-short"),
    path("fact-checks/<int:pk>-<slug:slug>/", views.fact_check, name="fact-check"),
    path("speakers/<slug:slug>/", views.speaker, name="speaker"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("feeds/fact-checks/", require_safe(cacheable(feeds.FactCheckFeed())), name="feed"),
    path("speakers/<slug:slug>/feed/", require_safe(cacheable(feeds.SpeakerFeed())), name="speaker-feed"),
    path(
        "sitemap.xml",
        require_safe(cacheable(sitemap_views.index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(cacheable(sitemap_views.sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("branding.css", views.branding_css, name="branding"),
]
