from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The public fact-check site: server-rendered pages, feeds and sitemaps for readers,
    search engines and other newsrooms."""

    name = "website"
    verbose_name = "Public site"

    def ready(self):
        from . import checks  # noqa: F401  (registers the branding checks)
