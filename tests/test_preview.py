"""The site built for its production address but served somewhere else (a preview, a local copy): every browser test
runs on such a preview (`site_url`, conftest.py), so each that asserts that a reader's requests stay on the served
origin asserts it of a preview: every page of every language and switching between every pair of languages
(test_browser.py), searching in every language (test_search.py). Here: that premise."""

from __future__ import annotations

import pytest

from conftest import PRODUCTION, page_url

pytestmark = pytest.mark.browser


def test_the_browser_tests_read_a_site_built_for_another_address_than_the_one_serving_it(page, site_url):
    page.goto(site_url + page_url("uk", "processes.md"), wait_until="networkidle")
    assert not site_url.startswith(PRODUCTION)
    assert page.locator('link[rel="canonical"]').get_attribute("href") == PRODUCTION + page_url("uk", "processes.md")
    assert [url for url in page.requests if not url.startswith(site_url)] == []
    assert page.console_errors == []
