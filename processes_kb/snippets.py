"""Check every runnable snippet the pages show, against real processes and a real Redis (`kb snippets`).

Starts `redis-server` on a free port in a temporary folder, persisting as examples/redis.conf says (or uses
REDIS_URL), runs each check in example_checks.py with a timeout, and compares the output each page shows
(examples/output/*.txt) with what the snippet prints now. `--update` rewrites those output files instead of
failing on them.
Exit codes: 0 all passed, 1 a check or a page failed, 2 bad input or missing tools.
"""

from __future__ import annotations

import difflib
import os
import re
import signal
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from processes_kb.content import Problem, load_site, snippet_includes
from processes_kb.example_checks import CHECKS as EXAMPLE_CHECKS
from processes_kb.example_checks import REDIS_CONF, CheckContext, CheckFailed
from processes_kb.process_group import ProcessGroup, StartFailed, start_redis
from processes_kb.run_steps import CHECK as RUN_IT_YOURSELF

# The checks of the examples, and the "Run it yourself" steps of the examples page (processes_kb/run_steps.py)
CHECKS = [*EXAMPLE_CHECKS, RUN_IT_YOURSELF]


@dataclass
class Inclusion:
    """One snippet (file or file:section) and the pages that show it."""

    ref: str
    first_use: tuple[str, int]  # (page path, line) where messages point
    shown_on: dict[str, list[str]] = field(default_factory=dict)  # page name -> languages


def find_inclusions(root: Path) -> tuple[dict[str, Inclusion], list[Problem]]:
    """Every snippet the pages show, with the pages and languages that show it; problems for broken includes."""
    includes, problems = snippet_includes(load_site(root))
    inclusions: dict[str, Inclusion] = {}
    for include in includes:
        inclusion = inclusions.setdefault(include.ref, Inclusion(include.ref, (include.path, include.line)))
        langs = inclusion.shown_on.setdefault(include.page, [])
        if include.lang not in langs:
            langs.append(include.lang)
    return inclusions, problems


NORMALISERS = [
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:<port>"),
    (re.compile(r"\b(pid|process) \d+"), r"\1 <pid>"),
    (re.compile(r'"pid": \d+'), '"pid": <pid>'),  # the JSON the web process answers (run_requests.txt)
    (re.compile(r"[A-Za-z0-9_-]{32,}"), "<id>"),
    (re.compile(r"\b\d+(\.\d+)? ?(ms|s)\b"), "<time>"),
]


def normalise(text: str) -> str:
    for pattern, replacement in NORMALISERS:
        text = pattern.sub(replacement, text)
    return text.rstrip() + "\n"


@dataclass
class Result:
    name: str
    ok: bool
    seconds: float
    message: str = ""
    details: str = ""


def run_check(check, context: CheckContext, root: Path, update: bool) -> Result:
    started = time.monotonic()
    try:
        output, details = check.run(context)
    except CheckFailed as failure:
        return Result(check.name, False, time.monotonic() - started, str(failure))
    except Exception as error:  # a crash in a check is that check's failure, reported in one line
        return Result(check.name, False, time.monotonic() - started, f"{type(error).__name__}: {error}")
    finally:
        context.processes.stop_all()
    result = Result(check.name, True, time.monotonic() - started, details=f"{output.rstrip()}\n{details}".strip())
    if check.output:
        recorded_file = root / check.output
        recorded = recorded_file.read_text(encoding="utf-8") if recorded_file.exists() else ""
        if update:
            recorded_file.write_text(output.rstrip() + "\n", encoding="utf-8")
        elif normalise(recorded) != normalise(output):
            diff = difflib.unified_diff(normalise(recorded).splitlines(), normalise(output).splitlines(),
                                        f"{check.output} (shown on the pages)", "output now", lineterm="")
            result.ok = False
            result.message = ("output shown on the pages is stale; run with --update after reviewing:\n"
                              + "\n".join(diff))
    return result


