// The glossary page shows each term with its one-sentence definition; the rest of the entry (explanation, other
// names, related terms, uses) is folded in a <details class="glossary-more">
// (processes_kb/markdown_extension/terms.py).
// - A link to an entry (#process) or to anything inside its folded part (#process-explanation) opens that part, on
//   arrival and when the address's fragment changes (a related-term link on the page).
// - Printing opens every folded part and closes again afterwards what the reader had not opened (print CSS in
//   reader.css does the same where ::details-content is supported; this is for the other browsers).
// Nothing here on other pages.
(function () {
  const FOLDED = "details.glossary-more";
  if (!document.querySelector(FOLDED)) return;
  const HEADING = /^H[1-6]$/;

  // The closed <details> to open for a target: every one around it, or the folded part of the entry it heads.
  function toOpen(target) {
    const found = [];
    for (let details = target.closest("details"); details; details = details.parentElement.closest("details")) {
      if (!details.open) found.push(details);
    }
    if (HEADING.test(target.tagName)) {
      for (let next = target.nextElementSibling; next && !HEADING.test(next.tagName); next = next.nextElementSibling) {
        if (next.matches(FOLDED)) {
          if (!next.open) found.push(next);
          break;
        }
      }
    }
    return found;
  }

  function openTarget() {
    let id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (error) { /* a malformed fragment: as written */ }
    const target = id && document.getElementById(id);
    if (!target) return;
    const closed = toOpen(target);
    if (!closed.length) return;
    const inside = target.closest("details") !== null;
    closed.forEach((details) => { details.open = true; });
    if (inside) target.scrollIntoView();  // it was hidden when the browser scrolled to it
  }

  openTarget();
  window.addEventListener("hashchange", openTarget);

  let openedForPrint = [];
  window.addEventListener("beforeprint", () => {
    openedForPrint = Array.from(document.querySelectorAll(FOLDED + ":not([open])"));
    openedForPrint.forEach((details) => { details.open = true; });
  });
  window.addEventListener("afterprint", () => {
    openedForPrint.forEach((details) => { details.open = false; });
    openedForPrint = [];
  });
})();
