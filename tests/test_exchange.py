"""PO and XLIFF round trips for CAT tools: no edits write no file; an edited unit changes exactly its segment (IDs
and every line's indentation kept, the check still passes); only approved outdated units are marked reviewed; a stale
or foreign file, or a translation that would not stay one block, writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from translate.storage import factory

from conftest import FIXTURE_MKDOCS_YML, replace_in

from processes_kb.content import load_site

pytestmark = pytest.mark.toolkit


def kb(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=120, cwd=root)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for folder in ("docs", "data") for path in (root / folder).rglob("*")
            if path.is_file()}


def stamped_snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    """Every file under docs/ and data/ with its modification time, set to a fixed past time first: a file written
    again with the same bytes shows."""
    files = snapshot(root)
    for path in files:
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    return {path: (data, path.stat().st_mtime_ns) for path, data in files.items()}


def edit_units(file: Path, edits: dict[str, str], reviewed: tuple[str, ...] = ()) -> None:
    """Change the targets of some units; the units in `reviewed` are no longer fuzzy (the translator approved them)."""
    store = factory.getobject(str(file))
    for unit in store.getunits():
        key = unit.getcontext() if file.suffix == ".po" else unit.xmlelement.get("id")
        if key in edits:
            unit.target = edits[key]
        if key in reviewed:
            unit.markfuzzy(False)
    file.write_bytes(bytes(store))


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_round_trip_without_edits_writes_nothing(project_copy, suffix):
    exported = kb(project_copy, "export", "fr", "-o", f"fr{suffix}")
    assert exported.returncode == 0, exported.stderr
    before = stamped_snapshot(project_copy)
    imported = kb(project_copy, "import", "fr", f"fr{suffix}")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert imported.stdout.strip() == "Nothing changed: no file was written."
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in snapshot(project_copy)} == before


def test_import_marks_reviewed_only_the_segments_whose_review_changed(project_copy):
    """An outdated unit approved in the CAT tool is marked reviewed; an up-to-date unit edited is rewritten but its
    lock already names the current English; every other unit is left alone."""
    replace_in(project_copy / "docs/en/processes.md", "Processes must be independent", "Processes must stay independent")
    kb(project_copy, "export", "uk")
    edit_units(project_copy / "uk.po", {"processes.md#independent-processes": "Незалежні процеси та масштабування "
                                                                              "реплікацією"},
               reviewed=("processes.md#scale-by-replication",))
    lock = project_copy / "data/translations/uk.lock"
    lines_before = lock.read_text(encoding="utf-8").splitlines()
    result = kb(project_copy, "import", "uk", "uk.po")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Rewrote 1 segment(s); marked 1 reviewed."
    lines_after = lock.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(lines_before, lines_after) if a != b] == [
        (next(line for line in lines_before if line.startswith("processes.md#scale-by-replication ")),
         next(line for line in lines_after if line.startswith("processes.md#scale-by-replication ")))]
    assert len(lines_after) == len(lines_before)
    status = json.loads(kb(project_copy, "status", "uk", "--json").stdout)
    assert "scale-by-replication" not in {s["id"] for s in status["pages"]["processes.md"]["segments"]}


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_an_edited_unit_changes_exactly_its_segment(project_copy, suffix):
    site = load_site(project_copy)
    page = site.pages["uk"]["processes.md"]
    kb(project_copy, "export", "uk", "-o", f"uk{suffix}")
    edits = {"processes.md#practice-health-check": "Додайте до кожного процесу перевірку працездатності,\nщоб служба "
                                                   "розгортання контейнерів бачила, що процес працює.",
             "processes.md#independent-processes": "Незалежні процеси та масштабування реплікацією",
             "processes.md#scale-by-replication": "Кожен процес має працювати незалежно від інших, тож застосунок "
                                                  "масштабується горизонтально."}
    edit_units(project_copy / f"uk{suffix}", edits)
    before = snapshot(project_copy)
    result = kb(project_copy, "import", "uk", f"uk{suffix}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Rewrote 3 segment(s)" in result.stdout
    changed = {path for path, data in snapshot(project_copy).items() if before.get(path) != data}
    assert changed == {project_copy / "docs/uk/processes.md"}
    after = load_site(project_copy).pages["uk"]["processes.md"]
    assert after.ids == page.ids  # every ID kept, in order
    for segment in page.segments:
        expected = edits.get(f"processes.md#{segment.id}", segment.text)
        assert after.segment(segment.id).text == expected, segment.id
    text = (project_copy / "docs/uk/processes.md").read_text(encoding="utf-8")
    assert ("- Додайте до кожного процесу перевірку працездатності,\n  щоб служба розгортання контейнерів бачила, що "
            "процес працює.\n  {: #practice-health-check }") in text
    assert kb(project_copy, "check").returncode == 0


def test_a_file_exported_before_the_english_changed_writes_nothing(project_copy):
    kb(project_copy, "export", "uk")
    replace_in(project_copy / "docs/en/processes.md", "Processes must be independent", "Processes must stay independent")
    before = snapshot(project_copy)
    result = kb(project_copy, "import", "uk", "uk.po")
    assert result.returncode == 1
    assert "uk.po:" in result.stdout and "unit 'processes.md#scale-by-replication': the English changed since this " \
                                           "file was exported" in result.stdout
    assert "nothing was written" in result.stderr
    assert snapshot(project_copy) == before


@pytest.mark.parametrize(("name", "content", "message"), [
    ("uk.txt", "hello", "uk.txt:1: unknown format '.txt': use .po, .xlf or .xliff"),
    ("uk.po", 'msgid "x"\nmsgstr', "uk.po:1: cannot read this PO file"),
])
def test_an_unreadable_file_is_bad_input(project_copy, name, content, message):
    (project_copy / name).write_text(content, encoding="utf-8")
    result = kb(project_copy, "import", "uk", name)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


NESTED_MKDOCS_YML = FIXTURE_MKDOCS_YML  # admonitions and attribute lists, as the site has them
NESTED_EN = """\
# Page { #page }

