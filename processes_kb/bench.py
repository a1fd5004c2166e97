"""Measure what the tests deliberately do not time: build time, page weight, check times (`kb bench`).

Prints one table. Targets (a reader's page under 150 KB compressed; a full build under 30 s) are reported, not
enforced: this is a benchmark, not a test.
"""

from __future__ import annotations

import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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

