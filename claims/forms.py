"""Admin forms for the claims desk."""

from django import forms

from .models import Claim


class ClaimAdminForm(forms.ModelForm):
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
