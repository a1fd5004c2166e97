"""Lighthouse on every page in every language (`kb bench lighthouse`): a benchmark, not a test.

Builds the site (strict) into a temporary folder, serves it as a production static host would (compressed text,
cache headers, 404 pages: `serve_directory(compress=True)`), and runs Lighthouse (mobile form factor, Lighthouse's
default simulated throttling: a mid-range phone on slow 4G) with Debian's chromium on each page, N times. Prints one
row per page with the median of its runs, the median of each column, and the audits that cost points.

By default the site is built for the address it is served at (SITE_URL = the local address), as on its real host.
`--elsewhere` builds it for its configured site_url but serves it at a local address, as a preview deploy or a
mirror would: links and files that name the site_url then point away from the served copy.

Runs are one after another, never in parallel: Lighthouse's performance score is computed from the main-thread
work it observes, and two runs sharing this machine's two cores would slow each other and lower the scores. For a
quicker run, `--sample` measures one page of each kind in every language (the pages in SAMPLE).

Lighthouse itself is an npm package pinned in tools/lighthouse/ (package.json and package-lock.json; node_modules
is not committed). It is installed there with `npm ci` on first use. 12.x, not 13: 13 needs Node 22, Debian 12 has
Node 18 and 20. The lock stays installable because package.json overrides two packages that Lighthouse's trace
engine asks for as "latest" (otherwise `npm ci` refuses the lock as soon as a newer one is published).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from processes_kb.bench import BenchError

TOOL_DIR = Path("tools/lighthouse")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
HEADINGS = ("perf", "a11y", "best-pr.", "SEO")
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# One page of each kind: the home page, the factor's text, the code examples (long highlighted code), the glossary,
# the recommendations and one of them, the checklist, the status table, the parallel view.
SAMPLE = ("index.md", "processes.md", "examples.md", "glossary.md", "recommendations/index.md",
          "recommendations/health-check.md", "checklist.md", "translation-status.md", "parallel.md")
RUN_TIMEOUT = 180


@dataclass
class PageResult:
    path: str                        # site-relative: "", "uk/processes/"
    runs: list[dict] = field(default_factory=list)   # per run: category -> score 0..100, "transfer" -> bytes

    def median(self, key: str) -> float:
        return statistics.median(run[key] for run in self.runs)

    @property
    def failing(self) -> dict[str, float]:
        """Audits that cost points in a category: their median score over the runs (0..1), per audit ID; an audit
        that failed in fewer than half of the runs is left out (its median is a full score)."""
        ids = {audit for run in self.runs for audit in run["failing"]}
        medians = {audit: statistics.median(run["failing"].get(audit, 1.0) for run in self.runs) for audit in sorted(ids)}
        return {audit: score for audit, score in medians.items() if score < 1}


def chrome_path() -> str:
    found = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not found:
        raise BenchError("chromium not found: install Debian's chromium (apt-get install chromium) or set CHROME_PATH")
    return found


def ensure_lighthouse(root: Path, say: Callable[[str], None]) -> Path:
    """The pinned Lighthouse CLI in tools/lighthouse/, installed with `npm ci` when missing or outdated."""
    folder = root / TOOL_DIR
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    wanted = json.loads((folder / "package.json").read_text(encoding="utf-8"))["dependencies"]["lighthouse"]
    installed = folder / "node_modules" / "lighthouse" / "package.json"
    if binary.exists() and installed.is_file() \
            and json.loads(installed.read_text(encoding="utf-8")).get("version") == wanted:
        return binary
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise BenchError("npm not found: Lighthouse runs on Node.js 18.16 or newer with npm. Install them "
                         "(Debian/Ubuntu: apt-get install nodejs npm), then run this again: it installs Lighthouse "
                         f"into {TOOL_DIR}/ with `npm ci`.")
    say(f"Installing Lighthouse {wanted} into {TOOL_DIR}/ (npm ci) ...")
    result = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder,
                            capture_output=True, text=True)
    if result.returncode != 0 or not binary.exists():
        raise BenchError(f"`npm ci` in {TOOL_DIR}/ failed:\n{result.stdout}{result.stderr}")
    return binary


def select_pages(site, langs: list[str] | None, pages: list[str] | None, sample: bool) -> list[str]:
    """Site-relative paths of the chosen pages, language by language; BenchError naming an unknown one."""
    unknown = [lang for lang in langs or [] if lang not in site.languages]
    if unknown:
        raise BenchError(f"unknown language {', '.join(unknown)} (configured: {', '.join(site.languages)})")
    names = sorted(site.pages[site.default_lang])
    chosen = names
    if pages:
        wanted = [page.strip("/").removesuffix(".md") or "index" for page in pages]
        by_stem = {name.removesuffix(".md"): name for name in names}
        by_stem.update({stem.removesuffix("/index"): name for stem, name in by_stem.items() if stem.endswith("/index")})
        missing = [page for page in wanted if page not in by_stem]
        if missing:
            raise BenchError(f"unknown page {', '.join(missing)} (pages are named as in docs/en/, e.g. processes, "
                             f"recommendations/health-check)")
        chosen = [by_stem[page] for page in wanted]
    elif sample:
        chosen = [name for name in SAMPLE if name in names]
    return [site.page_path(lang, name) for lang in (langs or site.languages) for name in chosen]


def build_site(root: Path, target: Path, site_url: str | None) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["SITE_URL"] = site_url
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(target)],
                            cwd=root, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise BenchError(f"mkdocs build --strict failed:\n{result.stdout}{result.stderr}")


def run_lighthouse(binary: Path, url: str, output: Path, keep: Path | None = None) -> dict:
    """One Lighthouse run on `url`: category scores (0..100), bytes transferred, the audits that cost points.
    With `keep`, the full report is moved there (Lighthouse's JSON: which elements fail an audit, and why)."""
    command = [str(binary), url, "--quiet", "--output=json", f"--output-path={output}",
               f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
               f"--chrome-flags={' '.join(CHROME_FLAGS)}", "--max-wait-for-load=60000"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT,
                                env={**os.environ, "CHROME_PATH": chrome_path()})
    except subprocess.TimeoutExpired:
        raise BenchError(f"Lighthouse on {url} did not finish in {RUN_TIMEOUT} s") from None
    if result.returncode != 0 or not output.is_file():
        raise BenchError(f"Lighthouse on {url} failed:\n{result.stderr[-3000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    if keep is not None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(output, keep)
    else:
        output.unlink()
    if report.get("runtimeError"):
        raise BenchError(f"Lighthouse on {url}: {report['runtimeError'].get('message')}")
    run = {}
    failing = {}
    for category in CATEGORIES:
        data = report["categories"][category]
        if data["score"] is None:
            raise BenchError(f"Lighthouse on {url}: no {category} score (an audit errored)")
        run[category] = round(data["score"] * 100)
        for ref in data["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing[f"{category}/{ref['id']}"] = audit["score"]
    run["transfer"] = report["audits"]["total-byte-weight"]["numericValue"]
    run["failing"] = failing
    return run


def measure(root: Path, langs: list[str] | None, pages: list[str] | None, sample: bool, runs: int, elsewhere: bool,
            say: Callable[[str], None], reports: Path | None = None) -> dict:
    """Build, serve, run Lighthouse on every chosen page `runs` times; the results as a JSON-ready dict."""
    from processes_kb.content import load_site
    from processes_kb.process_group import free_port, serve_directory

    site = load_site(root)
    paths = select_pages(site, langs, pages, sample)
    binary = ensure_lighthouse(root, say)
    chrome_path()
    started = time.monotonic()
    port = free_port()
    address = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="kb-lighthouse-") as folder:
        built = Path(folder) / "site"
        say("Building the site (strict) for " + ("its configured site_url" if elsewhere else address) + " ...")
        build_site(root, built, None if elsewhere else address)
        server = serve_directory(built, port, compress=True)
        try:
            results = []
            for number, path in enumerate(paths, 1):
                result = PageResult(path)
                for run in range(1, runs + 1):
                    keep = reports / f"{path.strip('/').replace('/', '_') or 'index'}.{run}.json" if reports else None
                    result.runs.append(run_lighthouse(binary, address + path, Path(folder) / "report.json", keep))
                scores = "  ".join(f"{heading} {result.median(category):.0f}"
                                   for heading, category in zip(HEADINGS, CATEGORIES))
                say(f"[{number}/{len(paths)}] /{path}  {scores}")
                results.append(result)
        finally:
            server.shutdown()
            server.server_close()
    elapsed = time.monotonic() - started
    rows = [{"page": "/" + result.path,
             **{category: result.median(category) for category in CATEGORIES},
             "transfer_kb": round(result.median("transfer") / 1024, 1),
             "failing_audits": result.failing} for result in results]
    audits: dict[str, list[float]] = {}
    for row in rows:
        for audit, score in row["failing_audits"].items():
            audits.setdefault(audit, []).append(score)
    return {
        "lighthouse": json.loads((root / TOOL_DIR / "package.json").read_text(encoding="utf-8"))
                      ["dependencies"]["lighthouse"],
        "served_at": address, "built_for": "its configured site_url" if elsewhere else address,
        "runs_per_page": runs, "seconds": round(elapsed, 1),
        "pages": rows,
        "median": {**{category: statistics.median(row[category] for row in rows) for category in CATEGORIES},
                   "transfer_kb": round(statistics.median(row["transfer_kb"] for row in rows), 1)},
        "audits_costing_points": {audit: {"pages": len(scores), "median_score": statistics.median(scores)}
                                  for audit, scores in sorted(audits.items(), key=lambda item: -len(item[1]))},
    }


def print_table(data: dict, echo: Callable[[str], None]) -> None:
    width = max([len(row["page"]) for row in data["pages"]] + [len("median")])
    header = f"{'page'.ljust(width)}  " + "  ".join(f"{heading:>8}" for heading in HEADINGS) + "  transfer KB"
    echo(header)
    echo("-" * len(header))
    for row in data["pages"] + [{"page": "median", **data["median"]}]:
        if row["page"] == "median":
            echo("-" * len(header))
        cells = "  ".join(f"{row[category]:>8g}" for category in CATEGORIES)
        echo(f"{row['page'].ljust(width)}  {cells}  {row['transfer_kb']:>11.0f}")
    echo("")
    echo(f"Lighthouse {data['lighthouse']}, mobile, simulated throttling; median of {data['runs_per_page']} run(s) "
         f"per page; built for {data['built_for']}, served at {data['served_at']} (compressed, cache headers); "
         f"{len(data['pages'])} page(s) in {data['seconds'] / 60:.1f} min.")
    if data["audits_costing_points"]:
        echo("Audits that cost points (pages, median score):")
        for audit, found in data["audits_costing_points"].items():
            echo(f"  {audit}: {found['pages']} page(s), {found['median_score']:.2f}")
    else:
        echo("No audit costs points.")
