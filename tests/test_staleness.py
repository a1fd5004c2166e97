"""Translation status per segment: changing one English paragraph makes exactly that segment outdated in every
other language — in `kb status`, on the reader's page and on the status page — `mark-reviewed` clears it,
`mark-minor` keeps translations up to date, and no command ever rewrites prose. A lagging translation (outdated,
untranslated, or missing a new English segment until `kb add-missing` copies it) is reported, never a failure: the
real translations need not be up to date for the suite to pass."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, mkdocs_build, page_url, replace_in

from processes_kb.content import load_site
from processes_kb.missing_segments import add_missing
from processes_kb.staleness import (OUTDATED, STATES, UNTRANSLATED, UP_TO_DATE, language_status, mark_reviewed,
                                    word_diff)

pytestmark = pytest.mark.toolkit

SITE = load_site(ROOT)
TRANSLATIONS = SITE.languages[1:]
OLD = "Processes must be independent of one another."
NEW = "Processes must stay independent of one another."
# A new English paragraph with a glossary term and punctuation that French typography would space: copied into the
# translations by `kb add-missing`, it is English text, held to no translation's rules.
NEW_PARAGRAPH = ("{: #scale-by-replication }\n",
                 "{: #scale-by-replication }\n\nEach process type scales on its own: why would it not?\n"
                 "{: #each-process-type }\n")


def kb(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=120)


def prose(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in (root / "docs").rglob("*.md")}


@pytest.fixture
def caught_up_copy(project_copy) -> Path:
    """A copy of the real project with every translation as far along as it gets without a translator: new English
    segments copied in (`kb add-missing`), outdated ones marked reviewed. The real translations may lag behind; the
    tests below see only what their own edit changes."""
    add_missing(load_site(project_copy), project_copy, TRANSLATIONS)
    for lang in TRANSLATIONS:
        mark_reviewed(load_site(project_copy), project_copy, lang, None)
    return project_copy


def untranslated(root: Path, lang: str) -> list[str]:
    return [s.key for s in language_status(load_site(root), root, lang)[0].of(UNTRANSLATED)]


@pytest.mark.content
@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_the_real_translations_status_is_reported_for_every_english_segment(lang):
    """Whatever state each segment is in (a translation may lag behind): the lock file reads, and every English
    segment but code has exactly one status, in the English order."""
    status, problems = language_status(SITE, ROOT, lang)
    assert problems == []
    english = [f"{name}#{s.id}" for name, page in sorted(SITE.originals.items()) for s in page.segments
               if s.kind != "code"]
    assert [s.key for s in status.segments] == english
    assert {s.state for s in status.segments} <= set(STATES)


def test_one_changed_english_paragraph_is_outdated_in_every_language_and_nowhere_else(caught_up_copy):
    project_copy = caught_up_copy
    already = {lang: untranslated(project_copy, lang) for lang in TRANSLATIONS}
    replace_in(project_copy / "docs/en/processes.md", OLD, NEW)
    site = load_site(project_copy)
    for lang in TRANSLATIONS:
        status, _ = language_status(site, project_copy, lang)
        assert [s.key for s in status.of(OUTDATED)] == ["processes.md#scale-by-replication"], lang
        assert [s.key for s in status.of(UNTRANSLATED)] == already[lang]
    result = kb(project_copy, "status", "uk")
    assert result.returncode == 0
    assert "docs/uk/processes.md:" in result.stdout and "outdated: 'scale-by-replication'" in result.stdout
    assert "English change: Processes must [-be-] {+stay+} independent of one another." in result.stdout
    data = json.loads(kb(project_copy, "status", "uk", "--json").stdout)
    changed = [s for s in data["pages"]["processes.md"]["segments"] if s["state"] == "outdated"]
    assert [s["id"] for s in changed] == ["scale-by-replication"]
    assert changed[0]["previous_english"].startswith(OLD)
    check = kb(project_copy, "check")
    assert check.returncode == 0  # a lagging translation is shown, it does not block
    assert f"Translation of 'uk': 1 outdated and {len(already['uk'])} untranslated segment(s)" in check.stderr

    before = prose(project_copy)
    marked = kb(project_copy, "mark-reviewed", "uk", "processes.md#scale-by-replication")
    assert marked.returncode == 0 and "Marked 1 segment(s)" in marked.stdout
    assert prose(project_copy) == before
    site = load_site(project_copy)
    assert language_status(site, project_copy, "uk")[0].of(OUTDATED) == []
    assert [s.key for s in language_status(site, project_copy, "fr")[0].of(OUTDATED)] == [
        "processes.md#scale-by-replication"]


def test_a_minor_english_change_keeps_every_translation_up_to_date(caught_up_copy):
    project_copy = caught_up_copy
    replace_in(project_copy / "docs/en/processes.md", OLD, NEW)
    before = prose(project_copy)
    result = kb(project_copy, "mark-minor", "processes.md#scale-by-replication")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [f"{lang}: 1 segment(s) kept up to date." for lang in sorted(TRANSLATIONS)]
    assert prose(project_copy) == before
    site = load_site(project_copy)
    for lang in TRANSLATIONS:
        assert language_status(site, project_copy, lang)[0].of(OUTDATED) == []


def test_english_copied_into_a_translation_is_untranslated(project_copy):
    already = untranslated(project_copy, "uk")
    english = SITE.originals["processes.md"].segment("scale-by-replication").text
    ukrainian = SITE.pages["uk"]["processes.md"].segment("scale-by-replication").text
    replace_in(project_copy / "docs/uk/processes.md", ukrainian, english)
    assert [key for key in untranslated(project_copy, "uk") if key not in already] == [
        "processes.md#scale-by-replication"]
    assert "untranslated: 'scale-by-replication'" in kb(project_copy, "status", "uk").stdout


@pytest.mark.parametrize(("args", "message"), [
    (("status", "de"), "error: unknown language 'de' (configured in mkdocs.yml: en, uk, vi, fr, pt)\n"),
    (("status", "en"), "error: 'en' is the original language; give a translation (uk, vi, fr, pt)\n"),
    (("mark-reviewed", "uk", "processes.md#nope"),
     "error: no English segment 'processes.md#nope': use page.md#segment-id, as `kb status` lists them\n"),
])
def test_status_commands_reject_bad_input_clearly(args, message):
    result = kb(ROOT, *args)
    assert (result.returncode, result.stderr) == (2, message)


def test_a_broken_lock_line_names_file_and_line(project_copy):
    with (project_copy / "data/translations/uk.lock").open("a") as lock:
        lock.write("processes.md#tagline not-a-digest\n")
    result = kb(project_copy, "status", "uk")
    assert result.returncode == 1
    assert "data/translations/uk.lock:" in result.stdout and "expected `page.md#segment-id digest`" in result.stdout


def test_word_diff_shows_removed_and_added_words():
    assert word_diff("Keep all state in a database.", "Keep every state in a backing service.") == \
        "Keep [-all-] {+every+} state in a [-database.-] {+backing service.+}"


def test_the_status_page_counts_a_new_english_segment_as_missing(caught_up_copy):
    from processes_kb.build_inputs import load_inputs
    from processes_kb.project import ProjectConfig
    from processes_kb.site_build import SiteBuild

    project_copy = caught_up_copy
    before = {lang: language_status(load_site(project_copy), project_copy, lang)[0] for lang in TRANSLATIONS}
    replace_in(project_copy / "docs/en/processes.md", *NEW_PARAGRAPH)
    build = SiteBuild(ProjectConfig.read(project_copy), load_inputs(project_copy))
    table = build.page_markup("fr", "translation-status.md").blocks["status-table"][0]
    rows = {href: per_lang for _, href, per_lang in table.rows}
    english = len([s for s in build.site.originals["processes.md"].segments if s.kind != "code"])
    for lang, status in before.items():
        done_here = status.counts(status.pages()["processes.md"])[UP_TO_DATE]
        assert rows["processes.md"][lang][:2] == (done_here, english), lang  # the new segment counts, not done
        done, total, share = rows["#status-table"][lang]
        assert (done, total) == (status.counts()[UP_TO_DATE], len(status.segments) + 1), lang
        assert not share.startswith("100"), lang  # never 100 % while a segment is missing
    notices = build.page_markup("uk", "processes.md").notices  # the missing segment has no place on the page
    assert set(notices) == {s.source.id for s in before["uk"].pages()["processes.md"]
                            if s.state in (OUTDATED, UNTRANSLATED)}


def test_readers_see_the_outdated_and_the_untranslated_paragraph_and_the_status_page(caught_up_copy, tmp_path):
    """An English author rewords one paragraph and adds another: after `kb add-missing` (and `kb publish`) the check
    passes, the reworded paragraph is noted as outdated, the new one is in English, marked as such."""
    project_copy = caught_up_copy
    already = {lang: untranslated(project_copy, lang) for lang in TRANSLATIONS}
    replace_in(project_copy / "docs/en/processes.md", OLD, NEW)
    replace_in(project_copy / "docs/en/processes.md", *NEW_PARAGRAPH)
    assert kb(project_copy, "add-missing").returncode == 0
    assert kb(project_copy, "publish").returncode == 0
    check = kb(project_copy, "check")
    assert check.returncode == 0, check.stdout
    assert f"Translation of 'fr': 1 outdated and {len(already['fr']) + 1} untranslated segment(s)" in check.stderr
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    lagging_here = {}
    for lang in TRANSLATIONS:
        lagging_here[lang] = ["scale-by-replication", *(key.partition("#")[2] for key in already[lang]
                                                        if key.startswith("processes.md#"))]
        html = (tmp_path / "out" / page_url(lang, "processes.md") / "index.html").read_text(encoding="utf-8")
        notes = {note.find_parent(id=True)["id"]: note
                 for note in BeautifulSoup(html, "html.parser").select("article .kb-notice")}
        assert sorted(notes) == sorted(lagging_here[lang] + ["each-process-type"]), lang
        assert notes["scale-by-replication"]["lang"] == SITE.tag(lang)
        assert notes["scale-by-replication"].select_one("a")["href"] == "../../processes/#scale-by-replication"
        assert "lang" not in notes["scale-by-replication"].find_parent(id=True).attrs  # translated, if outdated
        new = notes["each-process-type"].find_parent(id=True)
        assert (new.name, new["lang"]) == ("p", "en"), lang
        assert new.get_text(" ", strip=True).startswith("Each process type scales on its own: why would it not?"), lang
    status = BeautifulSoup((tmp_path / "out" / page_url("fr", "translation-status.md") / "index.html")
                           .read_text(encoding="utf-8"), "html.parser")
    rows = {row.th.get_text(strip=True): row for row in status.select(".kb-status tbody tr")}
    processes_row = rows[SITE.pages["fr"]["processes.md"].meta["title"]]
    bars = processes_row.select("progress")  # one per language, in the table's order
    values = {lang: (int(bar["value"]), int(bar["max"])) for lang, bar in zip(SITE.languages, bars, strict=True)}
    assert values["en"][0] == values["en"][1]
    for lang in TRANSLATIONS:  # the outdated and the new paragraph, and any paragraph the real translation lacks
        assert values[lang][0] == values[lang][1] - len(lagging_here[lang]) - 1, lang


def test_the_note_dates_the_english_change_from_git_history(project_copy):
    from processes_kb.staleness import english_change_dates

    def git(*args, date="2026-01-02T10:00:00+00:00"):
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"}
        subprocess.run(["git", *args], cwd=project_copy, check=True, capture_output=True, env=env)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "start")
    replace_in(project_copy / "docs/en/processes.md", OLD, NEW)
    git("commit", "-q", "-am", "reword", date="2026-03-04T10:00:00+00:00")
    segments = load_site(project_copy).originals["processes.md"].segments
    dates = english_change_dates(project_copy, "docs/en/processes.md", segments)
    assert dates["scale-by-replication"] == "2026-03-04"
    assert dates["tagline"] == "2026-01-02"
    assert english_change_dates(project_copy / "docs", "no/such/file.md", segments) == {}


def test_check_reports_problems_as_github_annotations_on_their_lines(project_copy):
    replace_in(project_copy / "docs/uk/processes.md", "{: #tagline }", "{: #tagline-x }")
    result = kb(project_copy, "check", "--lang", "uk", "--format", "github")
    assert result.returncode == 1
    assert "::error file=docs/uk/processes.md,line=8,title=segment-extra::extra segment 'tagline-x': docs/en/processes.md has no such " \
           "segment; in its place the original has 'tagline': keep that ID" in result.stdout.splitlines()


def test_a_lock_file_that_is_not_utf8_is_bad_input(project_copy):
    lock = project_copy / "data/translations/uk.lock"
    lock.write_bytes(lock.read_bytes() + b"processes.md#tagline \xff\xfe\n")
    line = lock.read_bytes().count(b"\n")
    result = kb(project_copy, "status", "uk")
    assert (result.returncode, result.stderr) == (2, f"data/translations/uk.lock:{line}: not valid UTF-8 text\n")
