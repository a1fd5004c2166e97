"""What a reader sees in the dark colour scheme (the system's preference picks it): glossary tooltips stay readable."""

from __future__ import annotations

import pytest

from conftest import page_url, real_site
from test_reader_a11y import CONTRAST

pytestmark = pytest.mark.browser

SITE = real_site()
LANGS = SITE.languages


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_glossary_tooltip_is_readable_in_both_colour_schemes(browser, site_url, lang, scheme):
    from processes_kb.glossary import definition

    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + page_url(lang, "processes.md"), wait_until="networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    page.locator('#sticky-sessions a.glossary-term[href$="#sticky-sessions"]').hover()
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text() == definition(SITE, "sticky-sessions", lang)
    assert tooltip.evaluate(CONTRAST) >= 4.5
    context.close()
