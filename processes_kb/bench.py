"""Measure what the tests deliberately do not time: build time, page weight, check times (`kb bench`), and how soon
a saved edit shows in the served site (`kb bench preview`).

Prints one table. Targets (a reader's page under 150 KB compressed; a full build under 30 s) are reported, not
enforced: this is a benchmark, not a test.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from processes_kb.process_group import ProcessGroup, answers_http, free_port, wait_until
from processes_kb.project import ProjectConfig

PAGE_WEIGHT_TARGET_KB = 150
BUILD_TARGET_SECONDS = 30


class BenchError(Exception):
    """A measured command failed: its output says why."""


def timed(command: list[str], runs: int, root: Path) -> float:
    """Median wall time of a command, in seconds; BenchError on failure."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=root, capture_output=True, text=True,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise BenchError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return statistics.median(times)


def page_weight(site: Path, html: Path) -> int:
    """Compressed bytes a first visit to a page downloads: the HTML plus the site's CSS and JS it references."""
    text = html.read_text(encoding="utf-8")
    total = len(gzip.compress(html.read_bytes()))
    for asset in list(site.rglob("*.css")) + list(site.rglob("*.js")):
        if asset.name in text and not asset.name.endswith(".map"):
            total += len(gzip.compress(asset.read_bytes()))
    return total


def run_bench(root: Path, runs: int) -> int:
    """Print the table; BenchError when a measured command fails."""
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build = timed([python, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], runs, root)
        fresh = timed([python, "-m", "processes_kb", "check", "--fresh"], runs, root)
        timed([python, "-m", "processes_kb", "check"], 1, root)  # the renders the next runs read from the cache
        checks = timed([python, "-m", "processes_kb", "check"], runs, root)
        snippets = timed([python, "-m", "processes_kb", "snippets"], 1, root)
        weights = {html.relative_to(site).parent.as_posix() or "/": page_weight(site, html)
                   for html in sorted(site.rglob("index.html"))}
        size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    heaviest_page, heaviest = max(weights.items(), key=lambda item: item[1])
    rows = [
        ("full strict build, 5 languages", f"{build:.1f} s", f"< {BUILD_TARGET_SECONDS} s",
         "ok" if build < BUILD_TARGET_SECONDS else "over"),
        ("kb check, every page rendered (--fresh)", f"{fresh:.2f} s", "", ""),
        ("kb check again, nothing changed", f"{checks:.2f} s", "", ""),
        ("snippet checker (all checks)", f"{snippets:.1f} s", "", ""),
        ("built site on disk", f"{size / 1e6:.1f} MB", "", ""),
        ("pages", str(len(weights)), "", ""),
        (f"heaviest page ({heaviest_page}), gzip", f"{heaviest / 1024:.0f} KB", f"<= {PAGE_WEIGHT_TARGET_KB} KB",
         "ok" if heaviest / 1024 <= PAGE_WEIGHT_TARGET_KB else "over"),
        ("median page, gzip", f"{statistics.median(weights.values()) / 1024:.0f} KB", "", ""),
    ]
    width = max(len(row[0]) for row in rows)
    for name, value, target, verdict in rows:
        print(f"{name.ljust(width)}  {value:>9}  {target:>10}  {verdict}".rstrip())
    return 0



# ---------------------------------------------------------------- edit -> served (`kb bench preview`)

PREVIEW_TARGET_SECONDS = 2.0
PREVIEW_ENV = "KB_PREVIEW_LANG"  # read by mkdocs.yml (the processes-kb plugin's preview_language)
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "examples", "data", "processes_kb")  # what mkdocs serve reads
PAGE = "index.md"  # the page edited and read back


def copy_project(root: Path, target: Path) -> Path:
    """What `mkdocs serve` reads and watches, copied, so that the measured edits never touch the real pages."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


def edited(text: str, marker: str) -> str:
    """The page with `marker` at the end of its first heading's text (before its `{ #id }`)."""
    heading = re.search(r"^#[^\n{]*?(?= *\{ *#)", text, re.MULTILINE)
    if heading is None:
        raise BenchError(f"docs/…/{PAGE}: no heading with an ID to edit")
    return text[:heading.end()] + f" {marker}" + text[heading.end():]


