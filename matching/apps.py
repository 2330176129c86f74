from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """ "Checked before?": claim embeddings and the hybrid search that finds claims
    already fact-checked here or by others."""

    name = "matching"
    verbose_name = "Claim matching"
