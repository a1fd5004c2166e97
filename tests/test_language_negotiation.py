"""The reader's language (issue 26): a short link a team shares (/r/<id>/) opens the recommendation in the language
chosen in the menu, else the browser's, else English (English without JavaScript); content pages never leave their
language but offer the browser's in a small notice; the language menu marks the current language and, on the 404
page, leads to each language's home; titles name the site once. The built HTML is read where it tells (cheap); a
Chromium context per browser language tells the rest (overrides/partials/short-link.html, alternate.html,
docs/assets/javascripts/language-switch.js)."""

from __future__ import annotations

import json
import posixpath

import pytest

from conftest import ROOT, SITE_URL, page_file, page_url, parse_html, real_site
from test_reader_a11y import CONTRAST
from processes_kb import recommendations as recs
from processes_kb.project import ProjectConfig
from processes_kb.site_files import LANGUAGE_OFFER

pytestmark = pytest.mark.content

SITE = real_site()
LANGS = SITE.languages
PAGES = sorted(SITE.pages[SITE.default_lang])
SITE_NAMES = {language.code: language.site_name for language in ProjectConfig.read(ROOT).languages}
REC = "no-sticky-sessions"
NOTICE = "aside.language-notice"
SITE_PATH = "/processes/"  # SITE_URL's path
assert SITE_URL.endswith(SITE_PATH)


def _prefix(lang: str) -> str:
    return SITE.url_prefix(lang)


# ---------------------------------------------------------------- the built HTML


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_menu_marks_the_current_language_and_names_each_in_its_own(built_site, lang):
    for name in PAGES:
        path = page_file(built_site, lang, name)
        items = parse_html(path).select(".md-select__list a.md-select__link")
        assert [item["data-lang"] for item in items] == LANGS, name
        assert all(item["lang"] == item["hreflang"] == SITE.tag(item["data-lang"]) for item in items), name
        current = [item for item in items if item.has_attr("aria-current")]
        assert [(item["data-lang"], item["aria-current"]) for item in current] == [(lang, "page")], name
        # The current language's link is this very page; every other one its counterpart (the home pages' links are
        # absolute, under the site's path: mkdocs-static-i18n's own).
        for item in items:
            if item["href"].startswith("/"):
                assert item["href"].startswith(SITE_PATH), (name, item["href"])
                target = posixpath.normpath(item["href"].removeprefix(SITE_PATH) or ".")
            else:
                target = posixpath.normpath(posixpath.join(page_url(lang, name), item["href"]))
            assert target == posixpath.normpath(page_url(item["data-lang"], name) or "."), (name, item["href"])


@pytest.mark.parametrize("lang", LANGS)
def test_titles_name_the_site_once_and_the_home_page_by_the_site_alone(built_site, lang):
    site_name = SITE_NAMES[lang]
    titles = {name: parse_html(page_file(built_site, lang, name)).title.get_text() for name in PAGES}
    assert titles["index.md"] == site_name
    assert {name: title for name, title in titles.items() if title.count(site_name) != 1} == {}
    # A page titled by the site's name ("VI. Processes") is not followed by it again; the others are ("Sources - …").
    assert titles["processes.md"] == SITE.pages[lang]["processes.md"].meta["title"]
    assert titles["sources.md"] == f"{SITE.pages[lang]['sources.md'].meta['title']} - {site_name}"
    not_found = parse_html(built_site / _prefix(lang) / "404.html")
    assert not_found.title.get_text() == site_name


@pytest.mark.parametrize("lang", LANGS)
def test_the_404_pages_menu_leads_to_each_languages_home(built_site, lang):
    """A 404 page is served at any address: its links are absolute, under the site's path."""
    items = parse_html(built_site / _prefix(lang) / "404.html").select(".md-select__list a.md-select__link")
    assert {item["data-lang"]: item["href"] for item in items} == {code: SITE_PATH + _prefix(code) for code in LANGS}
    assert [(item["data-lang"], item["aria-current"]) for item in items if item.has_attr("aria-current")] == \
        [(lang, "true")]
    # No language to offer on a page that is not there.
    assert not parse_html(built_site / _prefix(lang) / "404.html").select("[data-language-offer]")


