"""Admin forms for the claims desk."""

from django import forms
from django.core.exceptions import ValidationError

from .models import Claim


class StaleEditGuardForm(forms.ModelForm):
    """Refuses to save over changes someone else saved after this form was opened (issue 7).

    The form carries the ``updated_at`` it was opened with; on save the stored row is
    locked (the admin saves inside a transaction) and compared, so of two editors racing,
    the second is told instead of silently overwriting the first."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            stored = (
                type(self.instance)
                ._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if stored is not None and cleaned_data.get("loaded_version") != stored.isoformat():
                raise ValidationError(
                    "Someone else changed this %(name)s at %(when)s UTC, after you opened it. Your changes "
                    "were not saved: reload the page to see theirs, then make yours again.",
                    code="stale",
                    params={"name": self.instance._meta.verbose_name, "when": f"{stored:%Y-%m-%d %H:%M:%S}"},
                )
        return cleaned_data


class ClaimAdminForm(StaleEditGuardForm):
    """Publishing a verdict is the only way a claim becomes checked, so ``checked`` is offered
    only for a claim that already is; ``Claim.clean()`` still refuses it without a verdict."""

    class Meta:
        model = Claim
        fields = ("text", "speaker", "claimed_at", "context", "status", "language")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and self.instance.status != Claim.Status.CHECKED:
            status.choices = [(value, label) for value, label in status.choices if value != Claim.Status.CHECKED]
            status.help_text = "A claim becomes checked when a verdict on it is published."
