// The language menu keeps the reader on the same paragraph: every language has the same segment IDs, so the other
// language's page is opened at the same #anchor. Runs before Material's own handler (capture phase), which would
// look the page up in a sitemap and drop the anchor. Without JavaScript the links still open the same page.
window.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]");
  if (!link || link.target) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  location.assign(link.href.split("#")[0] + location.hash);
}, true);
