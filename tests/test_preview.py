"""The site built for its production address but served somewhere else (a preview, a local copy): everything a
reader does stays on the served origin, with no console error."""

from __future__ import annotations

import pytest

from conftest import ROOT
from test_browser import LANGS, browser, page  # noqa: F401  (fixtures)
from test_site_build import mkdocs_build, page_url

from processes_kb.process_group import free_port, serve_directory

PRODUCTION = "https://processes.12factor.dev/"


@pytest.fixture(scope="module")
def preview_url(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("preview-site")
    result = mkdocs_build(ROOT, site_dir, site_url=PRODUCTION)
    assert result.returncode == 0, result.stderr
    port = free_port()
    server = serve_directory(site_dir, port)
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()


@pytest.mark.parametrize("lang", LANGS)
def test_a_preview_reads_searches_and_switches_language_without_leaving_its_origin(page, preview_url, lang):
    for name in ("index.md", "processes.md", "glossary.md", "recommendations/no-sticky-sessions.md"):
        page.goto(preview_url + page_url(lang, name), wait_until="networkidle")
    page.locator("[data-site-search-open]").click()
    page.locator("#site-search-results input").fill("Redis")
    page.locator(".pagefind-ui__result-link").first.wait_for()
    page.keyboard.press("Escape")
    target = next(other for other in LANGS if other != lang)
    page.goto(preview_url + page_url(lang, "processes.md") + "#sticky-sessions", wait_until="networkidle")
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'a.md-select__link[hreflang="{target}"]').click()
    page.wait_for_url(preview_url + page_url(target, "processes.md") + "#sticky-sessions")
    page.wait_for_load_state("networkidle")
    assert [url for url in page.requests if not url.startswith(preview_url)] == []
    assert page.console_errors == []
