// The site search dialog. Nothing is fetched until the reader opens it (button, or the / key): then the Pagefind UI
// and this language's index load from the bundle next to the language's home page. The UI's words come from the
// page (data-words: data/ui-strings.yml).
(() => {
  // Readers type ' or ’ where Ukrainian writes the apostrophe as a letter (ʼ, U+02BC), which Pagefind keeps inside
  // the word (пʼять): fold them to it. In the other languages an apostrophe separates words, as Pagefind's own does.
  // (Diacritics need nothing: Pagefind finds "sessoes" for "sessões" by itself.)
  const LETTER_APOSTROPHE = { uk: "\u02BC" };
  const letterApostrophe = LETTER_APOSTROPHE[document.documentElement.lang.split("-")[0]];
  window.siteSearchQuery = (query) =>
    letterApostrophe ? query.replace(/(?<=\p{L})['\u2019\u02BC](?=\p{L})/gu, letterApostrophe) : query;

  const dialog = document.getElementById("site-search");
  const opener = document.querySelector("[data-site-search-open]");
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;
  const bundle = new URL(dialog.dataset.bundle, location.href).href;
  let ready = null;

  function loadSearch() {
    ready ??= new Promise((resolve, reject) => {
      const style = Object.assign(document.createElement("link"), { rel: "stylesheet", href: `${bundle}pagefind-ui.css` });
      const script = Object.assign(document.createElement("script"), { src: `${bundle}pagefind-ui.js` });
      script.onload = resolve;
      script.onerror = () => { ready = null; reject(new Error(`search could not load from ${bundle}`)); };
      document.head.append(style, script);
    }).then(() => {
      const words = JSON.parse(dialog.dataset.words || "{}");
      new PagefindUI({
        element: "#site-search-results", bundlePath: bundle, showImages: false, showSubResults: true,
        resetStyles: false, autofocus: true, translations: words, processTerm: window.siteSearchQuery,
      });
      // Pagefind names the search form but leaves its field with a placeholder only: give the field a name too.
      dialog.querySelector("#site-search-results input")?.setAttribute("aria-label", words.search_label);
    });
    return ready;
  }

  function openSearch() {
    dialog.showModal();
    loadSearch().then(() => dialog.querySelector("input")?.focus());
  }

  function isTyping(target) {
    return target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
  }

  opener.addEventListener("click", openSearch);
  dialog.querySelector("[data-site-search-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });  // the backdrop
  // Before Material's own shortcuts (capture phase): its search plugin is not used on this site.
  window.addEventListener("keydown", (event) => {
    if (dialog.open || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (!["/", "s", "f"].includes(event.key)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    openSearch();
  }, true);
})();
