"""Shared test helpers and fixtures: the project root, small fixture projects, a copy of the real project to break, and
the real site, built once per configuration for the whole session, its pages parsed once.

The real site is built in three configurations, the only ones whose output differs where the tests look:

- `built_site`: for the published address, which has a path (SITE_URL): the files as published (sitemap, canonical
  and short links, 404 pages that work at any depth, search bundles), read from disk.
- `preview_site`: for mkdocs.yml's own address (PRODUCTION) and served elsewhere, at a local address, as a
  production host serves it (`site_url`): everything a reader's browser does stays on the served origin. The
  browser tests (reader, search, preview, accessibility) and the link crawl use it; nothing in it depends on the
  port it is served at.
- `repo_site`: with REPO_URL set, for the "edit this page" button (the header then shows the repository, whose facts
  Material's script fetches from GitHub: the served site has no REPO_URL).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent

SITE_URL = "https://docs.example.org/processes/"  # an address with a path, as the site may be published
PRODUCTION = "https://processes.12factor.dev/"     # mkdocs.yml's site_url: the preview build's
REPO_URL = "https://github.com/example-org/processes"

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

FIXTURE_MKDOCS_YML = """\
site_name: Fixture
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - locale: en
          name: English
          default: true
        - locale: uk
          name: Українська
# The site's block syntax (kb check renders every page with these, as the build does)
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: ["."]
"""


@pytest.fixture
def make_project(tmp_path):
    """Write a small project: `files` maps paths (relative to the project) to their text."""

    def make(files: dict[str, str | bytes], mkdocs_yml: str = FIXTURE_MKDOCS_YML) -> Path:
        (tmp_path / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
        for relative, content in files.items():
            path = tmp_path / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return tmp_path

    return make


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the real project to break on purpose."""
    for item in ("mkdocs.yml", "docs", "overrides", "scripts", "examples", "data", "processes_kb"):
        source = ROOT / item
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / item)
    return tmp_path


def replace_in(path: Path, old: str, new: str) -> str:
    """Replace text in a file (it must be there); returns the original text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


# ---------------------------------------------------------------- the real site, built once per configuration


@functools.cache
def real_site():
    """The real docs' content model, loaded once (after pytest_sessionstart has checked them)."""
    from processes_kb.content import load_site

    return load_site(ROOT)


def mkdocs_build(project: Path, site_dir: Path, site_url: str = SITE_URL, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project at `project` into `site_dir`, for `site_url` (extra `env`: REPO_URL)."""
    env = {**{k: v for k, v in os.environ.items() if k != "KB_PREVIEW_LANG"},  # a preview builds two languages
           "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url, **env}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site_dir)], capture_output=True, text=True, env=env)


def _build_real_site(tmp_path_factory, name: str, site_url: str, **env: str) -> Path:
    site_dir = tmp_path_factory.mktemp(name)
    result = mkdocs_build(ROOT, site_dir, site_url, **env)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site built for SITE_URL (an address with a path), as files."""
    return _build_real_site(tmp_path_factory, "site", SITE_URL)


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory) -> Path:
    """The real site built for its production address (PRODUCTION), to serve at another one."""
    return _build_real_site(tmp_path_factory, "preview-site", PRODUCTION)


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory) -> Path:
    """The real site built with REPO_URL set (the "edit this page" button)."""
    return _build_real_site(tmp_path_factory, "repo-site", SITE_URL, REPO_URL=REPO_URL)


@pytest.fixture(scope="session")
def site_url(preview_site) -> str:
    """Where `preview_site` is served, as a production host serves it (compressed text, cache headers, a 404 page per
    language): http://127.0.0.1:<port>/, not the address it was built for."""
    from processes_kb.process_group import free_port, serve_directory

    port = free_port()
    server = serve_directory(preview_site, port, compress=True)
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()
    server.server_close()


