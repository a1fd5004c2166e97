"""What a reader sees, in a real browser: Debian's chromium driven by Playwright (the `browser` and `page` fixtures of
conftest.py), the site built for its production address and served at a local one as a production host serves it
(`site_url`)."""

from __future__ import annotations

import pytest

from conftest import ROOT, page_url, real_site

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

SITE = real_site()
LANGS = SITE.languages
PAGES = sorted(SITE.pages[SITE.default_lang])
AT_ONCE = 4  # pages of a language loading at the same time, each in its own tab


@pytest.fixture(scope="module")
def page_loads(browser, site_url) -> dict[tuple[str, str], tuple[str | None, list[str], list[str]]]:
    """Every page of every language as a reader browsing that language loads it: (lang, name) -> (the document's
    language, its console errors, every URL it requested). One browser context per language, with a few tabs that
    load their pages side by side: a load is mostly waiting for the network to go quiet, and the tabs wait together.
    (A resource an earlier page of the language cached is requested, and checked, with that page.)"""
    loads = {}
    for lang in LANGS:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        tabs = []
        for _ in range(min(AT_ONCE, len(PAGES))):
            tab, record = context.new_page(), {"errors": [], "requests": []}
            tab.on("console", lambda message, record=record: record["errors"].append(message.text)
                   if message.type == "error" else None)
            tab.on("pageerror", lambda error, record=record: record["errors"].append(str(error)))
            tab.on("request", lambda request, record=record: record["requests"].append(request.url))
            tabs.append((tab, record))
        for start in range(0, len(PAGES), len(tabs)):
            batch = list(zip(tabs, PAGES[start:start + len(tabs)]))
            for (tab, record), name in batch:
                record["errors"], record["requests"] = [], []
                try:
                    tab.goto(site_url + page_url(lang, name), wait_until="commit")
                except playwright_api.Error as error:
                    record["errors"].append(f"could not open the page: {error}")
            for (tab, record), name in batch:
                document_lang = None
                try:
                    tab.wait_for_load_state("networkidle")
                    document_lang = tab.evaluate("document.documentElement.lang")
                except playwright_api.Error as error:
                    record["errors"].append(f"the page did not finish loading: {error}")
                loads[lang, name] = (document_lang, record["errors"], record["requests"])
        context.close()
    return loads


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_pages_load_without_errors_or_outside_requests(page_loads, site_url, lang, name):
    document_lang, console_errors, requests = page_loads[lang, name]
    assert document_lang == SITE.tag(lang)
    assert console_errors == []
    assert [url for url in requests if not url.startswith(site_url)] == []


@pytest.mark.parametrize("lang", LANGS)
def test_deep_link_opens_at_the_segment_and_highlights_it(page, site_url, lang):
    page.goto(site_url + page_url(lang, "processes.md") + "#sticky-sessions", wait_until="networkidle")
    target = page.locator("#sticky-sessions")
    assert target.evaluate("element => element.matches(':target')")
    box, viewport = target.bounding_box(), page.viewport_size
    assert 0 <= box["y"] < viewport["height"] / 2
    background = target.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_language_switcher_keeps_the_reader_on_the_same_page(page, site_url):
    page.goto(site_url + "processes/", wait_until="networkidle")
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="Українська").click()
    page.wait_for_load_state("networkidle")
    assert page.url == site_url + "uk/processes/"
    assert page.locator("h1").inner_text().startswith("VI.")


def test_paragraph_link_appears_on_hover_and_keyboard_focus(page, site_url):
    page.goto(site_url + "fr/processes/", wait_until="networkidle")
    link = page.locator('#stateless-share-nothing a.headerlink[href="#stateless-share-nothing"]')
    assert link.evaluate("a => getComputedStyle(a).opacity") == "0"
    page.locator("#stateless-share-nothing").hover()
    page.wait_for_timeout(300)
    assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
    page.mouse.move(0, 0)
    link.focus()
    page.wait_for_timeout(300)
    assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
    assert link.get_attribute("aria-label") == "Lien vers cette partie de la page"


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_term_shows_its_definition_on_hover_and_on_keyboard_focus(page, site_url, lang):
    from processes_kb.glossary import definition

    page.goto(site_url + page_url(lang, "processes.md"), wait_until="networkidle")
    term = page.locator('#sticky-sessions a.glossary-term[href$="#sticky-sessions"]')
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    term.hover()
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text() == definition(SITE, "sticky-sessions", lang)
    page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden", timeout=5000)
    term.focus()
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text() == definition(SITE, "sticky-sessions", lang)


