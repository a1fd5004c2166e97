"""Search in the reader's language, in a real browser: one Pagefind index per language, made by the build itself,
loaded only when the reader opens the search."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, page_url, real_site, soup
from processes_kb.ui_strings import read_ui_strings
from processes_kb.site_build import ENTRY_NAMES_WEIGHT, RECOMMENDATION_NAMES_WEIGHT

pytestmark = pytest.mark.browser

SITE = real_site()
LANGS = SITE.languages

QUERY_SETS = yaml.safe_load((Path(__file__).parent / "data" / "search-queries.yml").read_text(encoding="utf-8"))
CONCEPTS = QUERY_SETS.pop("concepts")  # a concept by any of its names, in any language, with any apostrophe
QUERIES = QUERY_SETS  # inflected forms
TOP = 5
OWN_LANGUAGE_TOP = 3  # no other language's page may rank this high


def result_pages(page, site_url: str, lang: str, query: str) -> list[str]:
    """The first pages Pagefind's own JavaScript finds for a query, on a page of that language, once the dialog has
    prepared the query as it does for a reader (site-search.js)."""
    bundle = f"{site_url}{page_url(lang, 'index.md')}pagefind/pagefind.js"
    return page.evaluate("""async ([bundle, query, top]) => {
        const pagefind = await import(bundle);
        const search = await pagefind.search(window.siteSearchQuery(query));
        const found = await Promise.all(search.results.slice(0, top).map((result) => result.data()));
        return found.map((data) => data.url);
    }""", [bundle, query, TOP])


@pytest.mark.content
@pytest.mark.parametrize("query_set, at_least", [(QUERIES, 10), (CONCEPTS, 8)], ids=["inflections", "concepts"])
def test_every_language_has_a_query_set(query_set, at_least):
    assert sorted(query_set) == sorted(LANGS)
    for lang, queries in query_set.items():
        assert len(queries["queries"]) >= at_least, lang
        for item in queries["queries"]:
            assert all(name in SITE.pages[lang] for name in item["pages"]), item


def assert_recall(page, site_url: str, lang: str, query_set: dict, kind: str) -> None:
    """At least the set's floor of queries find one of their pages in the first TOP results, and no result in the
    first OWN_LANGUAGE_TOP is a page of another language."""
    page.goto(f"{site_url}{page_url(lang, 'index.md')}")
    missed, foreign, queries = [], [], query_set[lang]["queries"]
    home = "/" + page_url(lang, "index.md")
    others = ["/" + page_url(other, "index.md") for other in LANGS if other not in (lang, SITE.default_lang)]
    for item in queries:
        found = result_pages(page, site_url, lang, item["query"])
        expected = {"/" + page_url(lang, name) for name in item["pages"]}
        paths = [url.removeprefix(site_url[:-1]) for url in found]
        if not expected & set(paths):
            missed.append(f"{item['query']!r}: expected one of {sorted(expected)}, found {found}")
        foreign += [f"{item['query']!r}: {path}" for path in paths[:OWN_LANGUAGE_TOP]
                    if not path.startswith(home) or any(path.startswith(other) for other in others)]
    answered = len(queries) - len(missed)
    print(f"search recall ({kind}) {lang}: {answered} of {len(queries)} queries answered in the first {TOP} results")
    assert foreign == [], "pages of another language ranked in the first three:\n" + "\n".join(foreign)
    assert answered >= query_set[lang]["answered_at_least"], \
        f"{len(missed)} of {len(queries)} {lang} queries missed:\n" + "\n".join(missed)


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_the_right_page_from_inflected_queries(page, site_url, lang):
    assert_recall(page, site_url, lang, QUERIES, "inflections")


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_a_concept_by_any_of_its_names_in_any_language(page, site_url, lang):
    assert_recall(page, site_url, lang, CONCEPTS, "concepts")


@pytest.mark.content
def test_concept_names_are_indexed_hidden_with_the_entry_and_the_recommendations_that_use_it(built_site):
    glossary = soup(built_site, "pt", "glossary.md")
    entry = glossary.find(id="sticky-sessions").find_next_sibling("p", class_="kb-search-terms")
    recommendation = soup(built_site, "pt", "recommendations/no-sticky-sessions.md").find(
        "p", class_="kb-search-terms")
    for names in (entry, recommendation):
        assert names.has_attr("hidden") and names.find("a") is None, names
        text = names.get_text()
        # own synonyms, the English term, another language's term, and the names without their diacritics
        for name in ("sessões persistentes", "sticky sessions", "липкі сесії", "affinité de session",
                     "sessoes persistentes", "afinidade de sessao"):
            assert name in text, (name, text)
    assert recommendation["data-pagefind-weight"] == f"{RECOMMENDATION_NAMES_WEIGHT:g}"
    assert entry["data-pagefind-weight"] == f"{ENTRY_NAMES_WEIGHT:g}"


def test_the_dialog_folds_apostrophes_to_the_letter_ukrainian_writes(page, site_url):
    page.goto(f"{site_url}uk/processes/")
    assert page.evaluate("window.siteSearchQuery(\"п'ять прив’язка пʼять 'Redis'\")") == "пʼять привʼязка пʼять 'Redis'"
    page.goto(f"{site_url}fr/processes/")
    assert page.evaluate("window.siteSearchQuery(\"contrôle d'intégrité\")") == "contrôle d'intégrité"


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_only_pages_of_the_readers_language(page, site_url, lang):
    page.goto(f"{site_url}{page_url(lang, 'index.md')}")
    found = result_pages(page, site_url, lang, "Redis")
    assert len(found) == TOP, found
    prefix = "/" + page_url(lang, "index.md")
    others = ["/" + page_url(other, "index.md") for other in LANGS if other not in (lang, SITE.default_lang)]
    for path in found:
        assert path.startswith(prefix) and not any(path.startswith(other) for other in others), path


def test_search_loads_nothing_until_the_reader_opens_it_then_works_from_the_keyboard(page, site_url):
    page.goto(f"{site_url}uk/processes/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.requests if "pagefind" in url], "the search index was fetched before searching"
    page.keyboard.press("/")
    field = page.locator("#site-search-results input")
    field.wait_for()
    assert page.evaluate("document.activeElement") == page.evaluate(
        "document.querySelector('#site-search-results input')"), "the search field does not have the focus"
    page.keyboard.type("липкими сесіями")
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for()
    assert "/uk/" in first.get_attribute("href")
    assert [url for url in page.requests if url.endswith("/uk/pagefind/pagefind-ui.js")]
    page.keyboard.press("Escape")
    assert not page.locator("#site-search").evaluate("dialog => dialog.open")
    assert page.console_errors == []
    assert all(url.startswith(site_url) for url in page.requests), [u for u in page.requests if not u.startswith(site_url)]


@pytest.mark.parametrize("lang", LANGS)
def test_search_dialog_speaks_the_readers_language(page, site_url, lang):
    strings = read_ui_strings(ROOT, LANGS)[0]
    page.goto(f"{site_url}{page_url(lang, 'processes.md')}")
    opener = page.locator("[data-site-search-open]")
    label = opener.get_attribute("aria-label")
    opener.click()
    field = page.locator("#site-search-results input")
    field.wait_for()
    dialog = page.get_by_role("dialog")
    title = page.locator("#site-search-title").inner_text()
    assert dialog.get_attribute("aria-labelledby") == "site-search-title" and title
    assert field.get_attribute("placeholder") == strings["search_placeholder"][lang]
    assert field.get_attribute("aria-label") == strings["search_label"][lang]
    assert page.locator("#site-search-results form[role=search]").get_attribute("aria-label") == \
        strings["search_label"][lang]
    field.fill("Redis")
    message = page.locator(".pagefind-ui__message")
    message.filter(has_text="Redis").wait_for()
    expected = re.escape(strings["search_many_results"][lang].replace("[SEARCH_TERM]", "Redis"))
    found = re.fullmatch(expected.replace(re.escape("[COUNT]"), r"(\d+)"), message.inner_text())
    assert found and 2 <= int(found.group(1)) < 100, message.inner_text()
    field.fill("zzqxj")
    message.filter(has_text="zzqxj").wait_for()
    assert message.inner_text() == strings["search_zero_results"][lang].replace("[SEARCH_TERM]", "zzqxj")
    if lang != "en":
        assert label != "Search" and title != "Search", (label, title)
    # The site is served elsewhere than it was built for (a preview): the search stays on the served origin.
    assert [url for url in page.requests if not url.startswith(site_url)] == []
    assert page.console_errors == []


@pytest.mark.content
def test_the_build_indexes_each_languages_pages_and_not_the_404_page(built_site):
    for lang in LANGS:
        bundle = built_site / page_url(lang, "index.md") / "pagefind"
        entry = (bundle / "pagefind-entry.json").read_text(encoding="utf-8")
        count = sum(1 for _ in SITE.pages[lang])
        assert f'"page_count":{count}' in entry, (lang, entry)
        assert not (bundle / "pagefind-component-ui.js").exists()
    assert '"ru"' in (built_site / "uk" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert not (built_site / "search" / "search_index.json").exists(), "Material's all-languages index is back"


def test_search_on_a_phone_fits_the_screen_and_opens_a_result(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{site_url}pt/processes/")
    phone.locator("[data-site-search-open]").tap()
    field = phone.locator("#site-search-results input")
    field.fill("sessões")
    result = phone.locator(".pagefind-ui__result-link").first
    result.wait_for()
    box = phone.locator("#site-search").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    href = result.get_attribute("href")
    result.tap()
    phone.wait_for_url(f"**{href}")
    assert phone.evaluate("document.documentElement.lang") == "pt-BR"
    context.close()