def page_url(lang: str, name: str) -> str:
    """Site-relative URL of a page: `processes.md` in uk -> `uk/processes/`. The content model's one rule, which
    every build checks against MkDocs' own File.url (a copy here once agreed with a bug: `reindex.md`)."""
    return real_site().page_path(lang, name)


@functools.cache
def parse_html(path: Path) -> BeautifulSoup:
    """A built HTML file, parsed once per session and shared by every test that reads it: read it, never change it."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@functools.cache
def html_ids(path: Path) -> dict:
    """id -> element of a built HTML file (the first element with that id), once per session."""
    ids = {}
    for element in parse_html(path).find_all(id=True):
        ids.setdefault(element["id"], element)
    return ids


def page_file(site_dir: Path, lang: str, name: str) -> Path:
    return site_dir / page_url(lang, name) / "index.html"


def soup(site_dir: Path, lang: str, name: str) -> BeautifulSoup:
    """A built page of the real site (parsed once per session)."""
    return parse_html(page_file(site_dir, lang, name))


# ---------------------------------------------------------------- a real browser


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (which never downloads a browser), once per session."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    assert CHROMIUM, "chromium not found: install Debian's chromium or set CHROMIUM"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def recording_page(browser, **context_options):
    """A fresh page in its own context that records console errors and every request (close its context after)."""
    page = browser.new_context(**context_options).new_page()
    page.console_errors, page.requests = [], []
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on("request", lambda request: page.requests.append(request.url))
    return page


@pytest.fixture
def page(browser):
    """A fresh desktop page that records console errors and every request."""
    page = recording_page(browser, viewport={"width": 1280, "height": 800})
    yield page
    page.context.close()


# ---------------------------------------------------------------- kinds of tests (markers, registered in pytest.ini)

KINDS = ("content", "toolkit", "browser", "examples")


@pytest.hookimpl(tryfirst=True)  # before `-m` selects
def pytest_collection_modifyitems(config, items):
    """A test that drives Chromium is a browser test, and one that reads a build of the real site a content test,
    whatever its module declares; a module whose tests have no kind at all is named (declare it in `pytestmark`)."""
    without_kind = set()
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & {"browser", "page"}:
            item.add_marker(pytest.mark.browser)
        if fixtures & {"built_site", "preview_site", "repo_site"}:
            item.add_marker(pytest.mark.content)
        if not any(item.get_closest_marker(kind) for kind in KINDS):
            without_kind.add(item.nodeid.split("::")[0])
    _keep_only_languages(config, items, set(os.environ.get("KB_LANGS", "").split()))
    if without_kind:
        warnings.warn(pytest.PytestWarning(
            f"tests of no kind (`-m {' / '.join(KINDS)}` leaves them out): set `pytestmark` in "
            f"{', '.join(sorted(without_kind))} (pytest.ini says which kind is which)"))


def _keep_only_languages(config, items, wanted: set[str]) -> None:
    """KB_LANGS="uk" (the CI lane of a Ukrainian-only change): a test parametrized by language runs for those
    languages only; tests not split by language, and language pairs with one side wanted, all run."""
    if not wanted:
        return
    languages = set(real_site().languages)
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        langs = {value for value in params.values() if isinstance(value, str) and value in languages}
        (dropped if langs and not langs & wanted else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_sessionstart(session):
    """The real docs first: a translator's mistake is one clear failure naming file and line, not hundreds of
    failing tests built on broken docs."""
    from processes_kb.checks import run_checks
    from processes_kb.content import ContentError

    try:
        problems = run_checks(ROOT, cached=True).problems  # as `kb check`: only changed pages rendered again
    except ContentError as error:
        problems = [error]
    if problems:
        listing = "\n".join(str(problem) for problem in problems)
        pytest.exit(f"the docs have {len(problems)} problem(s); fix them first (`bash scripts/kb.sh check` lists the "
                    f"same):\n{listing}", returncode=1)