def test_tapping_a_glossary_term_on_a_phone_and_its_popovers_link_opens_its_entry(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + "uk/processes/", wait_until="networkidle")
    page.locator('#sticky-sessions a.glossary-term[href$="#sticky-sessions"]').tap()
    page.locator("#kb-term-popover a").tap()  # the first tap shows the definition (tests/test_touch.py)
    page.wait_for_url("**/uk/glossary/#sticky-sessions")
    assert page.locator("#sticky-sessions").evaluate("element => element.matches(':target')")
    context.close()


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_checklist_ticks_survive_a_reload_and_stay_in_the_browser(page, site_url, lang):
    page.goto(site_url + page_url(lang, "checklist.md"), wait_until="networkidle")
    boxes = page.locator(".kb-checklist input[type=checkbox]")
    total = boxes.count()
    assert total >= 12
    boxes.nth(0).check()
    boxes.nth(3).check()
    page.reload(wait_until="networkidle")
    assert [boxes.nth(i).is_checked() for i in range(total)] == [i in (0, 3) for i in range(total)]
    from processes_kb.ui_strings import read_ui_strings

    progress = read_ui_strings(ROOT, LANGS)[0]["checklist_progress"][lang]
    assert page.locator(".kb-checklist__progress").inner_text() == progress.format(done=2, total=total)
    assert page.locator(".kb-checklist__clear").is_visible()
    assert [url for url in page.requests if not url.startswith(site_url)] == []
    assert all(request.startswith(site_url) for request in page.requests)
    page.locator(".kb-checklist__clear").click()
    page.reload(wait_until="networkidle")
    assert not any(boxes.nth(i).is_checked() for i in range(total))


@pytest.mark.parametrize("lang", LANGS)
def test_checklist_prints_on_at_most_two_a4_pages(page, site_url, lang):
    page.goto(site_url + page_url(lang, "checklist.md"), wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".kb-checklist__links a").first.is_visible()
    pdf = page.pdf(format="A4")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2


@pytest.mark.parametrize("lang", LANGS)
def test_short_link_opens_the_recommendation_and_keeps_the_fragment(page, site_url, lang):
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(f"{site_url}{prefix}r/health-check/#how-to-check", wait_until="networkidle")
    assert page.url == f"{site_url}{prefix}recommendations/health-check/#how-to-check"
    assert page.locator("#how-to-check").evaluate("element => element.matches(':target')")


def test_short_link_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "uk/r/no-sticky-sessions/")
    page.wait_for_url(site_url + "uk/recommendations/no-sticky-sessions/")
    assert page.locator("h1").get_attribute("id") == "no-sticky-sessions"
    context.close()


def test_parallel_view_aligns_two_languages_segment_by_segment(page, site_url):
    page.goto(site_url + "uk/parallel/?page=processes/&langs=uk,fr", wait_until="networkidle")
    rows = page.locator(".kb-parallel__row")
    rows.first.wait_for()
    expected = [s.id for s in SITE.pages["uk"]["processes.md"].segments if s.kind != "code"]
    assert rows.evaluate_all("rows => rows.map(row => row.dataset.id)") == expected
    first = rows.first.locator(".kb-parallel__cell")
    assert first.evaluate_all("cells => cells.map(cell => cell.lang)") == ["uk", "fr"]
    assert first.nth(0).inner_text().strip().startswith("VI.") and first.nth(1).inner_text().strip().startswith("VI.")
    page.locator('input[name=lang][value="en"]').check()
    page.wait_for_function("document.querySelector('.kb-parallel__row').children.length === 3")
    assert "langs=en%2Cuk%2Cfr" in page.url or "langs=en,uk,fr" in page.url
    cells = page.locator(".kb-parallel__row").first.locator(".kb-parallel__cell")
    tops = [cells.nth(i).bounding_box()["y"] for i in range(3)]
    assert len(set(tops)) == 1  # side by side
    assert page.console_errors == []


