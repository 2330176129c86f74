// The reading view: a selection -> "Log claim" link, and a suggestion's card next to its
// highlight. A file, not inline, so the admin's Content-Security-Policy (script-src 'self')
// runs it (issue 13).
(function () {
  "use strict";
  const body = document.getElementById("article-body");
  if (!body) return;
  const button = document.getElementById("log-claim");
  const preview = document.getElementById("selection-preview");
  // Offsets are counted in code points, like Python's str.
  const length = (text) => Array.from(text).length;

  // --- Selection -> body offsets --------------------------------------------------------------
  // The body is plain text and highlight elements (reading.render_body), each carrying the body
  // offset it starts at (data-start), nested marks or not: a boundary's offset is the nearest
  // segment's start plus the text between it and the boundary. Nothing outside the body's own
  // text is counted, whatever else the page adds around it.
  function textBetween(container, node, at) {
    const range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, at);
    return length(range.toString());
  }
  function segmentOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const segment = element && element.closest("[data-start]");
    return segment && body.contains(segment) ? segment : null;
  }
  function offset(node, at) {
    const segment = segmentOf(node);
    if (segment) return Number(segment.dataset.start) + textBetween(segment, node, at);
    // Plain text between highlights: count back to the previous highlight's end.
    let child = node;
    while (child.parentNode !== body) child = child.parentNode;
    let before = node === body ? 0 : textBetween(child, node, at);
    let sibling = node === body ? body.childNodes[at - 1] : child.previousSibling;
    for (; sibling; sibling = sibling.previousSibling) {
      if (sibling.nodeType === Node.ELEMENT_NODE && sibling.dataset.start !== undefined) {
        return Number(sibling.dataset.start) + length(sibling.textContent) + before;
      }
      before += length(sibling.textContent);
    }
    return before;
  }
  function update() {
    const selection = window.getSelection();
    if (!button || !selection.rangeCount || selection.isCollapsed) return;
    const range = selection.getRangeAt(0).cloneRange();
    if (!range.intersectsNode(body)) return;
    // A drag that runs past the text's edges selects up to the edge.
    if (!body.contains(range.startContainer)) range.setStart(body, 0);
    if (!body.contains(range.endContainer)) range.setEnd(body, body.childNodes.length);
    const start = offset(range.startContainer, range.startOffset);
    const end = offset(range.endContainer, range.endOffset);
    if (end <= start) return;
    button.href = body.dataset.logUrl + "?start=" + start + "&end=" + end;
    button.dataset.start = start;
    button.dataset.end = end;
    button.setAttribute("aria-disabled", "false");
    preview.hidden = false;
    preview.textContent = "“" + range.toString().trim() + "”";
  }
  document.addEventListener("selectionchange", update);

  // --- A suggestion's card next to its highlight ----------------------------------------------
  // The side panel lists every pending suggestion with its Accept/Reject form; clicking a
  // highlight shows the same card(s) by the words, so the editor decides where they read.
  let popover = null;
  function closePopover() {
    if (!popover) return;
    popover.remove();
    popover = null;
    document.querySelectorAll(".suggestion-item.current, .hl.suggestion.current").forEach((el) => el.classList.remove("current"));
  }
  function openPopover(mark) {
    closePopover();
    const ids = (mark.dataset.suggestion || "").split(" ").filter(Boolean);
    const cards = ids.map((id) => document.getElementById("suggestion-" + id)).filter(Boolean);
    if (!cards.length) return;
    popover = document.createElement("div");
    popover.className = "suggestion-popover";
    popover.id = "suggestion-popover";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", "Suggested claim");
    const close = document.createElement("button");
    close.type = "button";
    close.className = "suggestion-popover-close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "×";
    close.addEventListener("click", closePopover);
    popover.appendChild(close);
    const list = document.createElement("ol");
    for (const card of cards) {
      card.classList.add("current");
      const copy = card.cloneNode(true);
      copy.classList.remove("current");
      copy.removeAttribute("id");
      copy.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
      copy.querySelectorAll("[aria-describedby]").forEach((el) => el.removeAttribute("aria-describedby"));
      list.appendChild(copy);
    }
    popover.appendChild(list);
    document.body.appendChild(popover);
    for (const id of ids) {
      body.querySelectorAll(".hl.suggestion").forEach((el) => {
        if ((el.dataset.suggestion || "").split(" ").includes(id)) el.classList.add("current");
      });
    }
    const rect = mark.getBoundingClientRect();
    const width = popover.offsetWidth;
    const page = document.documentElement.clientWidth;
    const left = Math.max(8, Math.min(rect.left, page - width - 8));
    popover.style.left = left + window.scrollX + "px";
    popover.style.top = rect.bottom + window.scrollY + 6 + "px";
    popover.scrollIntoView({ block: "nearest" });
    const first = popover.querySelector("button.default, button[type=submit]");
    if (first) first.focus({ preventScroll: true });
  }
  body.addEventListener("click", function (event) {
    // A highlight may be a link to its claim, but dragging across it selects text.
    if (!window.getSelection().isCollapsed) {
      event.preventDefault();
      return;
    }
    const mark = event.target.closest(".hl.suggestion");
    if (!mark || !body.contains(mark)) return;
    event.preventDefault();
    openPopover(mark);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closePopover();
  });
  document.addEventListener("mousedown", (event) => {
    if (popover && !popover.contains(event.target)) closePopover();
  });

  // --- Back where the editor was --------------------------------------------------------------
  // Accept and Reject come back to this page; it opens where the editor was reading, with the
  // outcome shown on top instead of at the head of a long article.
  const KEY = "intake-reading-position";
  document.addEventListener("submit", (event) => {
    if (!event.target.closest(".suggestion-actions")) return;
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, y: window.scrollY }));
    } catch (error) {
      /* storage off: the page opens at the top */
    }
  });
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    sessionStorage.removeItem(KEY);
  } catch (error) {
    saved = null;
  }
  if (saved && saved.path === location.pathname && saved.y > 0) {
    const notes = document.querySelector(".messagelist");
    if (notes) {
      notes.classList.add("reading-toast");
      setTimeout(() => notes.remove(), 6000);
    }
    window.scrollTo(0, saved.y);
  }
})();
