"""The parallel view in Chromium: it opens on the factor's page, lists the pages in the navigation's order (from
mkdocs.yml and the recommendations' data, never a list of its own), scrolls to and highlights the row of the
address's #fragment, and keeps the chosen page when the reader changes the language in the language menu."""

from __future__ import annotations

import pytest

from conftest import ROOT, page_url, real_site
from processes_kb.recommendations import load_recommendations

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

SITE = real_site()


def navigation_order() -> list[str]:
    """Every page but the parallel view's, as the navigation orders them: the recommendations, which it leaves out,
    right after their index, in the index's order."""
    recommendations = [rec.page for rec in load_recommendations(ROOT)[0].values()]
    names = []
    for name in SITE.nav:
        names.append(name)
        if name == "recommendations/index.md":
            names.extend(recommendations)
    assert set(names) == set(SITE.originals)
    return [SITE.page_path(SITE.default_lang, name) for name in names if name != "parallel.md"]


def test_parallel_view_opens_on_the_factor_and_follows_fragment_and_language(page, site_url):
    page.goto(site_url + page_url("uk", "parallel.md") + "#sticky-sessions")
    menu = page.locator(".kb-parallel select[name=page]")
    assert menu.input_value() == "processes/"
    assert menu.locator("option").evaluate_all("options => options.map(o => o.value)") == navigation_order()
    assert menu.locator("option").first.inner_text() == SITE.pages["uk"]["index.md"].meta["title"]
    rows = page.locator(".kb-parallel__row")
    rows.first.wait_for()
    assert rows.evaluate_all("rows => rows.map(row => row.dataset.id)") == \
        [s.id for s in SITE.pages["uk"]["processes.md"].segments if s.kind != "code"]

    # The #fragment's row: highlighted, scrolled to below the header, the only one highlighted.
    target = page.locator('.kb-parallel__row[data-id="sticky-sessions"]')
    highlighted = page.locator(".kb-parallel__row--target")
    page.wait_for_function("document.querySelector('.kb-parallel__row--target')")
    assert highlighted.count() == 1 and highlighted.get_attribute("data-id") == "sticky-sessions"
    box, header = target.bounding_box(), page.locator(".md-header").bounding_box()
    assert header["height"] - 1 <= box["y"] < page.viewport_size["height"] / 2
    background = target.evaluate("row => getComputedStyle(row).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.url.endswith("?page=processes%2F&langs=en%2Cuk#sticky-sessions")

    # Another fragment (a link inside the page, or typed): its row instead.
    page.evaluate("location.hash = '#practice-state-outside'")
    page.wait_for_function(
        "document.querySelector('.kb-parallel__row--target')?.dataset.id === 'practice-state-outside'")
    assert highlighted.count() == 1
    box = page.locator('.kb-parallel__row[data-id="practice-state-outside"]').bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"] / 2

    # Another page: the fragment, which named a passage of the page before, is dropped.
    menu.select_option("glossary/")
    page.wait_for_function("document.querySelector('.kb-parallel__row')?.dataset.id === 'glossary'")
    assert page.url.endswith("?page=glossary%2F&langs=en%2Cuk")

    # The language menu opens the French view of the same page, with the languages chosen and French.
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**/fr/parallel/?*")
    assert page.locator(".kb-parallel select[name=page]").input_value() == "glossary/"
    page.locator(".kb-parallel__row").first.wait_for()
    checked = page.locator(".kb-parallel input[name=lang]:checked")
    assert checked.evaluate_all("boxes => boxes.map(b => b.value)") == ["en", "uk", "fr"]
    assert page.locator(".kb-parallel__row").first.locator(".kb-parallel__cell").evaluate_all(
        "cells => cells.map(cell => cell.lang)") == ["en", "uk", "fr"]
    assert page.console_errors == []


def test_parallel_view_without_a_page_in_the_address_opens_on_the_factor(page, site_url):
    """An address naming a page the site does not have (an old link) opens the factor too, never an empty menu."""
    page.goto(site_url + page_url("en", "parallel.md") + "?page=gone/&langs=en,vi")
    assert page.locator(".kb-parallel select[name=page]").input_value() == "processes/"
    page.locator(".kb-parallel__row").first.wait_for()
    assert page.locator(".kb-parallel__row").first.get_attribute("data-id") == "processes"
    assert page.console_errors == []