def test_parallel_view_stacks_the_versions_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(site_url + "parallel/?page=glossary/&langs=en,vi", wait_until="networkidle")
    row = phone.locator(".kb-parallel__row").nth(3)
    row.wait_for()
    cells = row.locator(".kb-parallel__cell")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1  # one above the other
    assert cells.nth(1).locator(".kb-parallel__lang").text_content() == "Tiếng Việt"
    context.close()


def every_pair_once(langs: list[str]) -> list[str]:
    """A walk through the languages that goes from each to each other once: every ordered pair, one after the other
    (a circuit exists, since every language is left as often as it is entered: Hierholzer's algorithm)."""
    unused = {source: [target for target in langs if target != source] for source in langs}
    stack, walk = [langs[0]], []
    while stack:
        if unused[stack[-1]]:
            stack.append(unused[stack[-1]].pop(0))
        else:
            walk.append(stack.pop())
    return walk[::-1]


def test_language_menu_keeps_the_paragraph_in_every_language_pair(page, site_url):
    walk = every_pair_once(LANGS)
    assert len(set(zip(walk, walk[1:]))) == len(walk) - 1 == len(LANGS) * (len(LANGS) - 1)
    responses = []
    page.on("response", lambda response: responses.append((response.status, response.url)))
    page.goto(site_url + page_url(walk[0], "processes.md") + "#sticky-sessions", wait_until="networkidle")
    for source, target in zip(walk, walk[1:]):
        responses.clear()
        page.locator(".md-header__option .md-select").hover()
        page.locator(f'a.md-select__link[hreflang="{SITE.tag(target)}"]').click()
        page.wait_for_url(site_url + page_url(target, "processes.md") + "#sticky-sessions")
        page.wait_for_load_state("networkidle")
        assert page.locator("#sticky-sessions").evaluate("element => element.matches(':target')"), (source, target)
        redirects = [url for status, url in responses if status in (301, 302, 303, 307, 308)]
        assert redirects == [], (source, target)
    assert page.console_errors == []
    assert [url for url in page.requests if not url.startswith(site_url)] == []


# ---------------------------------------------------------------- diagrams (processes_kb/diagrams.py)

# For every text of a figure: its colour and the colour behind it (the shapes under it, then the page), composited;
# for every shape's outline, arrow and mark: its colour and the page's. Contrast ratios as WCAG 2 defines them.
DIAGRAM_CONTRAST = """(figure) => {
  const parse = (value) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(value || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const chain = [];
  for (let e = figure; e; e = e.parentElement) chain.unshift(e);
  let page = [255, 255, 255, 1];
  for (const e of chain) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c[3] > 0) page = over(c, page); }
  const fillOf = (e) => { const s = getComputedStyle(e); const c = parse(s.fill); if (!c) return null;
                          c[3] *= Number(s.fillOpacity) * Number(s.opacity); return c; };
  const strokeOf = (e) => { const s = getComputedStyle(e); const c = parse(s.stroke); if (!c) return null;
                            c[3] *= Number(s.strokeOpacity) * Number(s.opacity); return c; };
  const texts = [...figure.querySelectorAll('svg text')].map(text => {
    const box = text.getBoundingClientRect();
    const under = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)
      .filter(e => e.closest('svg') === text.closest('svg') && ['rect', 'path', 'ellipse', 'circle', 'polygon'].includes(e.tagName));
    let behind = page;
    for (const shape of under.reverse()) { const c = fillOf(shape); if (c) behind = over(c, behind); }
    return {text: text.textContent, ratio: ratio(over(fillOf(text), behind), behind)};
  });
  const shapes = [...figure.querySelectorAll('.kb-diagram__box, .kb-diagram__store, .kb-diagram__line, .kb-diagram__mark circle, .kb-diagram__mark path, .kb-diagram__token--lost')]
    .map(e => ({shape: e.getAttribute('class') || e.tagName, ratio: ratio(over(strokeOf(e), page), page)}))
    .concat([...figure.querySelectorAll('.kb-diagram__head, .kb-diagram__token:not(.kb-diagram__token--lost)')]
    .map(e => ({shape: e.getAttribute('class'), ratio: ratio(over(fillOf(e), page), page)})));
  return {page: luminance(page), texts, shapes};
}"""

