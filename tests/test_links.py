"""Every internal link and anchor of the built site resolves, in every language: LinkChecker (a maintained link
checker) crawls the site as a static host serves it, and every #fragment of the links it found is looked up among
the IDs of the target page. External links are listed, not fetched.

LinkChecker's own AnchorCheck plugin fetches and parses the target page again for every link with a fragment:
128 s on this site against 4.5 s for the crawl alone, so fragments are checked here, from each page parsed once."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from test_site_build import mkdocs_build

from processes_kb.content import load_site
from processes_kb.process_group import free_port

SITE = load_site(ROOT)
LINKCHECKER = Path(sys.executable).with_name("linkchecker")
# The request rate is only raised for a server that answers with a `LinkChecker` header, as the test server does.
CONFIG = """\
[checking]
threads=4
maxrequestspersecond=1000
[filtering]
checkextern=0
ignore=
  ^data:
"""


class _Host(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("LinkChecker", "allowed")
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def link_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("links")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    result = mkdocs_build(ROOT, folder / "site", site_url=url)
    assert result.returncode == 0, result.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                             functools.partial(_Host, directory=str(folder / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    (folder / "linkcheckerrc").write_text(CONFIG, encoding="utf-8")
    try:
        # Every language's home page and 404 page as starting points: all pages are reachable from them.
        starts = [url + SITE.url_prefix(lang) for lang in SITE.languages] + \
                 [url + SITE.url_prefix(lang) + "404.html" for lang in SITE.languages]
        run = subprocess.run([str(LINKCHECKER), "--config", str(folder / "linkcheckerrc"), "--verbose",
                              "--no-status", "--output", "csv", *starts], capture_output=True, text=True, timeout=600)
    finally:
        server.shutdown()
    lines = [line for line in run.stdout.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert rows, run.stderr
    return url, rows, folder / "site"


def _ids(html: Path) -> set[str]:
    return {element["id"] for element in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find_all(id=True)}


def test_every_internal_link_and_anchor_resolves(link_report):
    url, rows, site_dir = link_report
    broken = [f"{row['parentname']}:{row['line']}: {row['urlname']} -> {row['result'] or row['warningstring']}"
              for row in rows if row["valid"] != "True"]
    assert broken == [], "\n".join(broken)
    pages = {row["url"] for row in rows if row["url"].startswith(url) and row["url"].endswith("/")}
    expected = {url + SITE.page_path(lang, name) for lang in SITE.languages for name in SITE.pages[lang]}
    assert expected <= pages, sorted(expected - pages)
    ids, missing = {}, []
    for page in sorted(pages):
        html = site_dir / page.removeprefix(url) / "index.html"
        for link in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            target = urljoin(page, link["href"])
            base, _, fragment = target.partition("#")
            if not fragment or not base.startswith(url):
                continue
            file = site_dir / base.removeprefix(url)
            file = file / "index.html" if file.is_dir() else file
            if file.suffix != ".html":
                continue
            if file not in ids:
                ids[file] = _ids(file) if file.is_file() else set()
            if unquote(fragment) not in ids[file]:
                missing.append(f"{page}: {link['href']} -> no id '{unquote(fragment)}' on {base}")
    assert missing == [], "\n".join(missing)
    assert len(ids) >= len(expected) // 2, "too few link targets looked at: the anchor check did not run"


def test_external_links_are_listed_not_fetched(link_report):
    url, rows, _ = link_report
    external = sorted({row["url"] for row in rows if not row["url"].startswith((url, "data:"))})
    print("external links (not fetched):\n" + "\n".join(external))
    assert external, "no external link found: the crawl did not see the pages"
    assert all(target.startswith("https://") for target in external), external
    fetched = [row for row in rows if not row["url"].startswith(url) and row["dltime"] not in ("", "-1")]
    assert fetched == []
