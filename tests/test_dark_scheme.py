"""What a reader sees in the dark colour scheme (the system's preference picks it): glossary tooltips stay readable."""

from __future__ import annotations

import pytest

from test_browser import LANGS, SITE, browser, site_url  # noqa: F401  (fixtures)
from test_site_build import page_url

CONTRAST = """element => {
    const rgb = (colour) => colour.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const luminance = (colour) => {
        const [r, g, b] = rgb(colour).map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let background = element;
    while (background && getComputedStyle(background).backgroundColor.match(/[\\d.]+/g).length === 4
           && Number(getComputedStyle(background).backgroundColor.match(/[\\d.]+/g)[3]) === 0) {
        background = background.parentElement;
    }
    const [a, b] = [luminance(getComputedStyle(element).color), luminance(getComputedStyle(background).backgroundColor)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


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