# Every text inside its box (the first shape of its group), inside the panel, and clear of every other text; texts
# outside boxes clear of every box.
DIAGRAM_FIT = """(svg) => {
  const box = (e) => { const b = e.getBBox(); return {x: b.x, y: b.y, r: b.x + b.width, b: b.y + b.height}; };
  const inside = (a, b) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.r <= b.r + 0.5 && a.b <= b.b + 0.5;
  const overlap = (a, b) => Math.min(a.r, b.r) - Math.max(a.x, b.x) > 0.5 && Math.min(a.b, b.b) - Math.max(a.y, b.y) > 0.5;
  const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
  const panel = {x: 0, y: 0, r: width, b: height};
  const texts = [...svg.querySelectorAll('text')];
  const shapes = [...svg.querySelectorAll('.kb-diagram__box, .kb-diagram__store')].map(box);
  const problems = [];
  texts.forEach((text, i) => {
    const t = box(text), name = text.textContent;
    if (!inside(t, panel)) problems.push(`outside the panel: ${name}`);
    const group = text.parentElement.matches('.kb-diagram__node') ? text.parentElement : null;
    if (group && !inside(t, box(group.firstElementChild))) problems.push(`outside its box: ${name}`);
    if (!group && shapes.some(s => overlap(t, s))) problems.push(`over a box: ${name}`);
    texts.slice(i + 1).forEach(other => { if (overlap(t, box(other))) problems.push(`${name} over ${other.textContent}`); });
  });
  return problems;
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("lang", LANGS)
def test_diagrams_are_visible_named_described_and_readable_in_both_schemes(page, site_url, lang, scheme):
    from processes_kb.diagrams import LAYOUTS, load_labels

    labels = load_labels(ROOT, LANGS)[0].texts
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.goto(site_url + page_url(lang, "processes.md"), wait_until="networkidle")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    for marker in SITE.pages[lang]["processes.md"].markers:
        figure = page.locator(f"figure#diagram-{marker.id}")
        figure.scroll_into_view_if_needed()
        playwright_api.expect(figure).to_be_visible()
        playwright_api.expect(figure.locator("figcaption")).to_contain_text(labels[marker.id][lang]["caption"])
        panels = figure.locator("svg")
        assert panels.count() == len(LAYOUTS[marker.id].panels)
        for index, panel in enumerate(LAYOUTS[marker.id].panels):
            svg = panels.nth(index)
            playwright_api.expect(svg).to_be_visible()
            assert svg.bounding_box()["width"] >= 280  # readable: never shrunk below about 0.8 of its size
            playwright_api.expect(svg).to_have_role("img")
            playwright_api.expect(svg).to_have_accessible_name(labels[marker.id][lang][f"{panel.key}-title"])
            playwright_api.expect(svg).to_have_accessible_description(labels[marker.id][lang][f"{panel.key}-desc"])
            assert svg.evaluate(DIAGRAM_FIT) == [], (lang, marker.id, panel.key)
        contrast = figure.evaluate(DIAGRAM_CONTRAST)
        assert (contrast["page"] < 0.05) == (scheme == "slate")  # the scheme really is dark, or light
        assert len(contrast["texts"]) > 10
        assert [t for t in contrast["texts"] if t["ratio"] < 4.5] == [], (lang, scheme)
        assert [s for s in contrast["shapes"] if s["ratio"] < 3] == [], (lang, scheme)
    assert [url for url in page.requests if not url.startswith(site_url)] == []
    assert page.console_errors == []


def test_diagram_panels_stand_side_by_side_on_a_wide_screen_and_stack_on_a_phone(browser, site_url):
    for width, side_by_side in ((1280, True), (390, False)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(site_url + "processes/", wait_until="networkidle")
        first, second = (page.locator("#diagram-shared-vs-sticky svg").nth(i).bounding_box() for i in (0, 1))
        assert (abs(first["y"] - second["y"]) < 1) == side_by_side, width
        assert min(first["width"], second["width"]) >= 280
        context.close()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_link_to_a_diagram_opens_at_the_figure_below_the_header(page, site_url, lang):
    page.goto(site_url + page_url(lang, "processes.md") + "#diagram-restart", wait_until="networkidle")
    figure = page.locator("#diagram-restart")
    assert figure.evaluate("element => element.matches(':target')")
    header = page.locator(".md-header").bounding_box()
    top = figure.bounding_box()["y"]
    assert header["y"] + header["height"] <= top < page.viewport_size["height"] / 2
    caption_link = figure.locator("figcaption a.headerlink")
    assert caption_link.get_attribute("href") == "#diagram-restart"