def test_shared_short_links_offer_every_language_and_fall_back_to_english_without_javascript(built_site):
    for rec_id in real_site_recommendations():
        page = parse_html(built_site / "r" / rec_id / "index.html")
        choices = json.loads(page.html["data-choices"])
        assert [(c["code"], c["tag"]) for c in choices] == [(code, SITE.tag(code)) for code in LANGS]
        for choice in choices:
            landing = (built_site / "r" / rec_id / choice["href"] / "index.html").resolve()
            assert parse_html(landing).find("h1")["id"] == rec_id
            assert parse_html(landing).html["lang"] == choice["tag"]
        # Without JavaScript: the refresh (read only then) and the link open English.
        refresh = page.select_one('noscript meta[http-equiv="refresh"]')["content"]
        assert refresh == f"0; url=../../{recs.FOLDER}/{rec_id}/"
        assert page.select_one("body a")["href"] == f"../../{recs.FOLDER}/{rec_id}/"
        assert page.html["data-language-key"] == "processes-language"
    # A short link that names its language keeps it.
    for lang in LANGS[1:]:
        assert json.loads(parse_html(built_site / lang / "r" / REC / "index.html").html["data-choices"]) == []


def test_the_notices_words_are_there_in_every_language(built_site):
    words = json.loads((built_site / LANGUAGE_OFFER).read_text(encoding="utf-8"))
    assert list(words) == LANGS
    keys = {"lang_notice_label", "lang_notice_text", "lang_notice_link", "lang_notice_close"}
    for lang, entry in words.items():
        assert entry["tag"] == SITE.tag(lang)
        assert set(entry) - {"tag"} == keys and all(entry[key].strip() for key in keys), lang
    assert len({entry["lang_notice_link"] for entry in words.values()}) == len(LANGS)
    menu = parse_html(page_file(built_site, "uk", "processes.md")).select_one(".md-select")
    assert posixpath.normpath(posixpath.join(page_url("uk", "processes.md"), menu["data-language-offer"])) == \
        LANGUAGE_OFFER
    assert menu["data-language-key"] == "processes-language"


def real_site_recommendations() -> list[str]:
    return sorted(name.removeprefix(f"{recs.FOLDER}/").removesuffix(".md")
                  for name in PAGES if name.startswith(f"{recs.FOLDER}/") and name != recs.INDEX_PAGE)


# ---------------------------------------------------------------- in Chromium, per browser language


@pytest.fixture
def context_for(browser):
    """Browser contexts with a language (`locale`: navigator.languages and Accept-Language), closed after the test."""
    contexts = []

    def open_context(locale: str, **options):
        context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800}, **options)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        return page

    yield open_context
    for context in contexts:
        context.close()


def _short_link_lands(page, site_url: str, lang: str) -> None:
    page.goto(f"{site_url}r/{REC}/#how-to-check")
    page.wait_for_url(f"{site_url}{_prefix(lang)}{recs.FOLDER}/{REC}/#how-to-check")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == SITE.tag(lang)


@pytest.mark.browser
def test_a_ukrainian_browser_is_offered_ukrainian_gets_it_from_a_short_link_and_back_returns(context_for, site_url):
    page = context_for("uk-UA")
    page.goto(site_url + "sources/", wait_until="networkidle")
    # The English page stays English and offers Ukrainian, in Ukrainian, at the same page.
    assert page.url == site_url + "sources/"
    notice = page.locator(NOTICE)
    assert notice.get_attribute("lang") == "uk"
    assert notice.get_attribute("aria-label") == "Ваша мова"
    assert notice.locator("a").get_attribute("href") == site_url + "uk/sources/"
    assert notice.locator("a").inner_text() == "Читати українською"
    assert notice.locator("button").inner_text() == "Закрити"
    assert min(notice.locator("p, a, button").evaluate_all(f"elements => elements.map({CONTRAST})")) >= 4.5
    _short_link_lands(page, site_url, "uk")
    assert page.locator(NOTICE).count() == 0  # the page is in the browser's language: nothing to offer
    # The short link is out of the history: Back returns to the page before it, and stays there.
    page.go_back(wait_until="networkidle")
    assert page.url == site_url + "sources/"
    page.wait_for_timeout(200)
    assert page.url == site_url + "sources/"
    # Following the notice is a choice: remembered.
    page.locator(f"{NOTICE} a").click()
    page.wait_for_url(site_url + "uk/sources/")
    assert page.evaluate("localStorage.getItem('processes-language')") == "uk"
    assert page.console_errors == []


