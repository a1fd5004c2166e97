"""Translation status per segment: changing one English paragraph makes exactly that segment outdated in every
other language — in `kb status`, on the reader's page and on the status page — `mark-reviewed` clears it,
`mark-minor` keeps translations up to date, and no command ever rewrites prose."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, replace_in
from test_site_build import mkdocs_build, page_url

from processes_kb.content import load_site
from processes_kb.staleness import OUTDATED, UNTRANSLATED, UP_TO_DATE, language_status, word_diff

SITE = load_site(ROOT)
TRANSLATIONS = SITE.languages[1:]
OLD = "Processes must be independent of one another."
NEW = "Processes must stay independent of one another."


def kb(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=120)


def prose(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in (root / "docs").rglob("*.md")}


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_the_real_translations_are_up_to_date(lang):
    status, problems = language_status(SITE, ROOT, lang)
    assert problems == []
    assert [s.key for s in status.segments if s.state != UP_TO_DATE] == []


def test_one_changed_english_paragraph_is_outdated_in_every_language_and_nowhere_else(project_copy):
    replace_in(project_copy / "docs/en/processes.md", OLD, NEW)
    site = load_site(project_copy)
    for lang in TRANSLATIONS:
        status, _ = language_status(site, project_copy, lang)
        assert [s.key for s in status.of(OUTDATED)] == ["processes.md#scale-by-replication"], lang
        assert status.of(UNTRANSLATED) == []
    result = kb(project_copy, "status", "uk")
    assert result.returncode == 0
    assert "docs/uk/processes.md: 2" in result.stdout or "outdated: 'scale-by-replication'" in result.stdout
    assert "English change: Processes must [-be-] {+stay+} independent of one another." in result.stdout
    data = json.loads(kb(project_copy, "status", "uk", "--json").stdout)
    assert [s["id"] for s in data["pages"]["processes.md"]["segments"]] == ["scale-by-replication"]
    assert data["pages"]["processes.md"]["segments"][0]["previous_english"].startswith(OLD)
    check = kb(project_copy, "check")
    assert check.returncode == 0  # a lagging translation is shown, it does not block
    assert "Translation of 'uk': 1 outdated and 0 untranslated segment(s)" in check.stderr

    before = prose(project_copy)
    marked = kb(project_copy, "mark-reviewed", "uk", "processes.md#scale-by-replication")
    assert marked.returncode == 0 and "Marked 1 segment(s)" in marked.stdout
    assert prose(project_copy) == before
    site = load_site(project_copy)
    assert language_status(site, project_copy, "uk")[0].of(OUTDATED) == []
    assert [s.key for s in language_status(site, project_copy, "fr")[0].of(OUTDATED)] == [
        "processes.md#scale-by-replication"]


def test_a_minor_english_change_keeps_every_translation_up_to_date(project_copy):
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
    english = SITE.originals["processes.md"].segment("scale-by-replication").text
    ukrainian = SITE.pages["uk"]["processes.md"].segment("scale-by-replication").text
    replace_in(project_copy / "docs/uk/processes.md", ukrainian, english)
    status, _ = language_status(load_site(project_copy), project_copy, "uk")
    assert [s.key for s in status.of(UNTRANSLATED)] == ["processes.md#scale-by-replication"]
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


def test_readers_see_the_outdated_paragraph_and_the_status_page(project_copy, tmp_path):
    replace_in(project_copy / "docs/en/processes.md", OLD, NEW)
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for lang in TRANSLATIONS:
        html = (tmp_path / "out" / page_url(lang, "processes.md") / "index.html").read_text(encoding="utf-8")
        notes = BeautifulSoup(html, "html.parser").select("article .kb-notice")
        assert [note.find_parent(id=True)["id"] for note in notes] == ["scale-by-replication"], lang
        assert notes[0]["lang"] == lang
        link = notes[0].select_one("a")
        assert link["href"] == "../../processes/#scale-by-replication"
    status = BeautifulSoup((tmp_path / "out" / page_url("fr", "translation-status.md") / "index.html")
                           .read_text(encoding="utf-8"), "html.parser")
    rows = {row.th.get_text(strip=True): row for row in status.select(".kb-status tbody tr")}
    processes_row = rows[SITE.pages["fr"]["processes.md"].meta["title"]]
    bars = {bar.find_parent("td"): bar for bar in processes_row.select("progress")}
    values = [(int(bar["value"]), int(bar["max"])) for bar in bars.values()]
    assert values[0][0] == values[0][1]  # English
    assert all(done == total - 1 for done, total in values[1:])


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
