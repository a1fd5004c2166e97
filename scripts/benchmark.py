#!/usr/bin/env python3
"""Measure what the tests deliberately do not time: build time, page weight, check times.

Usage: python scripts/benchmark.py [--runs N]

Prints one table. Targets (a reader's page under 150 KB compressed; a full build under 30 s) are reported, not
enforced: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_WEIGHT_TARGET_KB = 150
BUILD_TARGET_SECONDS = 30


def timed(command: list[str], runs: int) -> float:
    """Median wall time of a command, in seconds; stops on failure."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.exit(f"error: {' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return statistics.median(times)


def page_weight(site: Path, html: Path) -> int:
    """Compressed bytes a first visit to a page downloads: the HTML plus the site's CSS and JS it references."""
    text = html.read_text(encoding="utf-8")
    total = len(gzip.compress(html.read_bytes()))
    for asset in list(site.rglob("*.css")) + list(site.rglob("*.js")):
        if asset.name in text and not asset.name.endswith(".map"):
            total += len(gzip.compress(asset.read_bytes()))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per timing (median is shown)")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build = timed([python, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], args.runs)
        alignment = timed([python, "scripts/check_alignment.py"], args.runs)
        snippets = timed([python, "scripts/check_snippets.py"], 1)
        weights = {html.relative_to(site).parent.as_posix() or "/": page_weight(site, html)
                   for html in sorted(site.rglob("index.html"))}
        size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    heaviest_page, heaviest = max(weights.items(), key=lambda item: item[1])
    rows = [
        ("full strict build, 5 languages", f"{build:.1f} s", f"< {BUILD_TARGET_SECONDS} s",
         "ok" if build < BUILD_TARGET_SECONDS else "over"),
        ("alignment check", f"{alignment:.2f} s", "", ""),
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


if __name__ == "__main__":
    sys.exit(main())
