"""Every internal link and anchor of the built site resolves, in every language: LinkChecker (a maintained link
checker) crawls the site built for its production address (`preview_site`) as a static host serves it at a local
one, and every #fragment of the links it found is looked up among the IDs of the target page. Links to the
production address itself (canonical and short links) are looked up among the built files. External links are
listed, not fetched.

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

from conftest import PRODUCTION, html_ids, parse_html, real_site

from processes_kb.process_group import free_port

pytestmark = pytest.mark.content

SITE = real_site()
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
def link_report(tmp_path_factory, preview_site):
    folder = tmp_path_factory.mktemp("links")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                             functools.partial(_Host, directory=str(preview_site)))
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
    return url, rows, preview_site


def test_every_internal_link_and_anchor_resolves(link_report):
    url, rows, site_dir = link_report
    broken = [f"{row['parentname']}:{row['line']}: {row['urlname']} -> {row['result'] or row['warningstring']}"
              for row in rows if row["valid"] != "True"]
    assert broken == [], "\n".join(broken)
    pages = {row["url"] for row in rows if row["url"].startswith(url) and row["url"].endswith("/")}
    expected = {url + SITE.page_path(lang, name) for lang in SITE.languages for name in SITE.pages[lang]}
    assert expected <= pages, sorted(expected - pages)
    # The site's own production address (canonical and short links): not crawled, so looked up in the build.
    own = sorted({row["url"] for row in rows if row["url"].startswith(PRODUCTION)})
    assert own, "no link to the production address found: canonical and short links are gone"
    missing = []
    for target in own:
        file = site_dir / unquote(target.removeprefix(PRODUCTION).partition("#")[0].partition("?")[0])
        if not (file / "index.html" if file.is_dir() else file).is_file():
            missing.append(f"{target} -> no such file in the build")
    assert missing == [], "\n".join(missing)
    looked_at = set()
    for page in sorted(pages):
        html = site_dir / page.removeprefix(url) / "index.html"
        for link in parse_html(html).find_all("a", href=True):
            target = urljoin(page, link["href"])
            base, _, fragment = target.partition("#")
            if not fragment or not base.startswith(url):
                continue
            file = site_dir / base.removeprefix(url)
            file = file / "index.html" if file.is_dir() else file
            if file.suffix != ".html":
                continue
            looked_at.add(file)
            if not file.is_file() or unquote(fragment) not in html_ids(file):
                missing.append(f"{page}: {link['href']} -> no id '{unquote(fragment)}' on {base}")
    assert missing == [], "\n".join(missing)
    assert len(looked_at) >= len(expected) // 2, "too few link targets looked at: the anchor check did not run"


def test_external_links_are_listed_not_fetched(link_report):
    url, rows, _ = link_report
    external = sorted({row["url"] for row in rows if not row["url"].startswith((url, "data:", PRODUCTION))})
    print("external links (not fetched):\n" + "\n".join(external))
    assert external, "no external link found: the crawl did not see the pages"
    assert all(target.startswith("https://") for target in external), external
    fetched = [row for row in rows if not row["url"].startswith(url) and row["dltime"] not in ("", "-1")]
    assert fetched == []
