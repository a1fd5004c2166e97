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
        checks = timed([python, "-m", "processes_kb", "check"], runs, root)
        snippets = timed([python, "-m", "processes_kb", "snippets"], 1, root)
        weights = {html.relative_to(site).parent.as_posix() or "/": page_weight(site, html)
                   for html in sorted(site.rglob("index.html"))}
        size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    heaviest_page, heaviest = max(weights.items(), key=lambda item: item[1])
    rows = [
        ("full strict build, 5 languages", f"{build:.1f} s", f"< {BUILD_TARGET_SECONDS} s",
         "ok" if build < BUILD_TARGET_SECONDS else "over"),
        ("kb check (all translator checks)", f"{checks:.2f} s", "", ""),
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
