// The parallel view (parallel page): one page in several languages side by side, paragraph by paragraph. Every
// version of a page carries the same segment IDs, so rows are matched by ID and never drift. The controls come from
// processes_kb/markdown_extension/blocks.py (render_parallel_view): the pages in the navigation's order and the one
// shown first (the factor's), both chosen by the build; the pages are fetched from this same site.
(function () {
  const view = document.querySelector(".kb-parallel");
  if (!view) return;
  const form = view.querySelector(".kb-parallel__form");
  const rows = view.querySelector(".kb-parallel__rows");
  const menu = form.querySelector("select[name=page]");
  const boxes = Array.from(form.querySelectorAll("input[name=lang]"));
  const root = new URL(view.dataset.root, location.href);
  view.querySelector(".kb-parallel__no-script").hidden = true;
  form.hidden = false;

  // The choice lives in the address, so that a parallel view can be linked: ?page=processes/&langs=en,uk#segment-id
  const params = new URLSearchParams(location.search);
  const pages = Array.from(menu.options, (option) => option.value);
  if (params.has("page") && pages.includes(params.get("page"))) menu.value = params.get("page");
  if (params.has("langs")) {
    const wanted = params.get("langs").split(",");
    boxes.forEach((box) => { box.checked = wanted.includes(box.value); });
  }

  const SEGMENTS = "h1[id], h2[id], h3[id], h4[id], p[id], li[id]";
  const NOT_TEXT = ".headerlink, .kb-notice, .kb-refs, .moved-anchor";
  const TARGET = "kb-parallel__row--target";

  async function version(box) {
    const address = new URL(box.dataset.prefix + menu.value, root);
    const response = await fetch(address);
    if (!response.ok) throw new Error(`${address}: ${response.status}`);
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const segments = new Map();
    page.querySelectorAll(`article ${SEGMENTS.split(", ").join(", article ")}`).forEach((element) => {
      if (element.closest(".kb-generated")) return;
      const copy = element.cloneNode(true);
      copy.querySelectorAll(NOT_TEXT).forEach((node) => node.remove());
      copy.querySelectorAll("[href]").forEach((link) => {
        link.href = new URL(link.getAttribute("href"), address).href;
      });
      segments.set(element.id, { html: copy.innerHTML, heading: /^H\d$/.test(element.tagName) });
    });
    return { lang: box.parentElement.lang, name: box.parentElement.textContent.trim(), segments };
  }

  // The row of the segment the address's #fragment names: highlighted, and scrolled to when asked (on opening the
  // view and when the fragment changes; not when a language is added, which keeps the reader where they are).
  function target(scroll) {
    rows.querySelectorAll(`.${TARGET}`).forEach((row) => row.classList.remove(TARGET));
    let id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return;
    }
    const row = id && Array.from(rows.children).find((child) => child.dataset.id === id);
    if (!row) return;
    row.classList.add(TARGET);
    if (scroll) row.scrollIntoView({ block: "start" });
  }

  // The language menu opens this view in the other language with the same page, the same languages and that one.
  function keepInLanguageMenu(chosen) {
    document.querySelectorAll("a.md-select__link[hreflang]").forEach((link) => {
      const box = boxes.find((candidate) => candidate.parentElement.lang === link.hreflang);
      if (!box) return;
      const langs = boxes.filter((candidate) => candidate === box || chosen.includes(candidate));
      const address = new URL(link.href);
      address.search = new URLSearchParams({ page: menu.value, langs: langs.map((b) => b.value).join(",") });
      link.href = address.href;
    });
  }

  let shown = 0; // the latest request: an earlier one that answers later is dropped

  async function show(scroll) {
    const request = ++shown;
    const chosen = boxes.filter((box) => box.checked);
    const query = new URLSearchParams({ page: menu.value, langs: chosen.map((box) => box.value).join(",") });
    history.replaceState(null, "", `?${query}${location.hash}`);
    keepInLanguageMenu(chosen);
    const versions = await Promise.all(chosen.map(version));
    if (request !== shown) return;
    rows.replaceChildren();
    rows.style.setProperty("--kb-columns", Math.max(versions.length, 1));
    if (!versions.length) return;
    for (const [id, first] of versions[0].segments) {
      const row = document.createElement("div");
      row.className = "kb-parallel__row" + (first.heading ? " kb-parallel__row--heading" : "");
      row.dataset.id = id;
      for (const { lang, name, segments } of versions) {
        const cell = document.createElement("div");
        cell.className = "kb-parallel__cell";
        cell.lang = lang;
        const label = document.createElement("span");
        label.className = "kb-parallel__lang";
        label.textContent = name;
        const text = document.createElement("div");
        text.innerHTML = segments.has(id) ? segments.get(id).html : "";
        cell.append(label, text);
        row.append(cell);
      }
      rows.append(row);
    }
    target(scroll);
  }

  form.addEventListener("change", (event) => {
    // another page: the fragment named a segment of the page shown before
    if (event.target === menu && location.hash) history.replaceState(null, "", location.pathname + location.search);
    show(false);
  });
  window.addEventListener("hashchange", () => target(true));
  show(true);
})();
