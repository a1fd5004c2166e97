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
from processes_kb.exchange import import_file

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


# ---------------------------------------------------------------- inline markup as codes

CODED_EN = """\
# Page { #page }

Read **the factor** and [the backing services](https://12factor.net/backing-services){ hreflang=en },
then run `web` once.  
A second line after a hard break.
{: #intro }

See *the* [process types](processes.md#types "Types"){ hreflang=en } in `Procfile`.
{: #more }
"""
CODED_UK = """\
# Сторінка { #page }

Прочитайте **фактор** і [сторонні служби](https://12factor.net/uk/backing-services),
потім запустіть `web` один раз.  
Другий рядок після <span class="no-term">розриву</span>.
{: #intro }
"""
INTRO_NOTATION = "Прочитайте {1}фактор{/1} і {5}сторонні служби{/5},\nпотім запустіть {3/} один раз.{4/}\nДругий рядок " \
                 "після {6}розриву{/6}."


def coded_project(make_project) -> Path:
    return make_project({"docs/en/page.md": CODED_EN, "docs/uk/page.md": CODED_UK}, NESTED_MKDOCS_YML)


def test_po_units_carry_numbered_codes_and_say_what_each_stands_for(make_project):
    root = coded_project(make_project)
    assert kb(root, "export", "uk").returncode == 0
    units = {unit.getcontext(): unit for unit in factory.getobject(str(root / "uk.po")).getunits()}
    intro = units["page.md#intro"]
    assert intro.source == ("Read {1}the factor{/1} and {2}the backing services{/2},\nthen run {3/} once.{4/}\nA second "
                            "line after a hard break.")
    assert intro.target == INTRO_NOTATION
    assert intro.getnotes("developer") == (
        "Codes: keep each one, move it where your language needs it; they stand for\n"
        "{1}…{/1} = ** … **\n{2}…{/2} = [ … ](https://12factor.net/backing-services){ hreflang=en }\n{3/} = `web`\n"
        "{4/} = a line break\n{5}…{/5} = [ … ](https://12factor.net/uk/backing-services)\n"
        "{6}…{/6} = <span class=\"no-term\"> … </span>")
    assert units["page.md#page"].source == "Page" and not units["page.md#page"].getnotes("developer")


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_translated_codes_import_to_exactly_the_markdown(make_project, suffix):
    """Codes moved, the link text translated between a link's codes, a new segment translated with the English's
    codes: the Markdown comes back exactly, and whatever a CAT tool wrote inside a code is not read."""
    root = coded_project(make_project)
    assert kb(root, "export", "uk", "-o", f"uk{suffix}").returncode == 0
    intro = "{5}Сторонні служби{/5} прочитайте після {1}фактора{/1},\nа {3/} запустіть раз.{4/}\nДругий рядок після " \
            "{6}розриву{/6}."
    more = "Див. {2}типи процесів{/2} у {3/}, {1}саме{/1} їх."
    if suffix == ".po":
        edit_units(root / "uk.po", {"page.md#intro": intro, "page.md#more": more})
    else:
        text = (root / "uk.xlf").read_text(encoding="utf-8")
        assert ('<source>Read <bpt id="1" ctype="bold">**</bpt>the factor<ept id="1">**</ept> and <bpt id="2" '
                'ctype="link">[</bpt>the backing services<ept id="2">](https://12factor.net/backing-services)'
                '{ hreflang=en }</ept>,\nthen run <ph id="3" ctype="x-code">`web`</ph> once.<ph id="4" ctype="lb">  '
                '</ph>\nA second line after a hard break.</source>') in text
        def xliff(notation: str) -> str:
            return (notation.replace("{5}", '<bpt id="5">[</bpt>').replace("{/5}", '<ept id="5">](https://evil)</ept>')
                    .replace("{1}", '<bpt id="1">**</bpt>').replace("{/1}", '<ept id="1">**</ept>')
                    .replace("{2}", '<g id="2">').replace("{/2}", "</g>").replace("{3/}", '<x id="3"/>')
                    .replace("{4/}", '<ph id="4"/>').replace("{6}", '<bpt id="6"/>').replace("{/6}", '<ept id="6"/>'))
        store = factory.getobject(str(root / "uk.xlf"))
        (root / "uk.xlf").write_bytes(bytes(store))
        text = (root / "uk.xlf").read_text(encoding="utf-8")
        start = text.index('id="page.md#intro"')
        target_start = text.index("<target", start)
        target_end = text.index("</target>", start) + len("</target>")
        text = text[:target_start] + f'<target state="translated">{xliff(intro)}</target>' + text[target_end:]
        start = text.index('id="page.md#more"')
        source_end = text.index("</source>", start) + len("</source>")
        text = text[:source_end] + f"\n        <target>{xliff(more)}</target>" + text[source_end:]
        (root / "uk.xlf").write_text(text, encoding="utf-8")
    result = kb(root, "import", "uk", f"uk{suffix}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Rewrote 1 segment(s) and added 1 new one(s);"), result.stdout
    assert (root / "docs/uk/page.md").read_text(encoding="utf-8") == """\
# Сторінка { #page }

[Сторонні служби](https://12factor.net/uk/backing-services) прочитайте після **фактора**,
а `web` запустіть раз.  
Другий рядок після <span class="no-term">розриву</span>.
{: #intro }

Див. [типи процесів](processes.md#types "Types"){ hreflang=en } у `Procfile`, *саме* їх.
{: #more }
"""


