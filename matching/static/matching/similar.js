// "Possibly checked before": while the editor types a claim's text, ask the admin's
// similar/ endpoint (debounced) and list the matches with links and ratings. No CDN.
"use strict";
(function () {
  function render(box, results) {
    const list = document.createElement("ul");
    for (const match of results) {
      const item = document.createElement("li");
      item.className = "matching-" + (match.level || "none");
      const link = document.createElement("a");
      link.href = match.claim.admin_url;
      link.textContent = match.claim.text;
      item.appendChild(link);
      const verdict = match.verdict;
      const rating = verdict ? verdict.rating.label + "; " + verdict.publisher.name : "no verdict";
      item.appendChild(document.createTextNode(" — " + rating + "; score " + match.score.toFixed(2)));
      list.appendChild(item);
    }
    box.replaceChildren(list);
    if (!results.length) box.append("Nothing similar has been checked.");
  }

  function attach() {
    const text = document.getElementById("id_text");
    let box = document.getElementById("matching-similar");
    if (!text) return;
    if (!box) {  // the add form has no readonly field: put the box under the text field
      box = document.createElement("div");
      box.id = "matching-similar";
      box.dataset.url = "../similar/";
      box.dataset.exclude = "";
      text.closest(".form-row, .fieldBox, div").after(box);
    }
    let timer = null;
    let latest = 0;
    text.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(async function () {
        const value = text.value.trim();
        const asked = ++latest;
        if (!value) { render(box, []); return; }
        const params = new URLSearchParams({ text: value, exclude: box.dataset.exclude || "" });
        try {
          const response = await fetch(box.dataset.url + "?" + params, { credentials: "same-origin" });
          if (!response.ok || asked !== latest) return;
          render(box, (await response.json()).results);
        } catch (error) { /* offline: leave the last list */ }
      }, 350);
    });
  }

  document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", attach) : attach();
})();