def print_table(inclusions: dict[str, Inclusion], results: dict[str, Result], owner: dict[str, str]) -> None:
    rows = [("snippet", "shown on", "check", "result", "time")]
    for ref in sorted(inclusions):
        inclusion = inclusions[ref]
        pages = "; ".join(f"{name.removesuffix('.md')} ({' '.join(langs)})"
                          for name, langs in sorted(inclusion.shown_on.items()))
        check = owner.get(ref, "-")
        result = results.get(check)
        status = "not checked" if result is None else ("ok" if result.ok else "FAILED")
        rows.append((ref, pages, check, status, f"{result.seconds:.1f} s" if result else "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the run like Ctrl-C: everything started gets stopped


def run_all(contexts: list[CheckContext], options: "SnippetRun") -> dict[str, Result]:
    """Run the checks in parallel; a check past its timeout, or all of them on Ctrl-C, get their processes stopped."""
    results: dict[str, Result] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, options.jobs))
    started: dict[str, float] = {}

    def run_one(context: CheckContext) -> Result:
        started[context.check.name] = time.monotonic()
        return run_check(context.check, context, options.root, options.update)

    pending = {pool.submit(run_one, context): context for context in contexts}
    try:
        while pending:
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                results[pending.pop(future).check.name] = future.result()
            for future, context in list(pending.items()):
                name = context.check.name
                if name in started and time.monotonic() - started[name] > options.timeout:
                    context.processes.close()
                    results[name] = Result(name, False, options.timeout, f"timed out after {options.timeout:.0f} s")
                    del pending[future]
    except KeyboardInterrupt:
        for context in contexts:
            context.processes.close()
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return {c.check.name: results[c.check.name] for c in contexts}


@dataclass
class SnippetRun:
    root: Path
    update: bool = False
    only: list[str] | None = None
    jobs: int = 4
    timeout: float = 120


def run_snippets(run: SnippetRun) -> int:
    """Run the checks and print the report; the exit code (0 passed, 1 failures, 2 bad input, 130 interrupted).
    Raises ContentError when the pages cannot be read."""
    inclusions, problems = find_inclusions(run.root)
    checks = [c for c in CHECKS if not run.only or c.name in run.only]
    unknown = set(run.only or []) - {c.name for c in CHECKS}
    if unknown:
        print(f"error: unknown check(s): {', '.join(sorted(unknown))} (known: {', '.join(c.name for c in CHECKS)})",
              file=sys.stderr)
        return 2
    owner = {ref: check.name for check in CHECKS for ref in check.covers}
    owner.update({check.output: check.name for check in CHECKS if check.output})
    for ref, inclusion in sorted(inclusions.items()):
        if ref not in owner:
            problems.append(Problem("snippet-unchecked", *inclusion.first_use,
                                    f"snippet '{ref}' is shown but no check runs it (add it to a check's `covers` in "
                                    "processes_kb/example_checks.py)", lang=None))

    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix="snippets-") as scratch, ProcessGroup() as services:
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            redis_url = os.environ.get("REDIS_URL") or start_redis(
                services, Path(scratch) / "redis", config=run.root / REDIS_CONF).url
            contexts = [CheckContext.create(check, index, redis_url, Path(scratch), run.root)
                        for index, check in enumerate(checks, start=1)]
            results = run_all(contexts, run)
        except (FileNotFoundError, StartFailed, TimeoutError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            services.close()
            print("interrupted: every process started was stopped", file=sys.stderr)
            return 130
        finally:
            signal.signal(signal.SIGTERM, previous)

    print_table(inclusions, results, owner)
    print()
    for result in results.values():
        status = "ok" if result.ok else "FAILED"
        print(f"[{status}] {result.name} ({result.seconds:.1f} s)")
        for line in (result.details.splitlines() if result.ok else result.message.splitlines()):
            print(f"    {line}")
    for problem in problems:
        print(problem)
    failed = [r for r in results.values() if not r.ok]
    if failed or problems:
        print(f"{len(failed)} check(s) failed, {len(problems)} page problem(s).", file=sys.stderr)
        return 1
    return 0
