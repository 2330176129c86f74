// The reading view's selection -> "Log claim" link; a file, not inline, so the admin's
// Content-Security-Policy (script-src 'self') runs it (issue 13).
(function () {
  "use strict";
  // Offsets are counted in code points, like Python's str, from the body's own text.
  const body = document.getElementById("article-body");
  const button = document.getElementById("log-claim");
  const preview = document.getElementById("selection-preview");
  if (!body || !button) return;
  const base = body.dataset.logUrl;
  const length = (text) => Array.from(text).length;
  function offset(node, at) {
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, at);
    return length(range.toString());
  }
  function update() {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return;
    const start = offset(range.startContainer, range.startOffset);
    const end = offset(range.endContainer, range.endOffset);
    if (end <= start) return;
    button.href = base + "?start=" + start + "&end=" + end;
    button.dataset.start = start;
    button.dataset.end = end;
    button.setAttribute("aria-disabled", "false");
    preview.hidden = false;
    preview.textContent = "“" + range.toString().trim() + "”";
  }
  document.addEventListener("selectionchange", update);
  // A highlight is a link to its claim, but dragging across it selects text.
  body.addEventListener("click", function (event) {
    if (!window.getSelection().isCollapsed) event.preventDefault();
  });
})();
