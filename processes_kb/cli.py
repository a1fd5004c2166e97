"""`kb`: one command for every maintainer and translator task. Each command's docstring is its --help.

Exit codes everywhere: 0 clean, 1 problems found, 2 bad input (unreadable file, unknown language, wrong option).
Problems are printed as `file:line: message`, coloured only on a terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from processes_kb.content import ContentError, Problem, project_config, read_languages

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


def print_annotation(problem: Problem, level: str = "error") -> None:
    """A GitHub Actions annotation, shown on the problem's line of a pull request; the code is its title. `level`:
    error, or notice for what fails nothing."""
    def escaped(value: object, property_value: bool = True) -> str:
        text = str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

    typer.echo(f"::{level} file={escaped(problem.path)},line={max(problem.line, 1)},title={escaped(problem.code)}"
               f"::{escaped(problem.message, property_value=False)}")


def checked_language(root: Path, lang: Optional[str]) -> Optional[str]:
    if lang is None:
        return None
    _, languages = read_languages(root / "mkdocs.yml")
    if lang not in languages:
        raise fail(f"error: unknown language '{lang}' (configured in mkdocs.yml: {', '.join(languages)})")
    return lang


def translation_site(lang: Optional[str]):
    """(root, lang, site) for a command about a translation; bad input (unknown or original language) exits 2."""
    from processes_kb.content import load_site

    root = state.root
    lang = checked_language(root, lang)
    site = load_site(root)
    if lang == site.default_lang:
        raise fail(f"error: '{lang}' is the original language; give a translation ({', '.join(site.languages[1:])})")
    return root, lang, site


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
                                             help="Show what a translator of LANG has to fix, and the shared "
                                                  "problems that block every language."),
          output: str = typer.Option("text", "--format", metavar="FORMAT",
                                     help="text, or github: annotations on the lines of a pull request."),
          fresh: bool = typer.Option(False, "--fresh",
                                     help="Render every page again, ignoring the renders kept by earlier runs.")):
    """Check everything a translator or maintainer must fix, in one run.

    Alignment (same pages, same segments in the same order, same code and links in every language), links that
    lead nowhere, published anchors, typography, snippet includes, interface strings and diagrams (markers
    and labels).

    Also says how many segments are outdated or untranslated (`kb status LANG` lists them); those do not fail.

    Example: kb check --lang uk
    """
    if output not in ("text", "github"):
        raise fail(f"error: unknown format '{output}' (use text or github)")
    try:
        root = state.root
        lang = checked_language(root, lang)
        from processes_kb.checks import run_checks  # the checks import the whole model: only when needed

        report = run_checks(root, cached=not fresh)
    except ContentError as error:
        raise fail(str(error))
    from processes_kb.checks import LanguageProblems

    site = report.site
    # Without --lang every problem is everyone's: all are shown, and any of them fails.
    view = report.for_language(lang) if lang else LanguageProblems(report.problems, [], [])
    show = print_annotation if output == "github" else print_problem
    for problem in view.own:
        show(problem)
    if view.shared and output != "github":
        typer.secho("Shared problems (of no one language: they block every language's merge):", bold=True)
    for problem in view.shared:
        show(problem)
    if view.blocking:
        counts = f"{len(view.own)} problem(s) of '{lang}', {len(view.shared)} shared" if lang else \
            f"{len(view.own)} problem(s)"
        typer.secho(f"{counts} found.", err=True, fg="red")
    elif lang:
        typer.secho(f"'{lang}' is in order: {len(site.pages[lang])} page(s) and its glossary words, interface "
                    "strings and diagram labels.", fg="green")
    else:
        typer.secho(f"All languages are in order: {len(site.page_names())} page(s), {len(site.languages)} "
                    "language(s).", fg="green")
    from processes_kb.staleness import OUTDATED, UNTRANSLATED, language_status, tracked

    for other in ([lang] if lang else report.site.languages[1:]) if tracked(root) else []:
        status, _ = language_status(report.site, root, other)
        outdated, untranslated = len(status.of(OUTDATED)), len(status.of(UNTRANSLATED))
        if outdated or untranslated:
            typer.echo(f"Translation of '{other}': {outdated} outdated and {untranslated} untranslated segment(s); "
                       f"`kb status {other}` lists them.", err=True)
    from processes_kb.new_language import untranslated_site_texts

    for note in untranslated_site_texts(root, project_config(root), [lang] if lang else site.languages[1:]):
        if output == "github":
            print_annotation(note, "notice")
        else:
            print_problem(note)
    if view.others:
        per_lang: dict[str, int] = {}
        for problem in view.others:
            per_lang[problem.lang] = per_lang.get(problem.lang, 0) + 1
        listing = ", ".join(f"{other}: {count}" for other, count in per_lang.items())
        typer.echo(f"Not blocking '{lang}': {len(view.others)} problem(s) of other languages ({listing}); "
                   f"`kb check --lang {next(iter(per_lang))}` lists them.", err=True)
    raise typer.Exit(1 if view.blocking else 0)


@app.command()
def status(lang: Optional[str] = typer.Argument(None, metavar="[LANG]", autocompletion=complete_language,
                                                help="The language to report on (default: every translation)."),
           as_json: bool = typer.Option(False, "--json", help="Print JSON for tools instead of text."),
           summary: bool = typer.Option(False, "--markdown", help="Print a Markdown table (a pull request summary).")):
    """Show, page by page, which segments of a translation are up to date, outdated, untranslated or missing.

    For an outdated segment it shows how the English changed since the translation was reviewed, word by word:
    [-removed-]{+added+}; a missing one (new in the English) is shown where it belongs. Exit code 0 even when
    segments are outdated, untranslated or missing: a translation may lag behind.

    Example: kb status uk
    """
    import json

    from processes_kb.staleness import language_status

    try:
        root, lang, site = translation_site(lang)
        reports = [language_status(site, root, other) for other in ([lang] if lang else site.languages[1:])]
    except ContentError as error:
        raise fail(str(error))
    problems = [problem for _, found in reports for problem in found]
    for problem in problems:
        print_problem(problem)
    if as_json:
        data = [_status_json(report) for report, _ in reports]
        typer.echo(json.dumps(data[0] if lang else data, ensure_ascii=False, indent=2))
    elif summary:
        typer.echo("| page | " + " | ".join(report.lang for report, _ in reports) + " |")
        typer.echo("|---|" + "---|" * len(reports))
        for name in reports[0][0].pages():
            cells = []
            for report, _ in reports:
                items = report.pages().get(name, [])
                done, new = report.counts(items)["up to date"], report.counts(items)["missing"]
                cells.append(f"{done}/{len(items)}" + ("" if done == len(items) else " ⚠")
                             + (f" ({new} new)" if new else ""))
            typer.echo(f"| {name} | " + " | ".join(cells) + " |")
    else:
        for report, _ in reports:
            _print_status(report)
    raise typer.Exit(1 if problems else 0)


def _status_json(report) -> dict:
    from processes_kb.staleness import UP_TO_DATE

    return {"language": report.lang, "pages": {
        name: {"counts": report.counts(items),
               "segments": [{"id": s.source.id, "state": s.state, "line": s.line, "english": s.source.text,
                             "previous_english": s.old_english} for s in items if s.state != UP_TO_DATE]}
        for name, items in report.pages().items()}}


def _print_status(report) -> None:
    from processes_kb.staleness import MISSING, OUTDATED, UNTRANSLATED, UP_TO_DATE, word_diff

    for name, items in report.pages().items():
        counts = report.counts(items)
        typer.secho(f"{items[0].page.path}: {counts[UP_TO_DATE]} up to date, {counts[OUTDATED]} outdated, "
                    f"{counts[UNTRANSLATED]} untranslated, {counts[MISSING]} missing", bold=True)
        for item in items:
            if item.state == UP_TO_DATE:
                continue
            code = {OUTDATED: "segment-outdated", UNTRANSLATED: "segment-untranslated",
                    MISSING: "segment-missing"}[item.state]
            print_problem(Problem(code, item.page.path, item.line, f"{item.state}: '{item.source.id}'"))
            if item.state == MISSING:
                typer.echo(f"    new in the English ({item.source_path}:{item.source.line}): it belongs here; "
                           f"`kb add-missing --lang {report.lang}` copies the English here to translate")
            elif item.state == OUTDATED and item.old_english:
                typer.echo(f"    English change: {word_diff(item.old_english, item.source.text)}")
            elif item.state == OUTDATED:
                typer.echo("    never marked as reviewed: check it against the English, then `kb mark-reviewed "
                           f"{report.lang} {item.key}`")
    total, done = len(report.segments), len(report.of(UP_TO_DATE))
    missing = f"; {len(report.of(MISSING))} missing" if report.of(MISSING) else ""
    # rounded down: never 100% while a segment is not up to date
    typer.echo(f"{report.lang}: {done} of {total} segments up to date ({100 * done // max(total, 1)}%){missing}.")


@app.command(name="mark-reviewed")
def mark_reviewed_command(
    lang: str = typer.Argument(..., metavar="LANG", autocompletion=complete_language),
    segments: Optional[list[str]] = typer.Argument(None, metavar="[PAGE#SEGMENT]...",
                                                   help="Segments to mark (default: every outdated one)."),
):
    """Record that translated segments are reviewed against the current English (after you updated them).

    Rewrites only data/translations/LANG.lock, never your text.

    Example: kb mark-reviewed uk processes.md#sticky-sessions
    """
    from processes_kb.staleness import mark_reviewed, unknown_keys

    try:
        root, lang, site = translation_site(lang)
        unknown = unknown_keys(site, segments or [])
        if unknown:
            raise fail(f"error: no English segment {', '.join(repr(k) for k in unknown)}: use page.md#segment-id, "
                       "as `kb status` lists them")
        marked = mark_reviewed(site, root, lang, segments or None)
    except ContentError as error:
        raise fail(str(error))
    typer.echo(f"Marked {len(marked)} segment(s) of '{lang}' as reviewed against the current English.")


@app.command(name="mark-minor")
def mark_minor_command(segments: list[str] = typer.Argument(..., metavar="PAGE#SEGMENT...",
                                                             help="English segments whose change is minor.")):
    """Mark an English change as minor (a typo fix): translations that were up to date stay up to date.

    Run it after editing the English segment. Rewrites only data/translations/*.lock.

    Example: kb mark-minor processes.md#sticky-sessions
    """
    from processes_kb.content import load_site
    from processes_kb.staleness import mark_minor, unknown_keys

    try:
        root = state.root
        site = load_site(root)
        unknown = unknown_keys(site, segments)
        if unknown:
            raise fail(f"error: no English segment {', '.join(repr(k) for k in unknown)}: use page.md#segment-id")
        marked = mark_minor(site, root, segments)
    except ContentError as error:
        raise fail(str(error))
    if not marked:
        typer.echo("Nothing to mark: no translation was reviewed against an older version of these segments.")
    for lang, keys in sorted(marked.items()):
        typer.echo(f"{lang}: {len(keys)} segment(s) kept up to date.")


@app.command(name="export")
def export_command(lang: str = typer.Argument(..., metavar="LANG", autocompletion=complete_language),
                   output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                                         help="Where to write: LANG.po by default; .xlf for XLIFF.")):
    """Export a translation for a CAT tool (Weblate, Crowdin, Poedit): PO, or XLIFF with `-o FILE.xlf`.

    One unit per segment (context: page.md#segment-id); outdated segments are fuzzy, with the previous English;
    segments new in the English (missing in LANG) have an empty translation and a note saying they are new.
    Inline Markdown (links, emphasis, inline code, line breaks, inline HTML) is numbered codes: `{1}…{/1}` in PO,
    <bpt>/<ept>/<ph> in XLIFF. The file goes to the current directory; git ignores *.po and *.xlf.

    Example: kb export uk -o uk.xlf
    """
    from processes_kb.exchange import FORMATS, export

    output = output or Path(f"{lang}.po")
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        raise fail(f"error: unknown format '{output.suffix}': name the file .po, .xlf or .xliff")
    try:
        root, lang, site = translation_site(lang)
        output.write_bytes(export(site, root, lang, kind))
    except ContentError as error:
        raise fail(str(error))
    except OSError as error:
        raise fail(f"error: cannot write {output}: {error.strerror}")
    typer.echo(f"Wrote {output} ({kind.upper()}).")


@app.command(name="import")
def import_command(lang: str = typer.Argument(..., metavar="LANG", autocompletion=complete_language),
                   file: Path = typer.Argument(..., metavar="FILE", help="A .po, .xlf or .xliff file from `kb export`.")):
    """Write the translated units of a PO or XLIFF file back into docs/LANG/, by segment ID.

    Only segments whose translation changed are rewritten; a translated segment that is new in the English is
    added where it belongs (after the segment before it in the English). Units that are not fuzzy and were not up
    to date are marked reviewed. Each code is restored to its Markdown. Nothing is written when a unit is wrong (an
    unknown segment, an English text that changed since the export, a code missing, unknown or out of order), and no
    file at all when nothing changed.

    Example: kb import uk uk.po
    """
    from processes_kb.content import load_site
    from processes_kb.exchange import import_file

    try:
        root = state.root
        lang = checked_language(root, lang)
        if not file.is_file():
            raise fail(f"error: {file}: no such file")
        result = import_file(load_site(root), root, lang, file, str(file))
    except ContentError as error:
        raise fail(str(error))
    for problem in result.problems:
        print_problem(problem)
    if result.problems:
        typer.secho(f"{len(result.problems)} problem(s): nothing was written.", err=True, fg="red")
        raise typer.Exit(1)
    if not result.changed and not result.reviewed and not result.added:
        typer.echo("Nothing changed: no file was written.")
        return
    added = f" and added {len(result.added)} new one(s)" if result.added else ""
    typer.echo(f"Rewrote {len(result.changed)} segment(s){added}; marked {len(result.reviewed)} reviewed.")


@app.command(name="add-missing")
def add_missing_command(lang: Optional[str] = typer.Option(None, "--lang", "-l", metavar="LANG",
                                                           autocompletion=complete_language,
                                                           help="Only this translation (default: every one).")):
    """Copy every English segment that a translation lacks into it, as English text to translate.

    For the English author: after adding a paragraph (or a page) to docs/en/, run this and `kb check` passes; the
    translators find the new segments in `kb status` and `kb export` as untranslated, and readers see them marked
    as English. Each goes where it belongs: after the segment before it in the English, with the English block's
    marker, indentation and ID line. Prints file:line of each added segment; rewrites no existing text, and a
    second run changes nothing.

    Example: kb add-missing --lang uk
    """
    from processes_kb.content import load_site
    from processes_kb.missing_segments import add_missing

    try:
        root = state.root
        lang = checked_language(root, lang)
        site = load_site(root)
        if lang == site.default_lang:
            raise fail(f"error: '{lang}' is the original language; give a translation "
                       f"({', '.join(site.languages[1:])})")
        added = add_missing(site, root, [lang] if lang else site.languages[1:])
    except ContentError as error:
        raise fail(str(error))
    for item in added:
        typer.secho(f"{item.path}:{item.line}:", fg="yellow", nl=False)
        typer.echo(" added the English page, to translate" if item.page_created
                   else f" added '{item.key.partition('#')[2]}' in English, to translate")
    if not added:
        typer.echo("Nothing to add: every translation has every segment of the English.")
        return
    pages = sum(item.page_created for item in added)
    typer.echo(f"Added {len(added) - pages} segment(s)" + (f" and {pages} page(s)" if pages else "")
               + ": `kb status` lists them as untranslated.")


@app.command(name="new-lang")
def new_lang(code: str = typer.Argument(..., metavar="CODE", help="ISO 639-1 code, such as de."),
             name: str = typer.Option(..., "--name", help="The language's name in itself, such as Deutsch.")):
    """Start a new language: its pages (the English, to translate, marked as English for readers), its place in
    mkdocs.yml (the English site name and description, to translate), its interface strings, diagram labels and
    glossary words, and a style-sheet skeleton in CONTRIBUTING.md. `kb check`, `kb status CODE` and the build work
    at once.

    Example: kb new-lang de --name Deutsch
    """
    from processes_kb.new_language import scaffold

    try:
        changed = scaffold(state.root, code, name)
    except ContentError as error:
        raise fail(str(error))
    for verb, item in changed:
        typer.echo(f"{verb}: {item}")
    typer.echo(f"Next: translate docs/{code}/ page by page; `kb status {code}` lists what is left, `kb check --lang "
               f"{code}` the site name and description still to translate.")


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


@app.command(name="ci-lane")
def ci_lane_command(paths: Optional[list[str]] = typer.Argument(None, metavar="[PATH]...",
                                                                help="Changed files (default: asked from git)."),
                    base: str = typer.Option("origin/main", "--base", metavar="REF",
                                             help="Compare the current commit with REF (their merge base).")):
    """Say which CI lane a change takes: `content` (only translations' files changed: kb check, one strict build,
    those languages' content tests) or `full` (the whole suite on the oldest and newest Python).

    Prints `lane=…` and `langs=…` (the lines CI reads), and why on stderr. The CI job runs the same code as
    `python -m processes_kb.ci_lane`, which needs only PyYAML.

    Example: kb ci-lane --base origin/main
    """
    from processes_kb.ci_lane import decide

    try:
        lane = decide(state.root, base, paths)
    except ContentError as error:
        raise fail(str(error))
    typer.echo(lane.reason, err=True)
    typer.echo(lane.outputs(), nl=False)


@app.command()
def codeowners():
    """Write .github/CODEOWNERS from data/reviewers.yml: GitHub then asks each language's reviewers to review every
    pull request that changes that language's files. Writes nothing while no reviewer is entered.

    Example: kb codeowners
    """
    from processes_kb.codeowners import CODEOWNERS, REVIEWERS, read_reviewers, write_codeowners

    try:
        root = state.root
        config = project_config(root)
        reviewers, problems = read_reviewers(root, config.codes)
        for problem in problems:
            print_problem(problem)
        if problems:
            typer.secho(f"{len(problems)} problem(s) in {REVIEWERS}: {CODEOWNERS} not written.", err=True, fg="red")
            raise typer.Exit(1)
        result = write_codeowners(root, config.languages, reviewers)
    except ContentError as error:
        raise fail(str(error))
    except OSError as error:
        raise fail(f"error: cannot write {CODEOWNERS}: {error.strerror}")
    if not result.written:
        typer.echo(f"{REVIEWERS} names no reviewer yet: {CODEOWNERS} not written. Enter the GitHub user names of "
                   "people who agreed to review a language (CONTRIBUTING.md, “Reviewers”), then run this again.")
        return
    counts = ", ".join(f"{lang}: {count}" for lang, count in result.counts.items())
    typer.echo(f"{result.written}: {CODEOWNERS} (reviewers of {counts})")


@app.command(name="finish-site")
def finish_site_command(site_dir: Path = typer.Argument(..., metavar="SITE_DIR", help="The built site's folder.")):
    """Write the files beside the pages of a built site: short links, search index and sitemap of every language,
    the term base and the recommendations' exports, and each language's whole knowledge base on one page (all.html).
    Also what a MkDocs build does before: the site's own stylesheets and scripts under content-hashed names (the
    pages' references rewritten) and a 404 page for each language whose builder made none.

    A MkDocs build does this itself (the processes-kb plugin); this command is for a site built by a builder that
    runs no MkDocs plugins (Zensical today), or to redo them after editing the built pages.

    Example: kb finish-site site/
    """
    from processes_kb.build_inputs import load_inputs
    from processes_kb.built_html import BuiltSiteError
    from processes_kb.project import ConfigError, ProjectConfig
    from processes_kb.search_index import SearchIndexError
    from processes_kb.site_build import SiteBuild
    from processes_kb.site_files import finish_site
    from processes_kb.whole_base import WholeBaseError

    try:
        root = state.root
        if not site_dir.is_dir():
            raise fail(f"error: {site_dir}: no such folder (build the site first)")
        build = SiteBuild(ProjectConfig.read(root), load_inputs(root))
        for strings_problem in build.inputs.string_problems:
            print_problem(strings_problem)
        if build.inputs.string_problems:
            raise fail("error: fix the interface strings first")
        done = finish_site(build, site_dir, typer.echo)
    except (ContentError, ConfigError) as error:
        raise fail(str(error))
    except BuiltSiteError as error:  # a page that cannot be read (2), or one that cannot be used (1)
        typer.secho(f"error: {error}", err=True, fg="red")
        raise typer.Exit(2 if error.unreadable else 1)
    except (SearchIndexError, WholeBaseError) as error:
        raise fail(f"error: {error}")
    for language in done:
        typer.echo(f"{language.lang}: {language.short_links} short link(s), search index of "
                   f"{language.search.pages} page(s)" + (f", {language.whole_base.parts} page(s) joined in "
                   f"{language.whole_base.path.relative_to(site_dir)}" if language.whole_base else ""))
    typer.echo(f"Sitemap and robots.txt written in {site_dir}.")


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


bench_app = typer.Typer(no_args_is_help=False, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(bench_app, name="bench")


@bench_app.callback(invoke_without_command=True)
def bench(ctx: typer.Context,
          runs: int = typer.Option(3, "--runs", min=1, metavar="N", help="Runs per timing (the median is shown).")):
    """Print build time, check times and page weight against their targets (a benchmark, not a test).

    `kb bench lighthouse` runs Lighthouse on every page instead.

    Example: kb bench --runs 5
    """
    if ctx.invoked_subcommand is not None:
        return
    from processes_kb.bench import BenchError, run_bench

    try:
        run_bench(state.root, runs)
    except (BenchError, ContentError) as error:
        raise fail(f"error: {error}")


@bench_app.command(name="lighthouse")
def bench_lighthouse(
    lang: Optional[list[str]] = typer.Option(None, "--lang", "-l", metavar="LANG", autocompletion=complete_language,
                                             help="Only this language (repeatable; default: all)."),
    page: Optional[list[str]] = typer.Option(None, "--page", "-p", metavar="PAGE",
                                             help="Only this page, named as in docs/en/ (processes, "
                                                  "recommendations/health-check; repeatable; default: all)."),
    sample: bool = typer.Option(False, "--sample", help="One page of each kind per language (9 of 23), not all."),
    runs: int = typer.Option(1, "--runs", min=1, metavar="N", help="Lighthouse runs per page (the median is shown)."),
    elsewhere: bool = typer.Option(False, "--elsewhere",
                                   help="Build for the configured site_url but serve at a local address (a preview "
                                        "or a mirror), instead of building for the address it is served at."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for tools instead of the table."),
    reports: Optional[Path] = typer.Option(None, "--reports", metavar="DIR",
                                           help="Keep every run's full Lighthouse report (JSON) in DIR: which "
                                                "elements fail an audit, and why."),
):
    """Run Lighthouse (mobile) on every page in every language and print the scores (a benchmark, not a test).

    Builds the site (strict), serves it compressed with cache headers as a static host would, runs the pinned
    Lighthouse from tools/lighthouse/ (installed there with `npm ci` on first use; needs Node.js and npm) with
    Debian's chromium (or CHROME_PATH), one run after another. Prints per page the performance, accessibility,
    best-practices and SEO scores and the bytes transferred, the median of each column, and the audits that cost
    points. About 13 s per page and run: all 115 pages take about 25 minutes, --sample about 11.

    Example: kb bench lighthouse --sample --runs 3
    """
    import json

    from processes_kb.bench import BenchError
    from processes_kb.lighthouse import measure, print_table

    try:
        data = measure(state.root, lang, page, sample, runs, elsewhere, lambda line: typer.echo(line, err=True),
                       reports.resolve() if reports else None)
    except (BenchError, ContentError) as error:
        raise fail(f"error: {error}")
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_table(data, typer.echo)


@bench_app.command(name="whole-base")
def bench_whole_base(
    site: Optional[Path] = typer.Option(None, "--site", metavar="DIR",
                                        help="A built site (default: build one, strict, in a temporary folder)."),
    keep: Optional[Path] = typer.Option(None, "--keep", metavar="DIR",
                                        help="Keep the PDFs there (processes-<lang>.pdf), e.g. to hand them out."),
):
    """Print each language's whole knowledge base on one page (<lang>/all.html) to an A4 PDF with Chromium, as a
    reader's "Save as PDF" does, and show its pages, size and printing time (a benchmark, not a test).

    Needs Debian's chromium (or CHROMIUM). About 1 s per language once the site is built.

    Example: kb bench whole-base --keep pdf/
    """
    from processes_kb.bench import BenchError, run_whole_base_bench

    if site is not None and not site.is_dir():
        raise fail(f"error: {site}: no such folder (build the site first)")
    try:
        run_whole_base_bench(state.root, site, keep, typer.echo)
    except (BenchError, ContentError) as error:
        raise fail(f"error: {error}")


@bench_app.command(name="preview")
def bench_preview(
    lang: Optional[str] = typer.Argument(None, metavar="[LANG]", autocompletion=complete_language,
                                         help="The language previewed and edited (default: the first translation)."),
    runs: int = typer.Option(5, "--runs", min=1, metavar="N", help="Edits per server (the median is shown)."),
):
    """Time a save to the new text served: `serve.sh --lang LANG` against the whole site (a benchmark, not a test).

    In a copy of the project, starts `mkdocs serve` twice (English and LANG only, then every language), edits the
    heading of docs/LANG/index.md N times and polls the served page until it shows each edit. Target: 2 s (median).

    Example: kb bench preview uk --runs 5
    """
    from processes_kb.bench import BenchError, run_preview_bench

    try:
        root = state.root
        languages = read_languages(root / "mkdocs.yml")[1]
        lang = checked_language(root, lang) or languages[min(1, len(languages) - 1)]
        run_preview_bench(root, lang, runs, typer.echo)
    except (BenchError, ContentError) as error:
        raise fail(f"error: {error}")
    except OSError as error:  # the copy of the project could not be made
        raise fail(f"error: {error.filename}: {error.strerror}")


def run() -> None:
    app(prog_name="kb")
