"""The editor's desk forms: an article by URL, and a claim logged from a selected passage."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect, RelatedFieldWidgetWrapper

from claims.models import Claim, Speaker


class ArticleIntakeForm(forms.Form):
    url = forms.URLField(
        label="Article URL",
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 80, "autofocus": True, "placeholder": "https://…"}),
        help_text="The page is fetched and its title, byline, date, language, text and publisher filled in.",
    )
    html = forms.CharField(
        label="…or paste the page's HTML",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="For pages the desk cannot fetch (paywalls, logins): save the page and paste its source.",
    )
    title = forms.CharField(label="Title (with pasted text)", required=False, max_length=500)
    text = forms.CharField(
        label="…or paste the article's text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
    )

    def clean(self):
        data = super().clean()
        if data.get("html") and data.get("text"):
            self.add_error("text", "Paste the HTML or the text, not both.")
        if data.get("text") and not data.get("title", "").strip():
            self.add_error("title", "Give the article's title with its text.")
        return data


class LogClaimForm(forms.Form):
    """A claim and its appearance from a passage selected in the reading view. The quote and
    its offsets are the body's own characters between ``start`` and ``end``: never retyped."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(
        label="Claim",
        max_length=Claim._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="The statement as a checker would phrase it (starts as the quote).",
    )
    speaker = forms.ModelChoiceField(queryset=Speaker.objects.all())
    is_direct_quote = forms.BooleanField(
        label="Direct quote", required=False, help_text="Untick when the article reports the claim in its own words."
    )
    claimed_at = forms.DateField(label="Claimed on", required=False, widget=AdminDateWidget)
    context = forms.CharField(max_length=500, required=False, help_text='e.g. "press conference in Geneva"')

    def __init__(self, *args, body: str, admin_site=admin.site, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        field = Claim._meta.get_field("speaker")
        autocomplete = AutocompleteSelect(field, admin_site)
        autocomplete.choices = self.fields["speaker"].choices
        self.fields["speaker"].widget = RelatedFieldWidgetWrapper(
            autocomplete,
            field.remote_field,
            admin_site,
            can_add_related=True,
            can_change_related=False,
            can_view_related=False,
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is not None and end is not None) and (
            not start < end <= len(self.body) or not self.body[start:end].strip()
        ):
            raise forms.ValidationError("Select the words in the article's text again.")
        return data

    @property
    def quote(self) -> str:
        return self.body[self.cleaned_data["start"] : self.cleaned_data["end"]]
