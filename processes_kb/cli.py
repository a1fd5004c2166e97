"""`kb`: one command for every maintainer and translator task. Each command's docstring is its --help.

Exit codes everywhere: 0 clean, 1 problems found, 2 bad input (unreadable file, unknown language, wrong option).
Problems are printed as `file:line: message`, coloured only on a terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from processes_kb.content import ContentError, Problem, read_languages

app = typer.Typer(
    help="Tools for the Processes docs: check a translation, publish anchors, run the examples, benchmark.\n\n"
         "Run from anywhere inside the project. Exit codes: 0 clean, 1 problems found, 2 bad input.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def find_root(start: Path) -> Path:
    """The project folder: the nearest folder at or above `start` holding mkdocs.yml and docs/."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").is_file() and (folder / "docs").is_dir():
            return folder
    raise ContentError(start, 1, "no mkdocs.yml with a docs/ folder here or above: run kb inside the project, "
                                 "or pass --root")


class State:
    root_option: Optional[Path] = None

    @property
    def root(self) -> Path:
        return self.root_option.resolve() if self.root_option else find_root(Path.cwd())


state = State()


def fail(message: str) -> typer.Exit:
    typer.secho(message, err=True, fg="red")
    return typer.Exit(2)


def print_problem(problem: Problem) -> None:
    typer.secho(f"{problem.path}:{problem.line}:", fg="yellow", nl=False)
    typer.echo(f" {problem.message}")


def checked_language(root: Path, lang: Optional[str]) -> Optional[str]:
    if lang is None:
        return None
    _, languages = read_languages(root / "mkdocs.yml")
    if lang not in languages:
        raise fail(f"error: unknown language '{lang}' (configured in mkdocs.yml: {', '.join(languages)})")
    return lang


def complete_language(incomplete: str) -> list[str]:
    try:
        return [lang for lang in read_languages(find_root(Path.cwd()) / "mkdocs.yml")[1] if lang.startswith(incomplete)]
    except ContentError:
        return []


@app.callback()
def main(root: Optional[Path] = typer.Option(None, "--root", metavar="DIR", help="Project folder (default: found from here).")):
    state.root_option = root


@app.command()
def check(lang: Optional[str] = typer.Option(None, "--lang", "-l", metavar="LANG", autocompletion=complete_language,
                                             help="Show only what a translator of LANG has to fix.")):
    """Check everything a translator or maintainer must fix, in one run.

    Alignment (same pages, same segments in the same order, same code and links in every language), links that
    lead nowhere, published anchors, typography, snippet includes and interface strings.

    Example: kb check --lang uk
    """
    try:
        root = state.root
        lang = checked_language(root, lang)
        from processes_kb.checks import run_checks  # the checks import the whole model: only when needed

        report = run_checks(root)
    except ContentError as error:
        raise fail(str(error))
    shown, elsewhere = report.for_language(lang) if lang else (report.problems, [])
    for problem in shown:
        print_problem(problem)
    site = report.site
    if shown:
        typer.secho(f"{len(shown)} problem(s) found.", err=True, fg="red")
    else:
        scope = f"docs/{lang}/ is" if lang else "All languages are"
        typer.secho(f"{scope} in order: {len(site.page_names())} page(s), {len(site.languages)} language(s).",
                    fg="green")
    if elsewhere:
        files = sorted({p.path for p in elsewhere})
        typer.secho(f"Also blocking the merge: {len(elsewhere)} problem(s) outside docs/{lang}/ "
                    f"({', '.join(files[:3])}{' …' if len(files) > 3 else ''}); `kb check` lists them.", err=True)
    raise typer.Exit(1 if shown or elsewhere else 0)


@app.command()
def publish():
    """Publish new segments: add every segment of the original not yet in data/published-anchors.txt.

    Published anchors are kept working forever; the file only grows. To rename a published segment, record
    `page.md#old-id -> page.md#new-id` in that file instead.

    Example: kb publish
    """
    from processes_kb.anchors import PUBLISHED_ANCHORS, publish_anchors, read_published_anchors
    from processes_kb.content import load_site

    try:
        root = state.root
        anchors, problems = read_published_anchors(root)
        if problems:
            for problem in problems:
                print_problem(problem)
            raise fail(f"error: fix {PUBLISHED_ANCHORS} first")
        added = publish_anchors(load_site(root), anchors)
    except ContentError as error:
        raise fail(str(error))
    typer.echo(f"Published {added} new anchor(s) in {PUBLISHED_ANCHORS}.")


@app.command()
def snippets(
    update: bool = typer.Option(False, "--update", help="Rewrite the recorded outputs the pages show."),
    only: Optional[list[str]] = typer.Option(None, "--only", metavar="NAME", help="Run only this check (repeatable)."),
    jobs: int = typer.Option(4, "--jobs", min=1, metavar="N", help="Checks run at once."),
    timeout: float = typer.Option(120, "--timeout", min=1, metavar="SECONDS", help="Seconds per check."),
):
    """Run every example the pages show against real processes and a real Redis; compare the shown outputs.

    Needs redis-server (or REDIS_URL). After changing an example on purpose, review the diff, then --update.

    Example: kb snippets --only sticky-sessions
    """
    from processes_kb.snippets import SnippetRun, run_snippets

    try:
        code = run_snippets(SnippetRun(state.root, update, only, jobs, timeout))
    except ContentError as error:
        raise fail(str(error))
    raise typer.Exit(code)


@app.command()
def bench(runs: int = typer.Option(3, "--runs", min=1, metavar="N", help="Runs per timing (the median is shown).")):
    """Print build time, check times and page weight against their targets (a benchmark, not a test).

    Example: kb bench --runs 5
    """
    from processes_kb.bench import BenchError, run_bench

    try:
        run_bench(state.root, runs)
    except (BenchError, ContentError) as error:
        raise fail(f"error: {error}")


def run() -> None:
    app(prog_name="kb")
