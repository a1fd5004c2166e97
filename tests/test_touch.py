"""A phone (Chromium with touch emulation, 390×844): a tap on a glossary term shows its definition in a popover where
the reader is (docs/assets/javascripts/touch.js, glossary-popover.css); a tap on a segment reveals its ¶ link, a
target a finger can hit (segments.css). A mouse and the keyboard keep the link and Material's tooltip."""

from __future__ import annotations

import pytest

from conftest import page_url, recording_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
POPOVER = "#kb-term-popover"
LANGS = ("en", "uk", "vi", "fr", "pt")


@pytest.fixture
def phone(browser):
    """A fresh touch-screen phone page that records console errors and every request."""
    page = recording_page(browser, has_touch=True, is_mobile=True, viewport=PHONE)
    yield page
    page.context.close()


def stayed_on_site(page, site_url: str) -> None:
    assert page.console_errors == []
    assert [url for url in page.requests if not url.startswith(site_url)] == []


def open_page(page, site_url: str, lang: str = "en", name: str = "processes.md") -> str:
    url = site_url + page_url(lang, name)
    page.goto(url)
    return url


def focus_inside(page) -> bool:
    return page.evaluate(f"document.querySelector('{POPOVER}')?.contains(document.activeElement) ?? false")


def opacity_when_settled(locator) -> str:
    """The opacity an element ends with, once its transitions (Material fades the ¶ in and out) have run."""
    return locator.evaluate("""async element => {
        getComputedStyle(element).opacity;  // starts a pending transition
        await Promise.all(element.getAnimations().map(animation => animation.finished));
        return getComputedStyle(element).opacity;
    }""")


@pytest.mark.parametrize("lang", LANGS)
def test_a_tap_on_a_term_shows_its_definition_and_a_link_to_its_entry(phone, site_url, lang):
    url = open_page(phone, site_url, lang)
    term = phone.locator("a.glossary-term").nth(1)
    term.scroll_into_view_if_needed()
    definition, href, text = term.get_attribute("title"), term.get_attribute("href"), term.inner_text()
    glossary_title = phone.locator(f"a.md-nav__link[href='{href.split('#')[0]}']").first.inner_text()

    term.tap()

    popover = phone.locator(POPOVER)
    assert phone.url == url
    assert popover.is_visible()
    assert popover.get_attribute("role") == "dialog"
    assert phone.locator(f"#{popover.get_attribute('aria-labelledby')}").inner_text() == text
    assert phone.locator(f"#{popover.get_attribute('aria-describedby')}").inner_text() == definition
    entry = popover.locator("a")
    assert (entry.get_attribute("href"), entry.inner_text()) == (href, glossary_title.strip())
    assert (term.get_attribute("aria-expanded"), term.get_attribute("aria-controls")) == ("true", "kb-term-popover")
    assert focus_inside(phone)
    box = popover.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    stayed_on_site(phone, site_url)


def test_escape_closes_the_popover_and_gives_focus_back_to_the_term(phone, site_url):
    open_page(phone, site_url)
    term = phone.locator("a.glossary-term").first
    term.tap()
    assert focus_inside(phone)

    phone.keyboard.press("Escape")

    assert phone.locator(POPOVER).count() == 0
    assert term.evaluate("term => term === document.activeElement")
    assert term.get_attribute("aria-expanded") is None
    stayed_on_site(phone, site_url)


def test_a_tap_outside_closes_the_popover(phone, site_url):
    url = open_page(phone, site_url)
    phone.locator("a.glossary-term").first.tap()
    assert phone.locator(POPOVER).is_visible()

    phone.locator("h1").tap()

    assert phone.locator(POPOVER).count() == 0
    assert phone.url == url


def test_the_popovers_entry_link_and_a_second_tap_on_the_term_go_to_the_entry(phone, site_url):
    url = open_page(phone, site_url)
    term = phone.locator("a.glossary-term").first
    entry_url = term.evaluate("term => term.href")
    term.tap()

    phone.locator(f"{POPOVER} a").tap()
    phone.wait_for_url(entry_url)

    phone.goto(url)
    term.tap()
    term.tap()
    phone.wait_for_url(entry_url)
    stayed_on_site(phone, site_url)


def test_the_popover_of_the_term_nearest_the_right_edge_stays_on_the_screen(phone, site_url):
    open_page(phone, site_url, "uk")
    terms = phone.locator("a.glossary-term")
    rights = terms.evaluate_all("terms => terms.map(term => term.getBoundingClientRect().right)")
    rightmost = terms.nth(rights.index(max(rights)))
    rightmost.scroll_into_view_if_needed()

    rightmost.tap()

    box = phone.locator(POPOVER).bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
    assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]


def test_a_mouse_click_on_a_term_still_follows_the_link_and_hovering_shows_the_tooltip(page, site_url):
    open_page(page, site_url)
    term = page.locator("a.glossary-term").first
    definition, entry_url = term.get_attribute("title"), term.evaluate("term => term.href")

    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for()
    assert tooltip.inner_text() == definition
    assert page.locator(POPOVER).count() == 0

    term.click()
    page.wait_for_url(entry_url)
    assert page.locator(POPOVER).count() == 0
    stayed_on_site(page, site_url)


def test_the_keyboard_still_follows_a_terms_link(page, site_url):
    open_page(page, site_url)
    term = page.locator("a.glossary-term").first
    entry_url = term.evaluate("term => term.href")
    term.focus()

    page.keyboard.press("Enter")

    page.wait_for_url(entry_url)


def test_a_tap_on_a_paragraph_reveals_its_permalink_a_target_a_finger_can_tap(phone, site_url):
    url = open_page(phone, site_url)
    paragraph = phone.locator(".md-typeset p[id]:has(> .headerlink)").nth(1)
    permalink = paragraph.locator("> .headerlink")
    paragraph.scroll_into_view_if_needed()
    assert opacity_when_settled(permalink) == "0"

    paragraph.tap(position={"x": 2, "y": 2})
    phone.mouse.move(0, 0)  # Chromium keeps a hover where the finger was; Safari on a phone may keep none
    assert opacity_when_settled(permalink) == "1"

    box = permalink.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    permalink.tap()
    phone.wait_for_url(f"{url}#{paragraph.get_attribute('id')}")
    stayed_on_site(phone, site_url)


def test_every_segments_permalink_is_at_least_24_px_square(phone, site_url):
    open_page(phone, site_url, "uk")
    sizes = phone.locator(".md-typeset :is(p, li) > .headerlink").evaluate_all(
        "links => links.map(link => { const box = link.getBoundingClientRect(); return [box.width, box.height]; })")
    assert sizes
    assert [size for size in sizes if min(size) < 24] == []
