from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """ "Checked before?": claim embeddings and the hybrid search that finds claims
    already fact-checked here or by others."""

    name = "matching"
    verbose_name = "Claim matching"

    def ready(self):
        from django.db.models.signals import post_save

        from claims import extensions
        from claims.models import Claim

        from . import checks  # noqa: F401  (registers the system check)
        from .api import checked_before_headers
        from .services import claim_changed, claims_written

        def on_claim_saved(sender, instance, raw=False, **kwargs):
            if not raw:  # not while loading fixtures
                claim_changed(instance.pk)

        # claims knows nothing of matching: react to its saves, and add to its create response.
        post_save.connect(on_claim_saved, sender=Claim, weak=False, dispatch_uid="matching-claim-saved")
        extensions.register_create_response_headers(checked_before_headers)
        extensions.register_claims_written(claims_written)