@pytest.mark.parametrize(("target", "code", "message"), [
    (INTRO_NOTATION.replace("{6}розриву{/6}", "розриву"), "import-code-mismatch",
     'the translation lacks {6}…{/6} (<span class="no-term"> … </span>): put it back'),
    (INTRO_NOTATION.replace("{5}сторонні служби{/5}", "сторонні служби").replace("{3/}", "`web`"),
     "import-code-mismatch", "the translation lacks {3/}, {5}…{/5} (`web`; [ … ](https://12factor.net/uk/"
                             "backing-services)): put it back"),
    (INTRO_NOTATION + "{9/}", "import-code-mismatch", "{9/} is no code of this unit: remove it"),
    (INTRO_NOTATION.replace("один раз", "{3/} раз"), "import-code-mismatch", "{3/} appears twice: keep it once"),
    (INTRO_NOTATION.replace("{3/}", "{3}web{/3}"), "import-code-mismatch",
     "{3} stands for code markup written {3/}: write it so"),
    (INTRO_NOTATION.replace("{1}фактор{/1}", "{/1}фактор{1}"), "import-code-order",
     "{/1} closes, but {1} has not opened: a code opens before it closes, and codes nest"),
    (INTRO_NOTATION.replace("{1}фактор{/1} і {5}сторонні служби{/5}", "{1}фактор і {5}сторонні{/1} служби{/5}"),
     "import-code-order", "{/1} closes, but {5}…{/5} inside it is still open: a code opens before it closes, and "
                          "codes nest"),
    (INTRO_NOTATION.replace("{6}розриву{/6}", "{6}розриву"), "import-code-order", "{6} is never closed: add {/6}"),
    (INTRO_NOTATION.replace("раз.{4/}\n", "раз.\n").replace("Другий рядок", "Другий{4/} рядок"),
     "import-code-order", "{4/} is a line break: keep it at the end of a line"),
], ids=["missing", "two missing", "unknown", "repeated", "paired instead of alone", "closed before opened", "crossed",
        "never closed", "line break inside a line"])
def test_a_unit_whose_codes_do_not_match_writes_nothing(make_project, target, code, message):
    root = coded_project(make_project)
    kb(root, "export", "uk")
    edit_units(root / "uk.po", {"page.md#intro": target})
    before = snapshot(root)
    result = kb(root, "import", "uk", "uk.po")
    line = next(number for number, text in enumerate((root / "uk.po").read_text(encoding="utf-8").splitlines(), 1)
                if text == 'msgctxt "page.md#intro"')
    assert (result.returncode, result.stdout) == (1, f"uk.po:{line}: unit 'page.md#intro': {message}, then import "
                                                     "again\n"), result.stderr
    assert "1 problem(s): nothing was written." in result.stderr and "Traceback" not in result.stderr
    assert snapshot(root) == before
    found = import_file(load_site(root), root, "uk", root / "uk.po", "uk.po").problems
    assert [problem.code for problem in found] == [code]
