// The reader's language. The data comes from the language menu (overrides/partials/alternate.html): each link's
// data-lang (the language's code) and hreflang, the localStorage key for a choice, where the notice's words are.
(function () {
  const menu = document.querySelector(".md-select[data-language-key]");
  if (!menu) return;
  const key = menu.dataset.languageKey;
  const dismissedKey = key + "-notice";
  const remember = (name, value) => {
    try {
      localStorage.setItem(name, value);
    } catch (error) {
      // Storage disabled (private mode): nothing is remembered.
    }
  };
  const recall = (name) => {
    try {
      return localStorage.getItem(name);
    } catch (error) {
      return null;
    }
  };

  // The language menu keeps the reader on the same paragraph: every language has the same segment IDs, so the other
  // language's page is opened at the same #anchor. Runs before Material's own handler (capture phase), which would
  // look the page up in a sitemap and drop the anchor. The language chosen is remembered: short links
  // (partials/short-link.html) open it. Without JavaScript the links still open the same page.
  window.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]");
    if (!link || link.target) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (link.dataset.lang) remember(key, link.dataset.lang);
    location.assign(link.href.split("#")[0] + location.hash);
  }, true);

  // A page never leaves its language on its own. When no language was chosen in the menu and the first of the
  // browser's preferred languages the site has (by primary subtag: pt-PT and pt-BR are pt) is not the page's, a small
  // notice offers the same page in it, in its own words; closing the notice is remembered for that language.
  const offer = menu.dataset.languageOffer;
  if (!offer || recall(key)) return;
  const primary = (tag) => String(tag).toLowerCase().split("-")[0];
  const links = Array.from(menu.querySelectorAll("a.md-select__link[data-lang]"));
  const own = primary(document.documentElement.lang);
  let wanted = null;
  for (const tag of navigator.languages || [navigator.language]) {
    wanted = links.find((link) => primary(link.hreflang) === primary(tag));
    if (wanted) break;
  }
  if (!wanted || primary(wanted.hreflang) === own || recall(dismissedKey) === wanted.dataset.lang) return;

  const template = menu.querySelector("template[data-language-notice]");
  if (!template) return;
  fetch(offer).then((response) => response.json()).then((languages) => {
    const words = languages[wanted.dataset.lang];
    if (!words) return;
    const notice = template.content.firstElementChild.cloneNode(true);  // partials/alternate.html
    notice.lang = wanted.hreflang;
    notice.setAttribute("aria-label", words.lang_notice_label);
    notice.querySelector("[data-notice-text]").textContent = words.lang_notice_text;
    const link = notice.querySelector("[data-notice-link]");
    link.href = wanted.href.split("#")[0] + location.hash;
    link.hreflang = wanted.hreflang;
    link.textContent = words.lang_notice_link;
    link.addEventListener("click", () => {
      remember(key, wanted.dataset.lang);
      link.href = wanted.href.split("#")[0] + location.hash;  // the paragraph the reader is on now
    });
    const close = notice.querySelector("[data-notice-close]");
    close.textContent = words.lang_notice_close;
    close.addEventListener("click", () => {
      remember(dismissedKey, wanted.dataset.lang);
      notice.remove();
    });
    document.body.append(notice);
  }).catch(() => {
    // Opened from files (file://) or the words missing: no notice.
  });
})();
