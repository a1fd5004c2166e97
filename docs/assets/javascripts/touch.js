// What a tap does on a touch screen, where nothing can hover:
// - a glossary term (a.glossary-term, its definition as title: processes_kb/markdown_extension/terms.py) shows its
//   definition in a popover where the reader is, instead of leaving for the glossary; a second tap on the term, or
//   the link in the popover, goes to the entry. A mouse click and the keyboard follow the link as before (Material's
//   tooltips show the definition on hover and focus).
// - a tap on a paragraph, list item or heading reveals its ¶ link (hidden until hover otherwise: segments.css).
(function () {
  const terms = Array.from(document.querySelectorAll("a.glossary-term[title]"));
  // Material's tooltips take the title off a term while they show it: the definitions are read once, now (this
  // deferred script runs before Material's, which starts on DOMContentLoaded).
  const definitions = new WeakMap(terms.map((term) => [term, term.getAttribute("title")]));
  const SEGMENTS = ".md-typeset :is(p, li, h1, h2, h3, h4, h5, h6)";
  const MARGIN = 8;  // px between the popover and the edges of the screen
  let lastPointer = "";
  let popover = null;
  let opener = null;

  document.addEventListener("pointerdown", (event) => { lastPointer = event.pointerType; }, true);
  document.addEventListener("keydown", () => { lastPointer = ""; }, true);

  // A click made by a finger. Chromium and Firefox say which pointer made a click ("" for a key); other browsers
  // do not, and the last pointerdown says.
  function byTouch(event) {
    return (typeof event.pointerType === "string" ? event.pointerType : lastPointer) === "touch";
  }

  // The entry link's label: the glossary page's own title, as the navigation names it in the page's language.
  function glossaryTitle(href) {
    const page = new URL(href, location.href).pathname;
    const link = Array.from(document.querySelectorAll("a.md-nav__link[href]"))
      .find((candidate) => new URL(candidate.href, location.href).pathname === page);
    return link ? link.textContent.trim() : "";
  }

  function open(term) {
    close(false);
    opener = term;
    popover = document.createElement("div");
    popover.id = "kb-term-popover";
    popover.className = "kb-term-popover md-typeset";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-labelledby", "kb-term-popover-term");
    popover.setAttribute("aria-describedby", "kb-term-popover-definition");
    popover.tabIndex = -1;
    const name = document.createElement("p");
    name.id = "kb-term-popover-term";
    name.className = "kb-term-popover__term";
    name.textContent = term.textContent;
    const definition = document.createElement("p");
    definition.id = "kb-term-popover-definition";
    definition.textContent = definitions.get(term);
    const entry = document.createElement("a");
    entry.className = "kb-term-popover__entry";
    entry.setAttribute("href", term.getAttribute("href"));
    entry.textContent = glossaryTitle(term.href) || term.textContent;
    const entryLine = document.createElement("p");
    entryLine.append(entry);
    popover.append(name, definition, entryLine);
    document.body.append(popover);
    term.setAttribute("aria-expanded", "true");
    term.setAttribute("aria-controls", popover.id);
    place();
    popover.focus({ preventScroll: true });
  }

  // Below the term (above it if there is no room below), inside the screen's width.
  function place() {
    popover.style.maxWidth = "";
    const rects = Array.from(opener.getClientRects());
    const term = rects[0] || opener.getBoundingClientRect();
    const width = Math.min(popover.offsetWidth, document.documentElement.clientWidth - 2 * MARGIN);
    popover.style.maxWidth = `${width}px`;
    const left = Math.max(MARGIN, Math.min(term.left, document.documentElement.clientWidth - width - MARGIN));
    const height = popover.offsetHeight;
    const below = term.bottom + MARGIN / 2;
    const top = below + height > window.innerHeight && term.top - height - MARGIN / 2 >= 0
      ? term.top - height - MARGIN / 2 : below;
    popover.style.left = `${left + window.scrollX}px`;
    popover.style.top = `${top + window.scrollY}px`;
  }

  function close(returnFocus) {
    if (!popover) return;
    popover.remove();
    popover = null;
    opener.removeAttribute("aria-expanded");
    opener.removeAttribute("aria-controls");
    if (returnFocus) opener.focus({ preventScroll: true });
    opener = null;
  }

  terms.forEach((term) => {
    term.addEventListener("click", (event) => {
      if (!byTouch(event) || term === opener) return;  // the second tap follows the link
      event.preventDefault();
      open(term);
    });
  });

  document.addEventListener("keydown", (event) => {
    if (popover && event.key === "Escape") {
      event.preventDefault();
      close(true);
    }
  });
  // A tap or click anywhere else closes it.
  document.addEventListener("pointerdown", (event) => {
    if (popover && !popover.contains(event.target) && !opener.contains(event.target)) close(false);
  });
  // Focus leaving it (a screen reader's swipe, Tab on a tablet's keyboard) closes it too.
  document.addEventListener("focusin", (event) => {
    if (popover && !popover.contains(event.target) && event.target !== opener) close(false);
  });
  window.addEventListener("resize", () => { if (popover) place(); });

  // The ¶ link of the segment tapped shows until another one is tapped.
  let revealed = null;
  function segmentOf(element) {
    for (let node = element.closest(SEGMENTS); node; node = node.parentElement.closest(SEGMENTS)) {
      if (node.querySelector(":scope > .headerlink")) return node;
    }
    return null;
  }
  document.addEventListener("click", (event) => {
    if (!byTouch(event) || !(event.target instanceof Element)) return;
    const segment = segmentOf(event.target);
    if (segment === revealed) return;
    if (revealed) revealed.classList.remove("kb-revealed");
    revealed = segment;
    if (revealed) revealed.classList.add("kb-revealed");
  });
})();