def served_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def preview_latencies(root: Path, lang: str, preview: bool, runs: int, timeout: float = 120) -> list[float]:
    """Seconds from saving an edit of docs/LANG/index.md to `mkdocs serve` serving the new text, `runs` times; the
    server runs in a copy of the project (with KB_PREVIEW_LANG=LANG when `preview`). BenchError when it fails."""
    with tempfile.TemporaryDirectory() as folder, ProcessGroup() as group:
        project = copy_project(root, Path(folder) / "project")
        log_path = Path(folder) / "serve.log"
        port = free_port()
        env = {"NO_MKDOCS_2_WARNING": "1", PREVIEW_ENV: lang if preview else ""}
        with log_path.open("wb") as log:
            server = group.start([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], env=env,
                                 cwd=project, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/" + ("" if lang == ProjectConfig.read(project).default_lang else f"{lang}/")

        def failed(what: str) -> BenchError:
            return BenchError(f"mkdocs serve {what}:\n{log_path.read_text(encoding='utf-8', errors='replace')}")

        try:
            wait_until(lambda: server.poll() is not None or answers_http(url), timeout, "mkdocs serve")
        except TimeoutError:
            raise failed(f"did not answer at {url} within {timeout:.0f} s") from None
        if server.poll() is not None:
            raise failed("stopped")
        page = project / "docs" / lang / PAGE
        original = page.read_text(encoding="utf-8")
        latencies = []
        for run in range(runs):
            marker = f"kbbench{run}x{os.getpid()}"
            page.write_text(edited(original, marker), encoding="utf-8")
            saved = time.perf_counter()
            while marker not in served_text(url):  # the server answers once its rebuild is done
                if time.perf_counter() - saved > timeout or server.poll() is not None:
                    raise failed(f"did not show the edit within {timeout:.0f} s")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - saved)
        return latencies


def run_preview_bench(root: Path, lang: str, runs: int, print_line=print) -> None:
    """Print, for the one-language preview and for the whole site, the median time from a save to the new text
    served, against the preview's target."""
    rows = []
    for preview, what in ((True, f"bash scripts/serve.sh --lang {lang}"), (False, "bash scripts/serve.sh")):
        latencies = preview_latencies(root, lang, preview, runs)
        median = statistics.median(latencies)
        verdict = ("ok" if median <= PREVIEW_TARGET_SECONDS else "over") if preview else ""
        rows.append((what, f"{median:.1f} s", f"<= {PREVIEW_TARGET_SECONDS:.0f} s" if preview else "", verdict,
                     ", ".join(f"{seconds:.1f}" for seconds in latencies)))
    print_line(f"Save in docs/{lang}/{PAGE} -> new text served (median of {runs}; each run in seconds):")
    width = max(len(row[0]) for row in rows)
    for what, median, target, verdict, each in rows:
        print_line(f"{what.ljust(width)}  {median:>6}  {target:>6}  {verdict:<4}  ({each})".rstrip())


# ---------------------------------------------------------------- the whole base on paper (`kb bench whole-base`)

PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF as Chromium writes it (one uncompressed `/Type /Page` dictionary per page)."""
    return len(PDF_PAGE.findall(pdf))


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not found:
        raise BenchError("chromium not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM")
    return found


def print_whole_base(site: Path, languages: list[str], default_lang: str, keep: Path | None = None) -> dict[str, dict]:
    """Each language's whole knowledge base (`<lang>/all.html` of a built site) printed by Chromium to an A4 PDF, as
    a reader's "Save as PDF" does (print stylesheet, backgrounds off): lang -> {pages, bytes, seconds}. With `keep`,
    the PDFs are written there as processes-<lang>.pdf."""
    from playwright.sync_api import sync_playwright

    from processes_kb.process_group import serve_directory
    from processes_kb.whole_base import WHOLE_BASE_FILE

    port = free_port()
    server = serve_directory(site, port)
    found = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            page = browser.new_page()
            for lang in languages:
                prefix = "" if lang == default_lang else f"{lang}/"
                page.goto(f"http://127.0.0.1:{port}/{prefix}{WHOLE_BASE_FILE}", wait_until="load")
                started = time.perf_counter()
                pdf = page.pdf(format="A4")
                found[lang] = {"pages": pdf_page_count(pdf), "bytes": len(pdf),
                               "seconds": time.perf_counter() - started}
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / f"processes-{lang}.pdf").write_bytes(pdf)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def run_whole_base_bench(root: Path, site: Path | None, keep: Path | None, print_line=print) -> None:
    """Print, per language, the A4 pages, PDF size and printing time of the whole knowledge base on one page
    (building the site first unless `site` is a built one)."""
    config = ProjectConfig.read(root)
    with tempfile.TemporaryDirectory() as folder:
        if site is None:
            site = Path(folder) / "site"
            timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], 1, root)
        found = print_whole_base(site, config.codes, config.default_lang, keep)
    print_line("The whole knowledge base on one page (<lang>/all.html), printed by Chromium on A4:")
    for lang, measured in found.items():
        print_line(f"{lang:<4}  {measured['pages']:>4} pages  {measured['bytes'] / 1e6:>5.1f} MB  "
                   f"{measured['seconds']:>5.1f} s")
    if keep is not None:
        print_line(f"PDFs written in {keep}.")
