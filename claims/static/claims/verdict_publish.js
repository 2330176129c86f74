// A file, not inline, so the admin's Content-Security-Policy (script-src 'self') runs it (issue 13).
(function () {
  "use strict";
  const button = document.getElementById("publish-button");
  const dialog = document.getElementById("publish-dialog");
  if (!button || !dialog || typeof dialog.showModal !== "function") return;  // no dialog: the server's confirmation page
  const form = button.form;
  const text = (selector) => { const el = form.querySelector(selector); return el ? el.value.trim() : ""; };
  const chosen = (selector) => { const el = form.querySelector(selector); return el && el.value && el.selectedIndex >= 0 ? el.options[el.selectedIndex].text.trim() : ""; };
  function line(tag, content, className) { const el = document.createElement(tag); el.textContent = content; if (className) el.className = className; return el; }
  function preview() {
    const box = document.getElementById("dialog-preview");
    box.replaceChildren();
    const claim = chosen("select[name=claim]") || (document.querySelector(".field-claim .readonly") || {}).textContent || "";
    box.append(line("p", "Claim: “" + claim.trim() + "”", "reader-claim"));
    box.append(line("p", "Our rating: " + (chosen("select[name=rating]") || "(none chosen)"), "reader-rating"));
    box.append(line("p", text("[name=summary]") || "(no summary)", "reader-summary"));
    if (text("[name=analysis]")) box.append(line("p", text("[name=analysis]"), "reader-analysis"));
    const list = document.createElement("ul"); list.className = "reader-evidence";
    form.querySelectorAll(".evidence-inline .inline-related").forEach(function (row) {
      const url = row.querySelector("input[name$='-url']");
      const gone = row.querySelector("input[name$='-DELETE']");
      if (!url || !url.value.trim() || (gone && gone.checked) || row.id.endsWith("-empty")) return;
      const stance = row.querySelector("select[name$='-stance']");
      const title = row.querySelector("input[name$='-title']");
      const item = document.createElement("li");
      item.append(line("span", stance ? stance.options[stance.selectedIndex].text : "", "stance stance-" + (stance ? stance.value : "")));
      item.append(" " + ((title && title.value.trim()) || url.value.trim()));
      list.append(item);
    });
    box.append(list.children.length ? list : line("p", "No sources.", "help"));
  }
  button.addEventListener("click", function (event) {
    if (form.querySelector("input[name=_publish_confirmed]")) return;
    event.preventDefault();
    preview();
    dialog.showModal();
  });
  document.getElementById("cancel-publish").addEventListener("click", function () { dialog.close(); });
  document.getElementById("confirm-publish").addEventListener("click", function () {
    const confirmed = document.createElement("input");
    confirmed.type = "hidden"; confirmed.name = "_publish_confirmed"; confirmed.value = "1";
    form.append(confirmed);
    dialog.close();
    form.requestSubmit(button);
  });
})();
