// A file, not inline, so the admin's Content-Security-Policy (script-src 'self') runs it (issue 13).
window.addEventListener("load", function () {
  if (!window.django || !django.jQuery) return;
  django.jQuery(".autocomplete-filter select").off("change.filter").on("change.filter", function () {
    const parameter = this.closest(".autocomplete-filter").dataset.parameter;
    const query = new URLSearchParams(window.location.search);
    if (this.value) query.set(parameter, this.value); else query.delete(parameter);
    query.delete("p");
    window.location.search = query.toString();
  });
});
