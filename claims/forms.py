"""Admin forms for the claims desk."""

from django import forms
from django.core.exceptions import ValidationError

from api.concurrency import row_version

from . import services
from .models import Claim, Verdict


class StaleEditGuardForm(forms.ModelForm):
    """Refuses to save over changes someone else saved after this form was opened (issue 7).

    The form carries the row version it was opened with (``row_version``, the same as the
    API's ETags); on save the stored row is locked — a verdict's claim first, the services'
    lock order — (the admin saves inside a transaction) and compared, so of two editors
    racing, the second is told instead of silently overwriting the first."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = row_version(self.instance.updated_at)

    def lock_stored(self):
        """Lock the row (claims.services' lock order) and return it as stored, or None if gone."""
        model = type(self.instance)
        lock = {Claim: services.claim_lock, Verdict: services.verdict_lock}.get(model)
        if lock is not None:
            try:
                return lock(self.instance.pk)
            except model.DoesNotExist:
                return None
        return model._default_manager.select_for_update().filter(pk=self.instance.pk).first()

    def clean(self):
        cleaned_data = super().clean()
        self.stored = None
        if self.instance.pk:
            self.stored = self.lock_stored()
            stored = self.stored.updated_at if self.stored is not None else None
            if stored is not None and cleaned_data.get("loaded_version") != row_version(stored):
                raise ValidationError(
                    "Someone else changed this %(name)s at %(when)s UTC, after you opened it. Your changes "
                    "were not saved: reload the page to see theirs, then make yours again.",
                    code="stale",
                    params={"name": self.instance._meta.verbose_name, "when": f"{stored:%Y-%m-%d %H:%M:%S}"},
                )
        return cleaned_data


class ClaimAdminForm(StaleEditGuardForm):
    """A status change is checked by the claim service's rule (``claim_check_status_move``)
    on the locked row, so the form says why a move is refused instead of failing on save."""

    class Meta:
        model = Claim
        fields = ("text", "speaker", "claimed_at", "context", "status", "language")
        help_texts = {"status": "Publishing a verdict makes a claim checked; withdraw it before new or dismissed."}

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if status is not None and "status" in self.changed_data:
            stored = self.stored if self.instance.pk else Claim()
            if stored is not None:
                try:
                    services.claim_check_status_move(claim=stored, status=status)
                except ValidationError as error:
                    self.add_error(None, error)
        return cleaned_data