@pytest.mark.browser
def test_a_language_chosen_in_the_menu_wins_over_the_browsers(context_for, site_url):
    page = context_for("vi-VN")
    _short_link_lands(page, site_url, "vi")
    page.hover(".md-select")
    page.locator('.md-select__link[data-lang="fr"]').click()
    page.wait_for_url(f"{site_url}fr/{recs.FOLDER}/{REC}/#how-to-check")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("localStorage.getItem('processes-language')") == "fr"
    assert page.locator(NOTICE).count() == 0  # a language chosen: Vietnamese is not offered on the French page
    _short_link_lands(page, site_url, "fr")
    assert page.console_errors == []


@pytest.mark.browser
def test_a_browser_in_a_language_the_site_lacks_gets_english_and_no_notice(context_for, site_url):
    page = context_for("de-DE")
    _short_link_lands(page, site_url, "en")
    page.goto(site_url + "uk/sources/", wait_until="networkidle")
    assert page.locator(NOTICE).count() == 0
    assert page.url == site_url + "uk/sources/"


@pytest.mark.browser
def test_a_portuguese_browser_from_portugal_gets_the_portuguese_pages(context_for, site_url):
    _short_link_lands(context_for("pt-PT"), site_url, "pt")


@pytest.mark.browser
def test_closing_the_notice_is_remembered_and_its_link_keeps_the_paragraph(context_for, site_url):
    page = context_for("fr-FR", color_scheme="dark")
    page.goto(site_url + "pt/processes/#sticky-sessions", wait_until="networkidle")
    notice = page.locator(NOTICE)
    assert notice.get_attribute("lang") == "fr"
    assert min(notice.locator("p, a, button").evaluate_all(f"elements => elements.map({CONTRAST})")) >= 4.5
    assert notice.locator("a").get_attribute("href") == site_url + "fr/processes/#sticky-sessions"
    box = notice.bounding_box()  # inside the window, at its bottom, over the text
    assert box["y"] + box["height"] <= 800 and box["y"] > 400 and box["x"] + box["width"] <= 1280
    notice.locator("button").click()
    assert notice.count() == 0
    page.reload(wait_until="networkidle")
    assert page.locator(NOTICE).count() == 0
    assert page.url == site_url + "pt/processes/#sticky-sessions"
    assert page.evaluate("localStorage.getItem('processes-language')") is None  # closing is not a choice
    assert page.console_errors == []


@pytest.mark.browser
def test_without_javascript_a_short_link_opens_english(context_for, site_url):
    page = context_for("uk-UA", java_script_enabled=False)
    page.goto(f"{site_url}r/{REC}/")
    page.wait_for_url(f"{site_url}{recs.FOLDER}/{REC}/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(site_url + "sources/", wait_until="networkidle")
    assert page.locator(NOTICE).count() == 0


@pytest.mark.browser
def test_short_links_and_the_notice_work_under_a_path(context_for, built_site, tmp_path):
    """The site as published under https://docs.example.org/processes/ (built_site), served from a folder that
    holds it as processes/: relative addresses only, nothing requested outside the site."""
    from processes_kb.process_group import free_port, serve_directory

    (tmp_path / "processes").symlink_to(built_site, target_is_directory=True)
    server = serve_directory(tmp_path, free_port())
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/processes/"
        page = context_for("vi-VN")
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        _short_link_lands(page, base, "vi")
        page.goto(base + "sources/", wait_until="networkidle")
        assert page.locator(f"{NOTICE} a").get_attribute("href") == base + "vi/sources/"
        assert [url for url in requests if not url.startswith(base)] == []
        assert page.console_errors == []
    finally:
        server.shutdown()
        server.server_close()
