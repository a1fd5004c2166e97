"""PO and XLIFF round trips for CAT tools: no edits leave every file byte-identical; an edited unit changes
exactly its segment (IDs kept, the check still passes); a stale or foreign file writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from translate.storage import factory

from conftest import replace_in

from processes_kb.content import load_site


def kb(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=120, cwd=root)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for folder in ("docs", "data") for path in (root / folder).rglob("*")
            if path.is_file()}


def edit_units(file: Path, edits: dict[str, str]) -> None:
    store = factory.getobject(str(file))
    for unit in store.getunits():
        key = unit.getcontext() if file.suffix == ".po" else unit.xmlelement.get("id")
        if key in edits:
            unit.target = edits[key]
    file.write_bytes(bytes(store))


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_round_trip_without_edits_is_byte_identical(project_copy, suffix):
    exported = kb(project_copy, "export", "fr", "-o", f"fr{suffix}")
    assert exported.returncode == 0, exported.stderr
    before = snapshot(project_copy)
    imported = kb(project_copy, "import", "fr", f"fr{suffix}")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Rewrote 0 segment(s)" in imported.stdout
    assert snapshot(project_copy) == before


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
