"""What every reader gets, in a real browser (Debian's chromium through Playwright), from the site served as a
production host serves it (compressed, cache headers: `site_url`, served by serve_directory(compress=True)): text
contrast of at least 4.5:1 and links told apart from the text by more than colour, in the light and the dark scheme;
stylesheets and scripts under content-hashed names; pages that print as black text without the site's controls."""

from __future__ import annotations

import re
import urllib.request

import pytest

from conftest import ROOT, page_url

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
TEXT_PAGES = ["index.md", "processes.md", "examples.md", "glossary.md", "recommendations/index.md",
              "recommendations/health-check.md"]

# The contrast of an element's text against what is painted behind it: its colour composited over the
# backgrounds of its ancestors (the canvas is white in the light scheme; Material paints the body in both).
CONTRAST = """element => {
  const rgba = value => {
    const parts = value.match(/rgba?\\(([^)]*)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const background = rgba(getComputedStyle(node).backgroundColor);
    if (background[3] > 0) layers.push(background);
    if (background[3] === 1) break;
  }
  let behind = [255, 255, 255, 1];
  for (const layer of layers.reverse()) behind = over(layer, behind);
  const text = over(rgba(getComputedStyle(element).color), behind);
  const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [light, dark] = [luminance(text), luminance(behind)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""


def open_page(browser, url: str, scheme: str, **context):
    """A page in the light or dark scheme, as the reader's system asks for it (prefers-color-scheme)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme, **context)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    return page


@pytest.mark.parametrize("scheme", SCHEMES)
def test_code_comments_and_footer_text_have_a_contrast_of_at_least_4_5(browser, site_url, scheme):
    page = open_page(browser, site_url + page_url("en", "examples.md"), scheme)
    quiet_code = page.locator("article .highlight :is(.c, .c1, .ch, .cm, .cs, .o, .p)")
    assert quiet_code.count() > 50
    ratios = {"code": min(quiet_code.evaluate_all(f"elements => elements.map({CONTRAST})")),
              "footer credit": page.locator(".md-copyright").evaluate(CONTRAST),
              "footer credit link": page.locator(".md-copyright a").evaluate(CONTRAST)}
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios
    assert page.locator(".md-copyright a").evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", ["processes.md", "recommendations/health-check.md", "glossary.md"])
def test_links_in_running_text_are_underlined_and_readable(browser, site_url, scheme, name):
    page = open_page(browser, site_url + page_url("en", name), scheme)
    links = page.locator("article :is(p, li, dd) > a:not(.headerlink, .glossary-term, .md-button)")
    assert links.count() >= 3
    styles = links.evaluate_all(f"""links => links.map(link => ({{
        line: getComputedStyle(link).textDecorationLine, contrast: ({CONTRAST})(link) }}))""")
    assert all("underline" in style["line"] for style in styles)
    assert min(style["contrast"] for style in styles) >= 4.5
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_glossary_terms_nav_and_paragraph_links_keep_their_own_look(browser, site_url, scheme):
    page = open_page(browser, site_url + page_url("en", "processes.md"), scheme)
    term = page.locator("article a.glossary-term").first
    assert term.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"
    assert term.evaluate("a => getComputedStyle(a).textDecorationStyle") == "dotted"   # not a plain link's solid line
    for selector in ("article a.headerlink", ".md-nav__link[href]", ".md-header a", ".md-footer__link"):
        lines = page.locator(selector).evaluate_all("links => links.map(a => getComputedStyle(a).textDecorationLine)")
        assert lines and set(lines) == {"none"}, selector
    page.context.close()


def test_buttons_are_not_underlined(browser, site_url):
    page = open_page(browser, site_url + page_url("en", "checklist.md"), "light")
    buttons = page.locator("article a.md-button")
    assert buttons.count() >= 1
    assert set(buttons.evaluate_all("links => links.map(a => getComputedStyle(a).textDecorationLine)")) == {"none"}
    page.context.close()


FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.(min\.)?(css|js)$")


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_every_stylesheet_and_script_has_a_content_hash_and_is_cached_for_a_year(browser, site_url, lang):
    page = open_page(browser, site_url + page_url(lang, "processes.md"), "light")
    assets = page.evaluate("""() => [...document.querySelectorAll('link[rel=stylesheet][href], script[src]')]
                                    .map(element => element.href || element.src)""")
    assert len(assets) >= 4
    assert [url for url in assets if not FINGERPRINTED.search(url.split("?")[0])] == []
    for url in assets:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
        with urllib.request.urlopen(request) as response:
            assert "immutable" in response.headers["Cache-Control"], url
            assert response.headers["Content-Encoding"] in ("br", "gzip"), url
    # No script holds up the first paint: all are deferred (they run in order once the page is parsed).
    assert page.evaluate("[...document.querySelectorAll('script[src]')].every(script => script.defer)")
    # The site's own styles are there: the link underline comes from them.
    assert page.locator("article p > a:not(.headerlink, .glossary-term)").first.evaluate(
        "a => getComputedStyle(a).textDecorationLine") == "underline"
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", TEXT_PAGES)
def test_text_pages_print_as_black_text_without_the_site_controls(browser, site_url, scheme, name):
    page = open_page(browser, site_url + page_url("fr", name), scheme)
    page.emulate_media(media="print", color_scheme=scheme)
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", "article .headerlink",
                     ".md-content__button", ".md-top"):
        assert page.locator(selector).evaluate_all("els => els.every(el => !el.checkVisibility())"), selector
    text = page.locator("article p").first
    assert text.evaluate("p => getComputedStyle(p).color") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    assert page.locator("article h1").evaluate("h => getComputedStyle(h).color") == "rgb(0, 0, 0)"
    links = page.locator("article :is(p, li, dd) > a:not(.headerlink)")
    assert set(links.evaluate_all("links => links.map(a => getComputedStyle(a).color)")) == {"rgb(0, 0, 0)"}
    # The article takes the paper's width: no empty column where the navigation was.
    article = page.locator("article").bounding_box()
    assert article["x"] < 60 and article["width"] > 1000
    page.context.close()


def test_printed_links_that_leave_the_site_show_their_address(browser, site_url):
    page = open_page(browser, site_url + page_url("en", "processes.md"), "light")
    page.emulate_media(media="print")
    external = page.locator('article p > a[href^="https://12factor.net/"]').first
    href = external.get_attribute("href")
    assert href in external.evaluate("a => getComputedStyle(a, '::after').content")
    internal = page.locator("article a.glossary-term").first
    assert internal.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")
    page.context.close()


def test_an_open_glossary_tooltip_is_not_printed(browser, site_url):
    page = open_page(browser, site_url + page_url("en", "processes.md"), "light")
    page.locator("#sticky-sessions a.glossary-term").first.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5000)
    page.emulate_media(media="print")
    assert tooltip.is_hidden()
    page.context.close()


def test_the_published_stylesheet_holds_every_listed_stylesheet_in_order(site_url):
    listed = re.search(r"^extra_css:\n((?:  - .*\n)+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    sources = [line.split("#")[0].strip()[2:].strip() for line in listed.group(1).splitlines()]
    assert "assets/stylesheets/reader.css" in sources
    with urllib.request.urlopen(site_url + page_url("en", "processes.md")) as response:
        html = response.read().decode()
    published = re.findall(r'<link rel="stylesheet" href="\.\./(assets/stylesheets/extra\.[0-9a-f]{8}\.css)">', html)
    assert len(published) == 1, "one stylesheet for the site's own styles"
    with urllib.request.urlopen(site_url + published[0]) as response:
        bundle = response.read().decode()
    positions = [bundle.find((ROOT / "docs" / source).read_text(encoding="utf-8").strip()) for source in sources]
    assert -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
@pytest.mark.parametrize("entry", ["sticky-sessions", "horizontal-scaling"])
def test_a_link_to_a_glossary_entry_lands_on_it(browser, site_url, viewport, entry):
    # The glossary is long: a link to an entry far down must land on it, under the header.
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site_url + page_url("uk", "glossary.md") + f"#{entry}", wait_until="networkidle")
    page.wait_for_timeout(300)
    box = page.locator(f"#{entry}").bounding_box()
    # Under the header, near the top; an entry near the end of the page lands as high as the page can scroll.
    at_bottom = page.evaluate("Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight")
    assert 0 <= box["y"] < (viewport["height"] if at_bottom else viewport["height"] / 3), box
    context.close()