An opening paragraph.
{: #intro }

!!! note "Keep it in mind"
    The first paragraph of the note
    goes on over a second line.
    {: #note-first }

    The second paragraph of the note.
    {: #note-second }

- An item of the list.
  {: #item }

  The second paragraph of the item,
  on two lines.
  {: #item-more }

- Another item.
  {: #other-item }
"""
NESTED_UK = """\
# Сторінка { #page }

Вступний абзац сторінки.
{: #intro }

!!! note "Варто памʼятати"
    Перший абзац нотатки
    продовжується другим рядком.
    {: #note-first }

    Другий абзац нотатки.
    {: #note-second }

- Пункт списку.
  {: #item }

  Другий абзац пункту,
  у\u00a0двох рядках.
  {: #item-more }

- Інший пункт.
  {: #other-item }
"""


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_import_keeps_the_indentation_of_paragraphs_in_admonitions_and_list_items(make_project, suffix):
    root = make_project({"docs/en/page.md": NESTED_EN, "docs/uk/page.md": NESTED_UK}, NESTED_MKDOCS_YML)
    assert kb(root, "check").returncode == 0
    assert kb(root, "export", "uk", "-o", f"uk{suffix}").returncode == 0
    edit_units(root / f"uk{suffix}", {"page.md#note-first": "Перший абзац нотатки, виправлений,\nз\u00a0другим рядком.",
                                      "page.md#note-second": "Другий, виправлений абзац нотатки.",
                                      "page.md#item-more":
                                          "Другий абзац пункту, виправлений,\nтеж у\u00a0двох рядках."})
    result = kb(root, "import", "uk", f"uk{suffix}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Rewrote 3 segment(s)" in result.stdout
    expected = NESTED_UK.replace("    Перший абзац нотатки\n    продовжується другим рядком.",
                                 "    Перший абзац нотатки, виправлений,\n    з\u00a0другим рядком.").replace(
        "    Другий абзац нотатки.", "    Другий, виправлений абзац нотатки.").replace(
        "  Другий абзац пункту,\n  у\u00a0двох рядках.",
        "  Другий абзац пункту, виправлений,\n  теж у\u00a0двох рядках.")
    assert (root / "docs/uk/page.md").read_text(encoding="utf-8") == expected
    checked = kb(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(("target", "why"), [
    ("Перший абзац.\n\nДругий абзац.", "it has an empty line"),
    ("Перший абзац:\n- не пункт списку.", "a line of it starts another block (a list item, a heading, a code block)"),
], ids=["empty line", "list line"])
def test_a_translation_that_would_not_stay_one_block_writes_nothing(make_project, target, why):
    root = make_project({"docs/en/page.md": NESTED_EN, "docs/uk/page.md": NESTED_UK}, NESTED_MKDOCS_YML)
    kb(root, "export", "uk")
    edit_units(root / "uk.po", {"page.md#note-first": target})
    before = snapshot(root)
    result = kb(root, "import", "uk", "uk.po")
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(number for number, text in enumerate((root / "uk.po").read_text(encoding="utf-8").splitlines(), 1)
                if text == 'msgctxt "page.md#note-first"')
    assert result.stdout.strip() == (f"uk.po:{line}: unit 'page.md#note-first': the translation would not stay one "
                                     f"paragraph in docs/uk/page.md: {why}; keep it one block, then import again")
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(root) == before
