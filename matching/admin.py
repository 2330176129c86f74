"""'Possibly checked before' on the claim admin: claims' own ClaimAdmin, extended here (claims
knows nothing of matching) with a JSON endpoint and a debounced box under the text field
that lists matches, with links and ratings, while the editor types."""

from django.contrib import admin
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from claims.admin import ClaimAdmin as ClaimsClaimAdmin
from claims.models import Claim

from .api import match_data
from .search import Filters, similar_claims


class ClaimAdmin(ClaimsClaimAdmin):
    readonly_fields = (*ClaimsClaimAdmin.readonly_fields, "checked_before")
    fieldsets = (
        (None, {"fields": ("text", "checked_before", *ClaimsClaimAdmin.fieldsets[0][1]["fields"][1:])}),
        *ClaimsClaimAdmin.fieldsets[1:],
    )

    class Media:
        js = ("matching/similar.js",)
        css = {"all": ("matching/similar.css",)}

    def get_urls(self):
        similar = path(
            "similar/", self.admin_site.admin_view(self.similar_view), name="claims_claim_similar"
        )  # fmt: skip
        return [similar, *super().get_urls()]

    def similar_view(self, request):
        """``?text=…[&exclude=<claim id>]``: the suggest-level matches, as the API shows them."""
        if not self.has_view_or_change_permission(request):
            return JsonResponse({"detail": "You may not see claims."}, status=403)
        text = request.GET.get("text", "")[:2000]
        exclude = request.GET.get("exclude", "")
        filters = Filters(exclude_claim=int(exclude) if exclude.isdigit() else None)
        matches = match_data(similar_claims(text, filters=filters, limit=5)) if text.strip() else []
        for match in matches:
            match["claim"]["admin_url"] = reverse("admin:claims_claim_change", args=[match["claim"]["id"]])
        return JsonResponse({"results": matches})

    @admin.display(description="possibly checked before")
    def checked_before(self, claim):
        """Server-rendered for the saved text (the script replaces it while the editor types)."""
        matches = similar_claims(claim.text, filters=Filters(exclude_claim=claim.pk), limit=5) if claim.pk else []
        items = format_html_join(
            "",
            '<li class="matching-{}"><a href="{}">{}</a> — {} ({}; score {})</li>',
            (
                (
                    m.level,
                    reverse("admin:claims_claim_change", args=[m.claim_id]),
                    m.claim["text"],
                    m.verdict["rating"]["label"] if m.verdict else "no verdict",
                    m.verdict["publisher"]["name"] if m.verdict else "",
                    f"{m.score:.2f}",
                )
                for m in matches
            ),
        )
        return format_html(
            '<div id="matching-similar" data-url="{}" data-exclude="{}"><ul>{}</ul>{}</div>',
            reverse("admin:claims_claim_similar"),
            claim.pk or "",
            items,
            "" if matches else "Nothing similar has been checked.",
        )


admin.site.unregister(Claim)
admin.site.register(Claim, ClaimAdmin)
