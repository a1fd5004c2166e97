"""A segment new in the English: `kb check` points where it belongs, `kb status` counts it missing, `kb export` has a
unit for it and `kb import` writes its translation in that place; `kb add-missing` copies the English there (once),
after which `kb check` passes and `kb status` counts it untranslated."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from translate.storage import factory

from conftest import FIXTURE_MKDOCS_YML

from processes_kb.alignment import alignment_problems, compare_pages
from processes_kb.content import load_site, parse_page
from processes_kb.missing_segments import add_missing, insert_missing
from processes_kb.staleness import MISSING, OUTDATED, UNTRANSLATED, UP_TO_DATE, language_status, mark_reviewed

# What the translation was made from.
ENGLISH_BEFORE = """\
# Page { #page }

An opening paragraph.
{: #intro }

!!! note "Keep it in mind"
    The first paragraph of the note.
    {: #note-first }

- An item of the list.
  {: #item }
- Another item.
  {: #other-item }
"""
# The English author adds a paragraph and a heading, a paragraph in the note and an item in a tight list.
ENGLISH = """\
# Page { #page }

An opening paragraph.
{: #intro }

A new paragraph that nobody
has translated yet.
{: #new-paragraph }

## New heading { #new-heading }

!!! note "Keep it in mind"
    The first paragraph of the note.
    {: #note-first }

    A new paragraph of the note.
    {: #note-second }

- An item of the list.
  {: #item }
- A new item of the list.
  {: #new-item }
- Another item.
  {: #other-item }
"""
UKRAINIAN = """\
# Сторінка { #page }

Вступний абзац сторінки.
{: #intro }

!!! note "Варто памʼятати"
    Перший абзац нотатки.
    {: #note-first }

- Пункт списку.
  {: #item }
- Інший пункт.
  {: #other-item }
"""
# `kb add-missing`: each English block where it belongs, the list still tight.
UKRAINIAN_WITH_ENGLISH = """\
# Сторінка { #page }

Вступний абзац сторінки.
{: #intro }

A new paragraph that nobody
has translated yet.
{: #new-paragraph }

## New heading { #new-heading }

!!! note "Варто памʼятати"
    Перший абзац нотатки.
    {: #note-first }

    A new paragraph of the note.
    {: #note-second }

- Пункт списку.
  {: #item }
- A new item of the list.
  {: #new-item }
- Інший пункт.
  {: #other-item }
"""
pytestmark = pytest.mark.toolkit

NEW = ("new-paragraph", "new-heading", "note-second", "new-item")
ADD_MISSING = ", or run `kb add-missing --lang uk` to copy the English here"


def kb(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=120, cwd=root)


def project(make_project, mkdocs_yml: str = FIXTURE_MKDOCS_YML, **pages: str) -> Path:
    """The fixture with its translation reviewed against the English it was made from, then the English edited."""
    root = make_project({"docs/en/page.md": ENGLISH_BEFORE, "docs/uk/page.md": UKRAINIAN, **pages}, mkdocs_yml)
    for lang in load_site(root).languages[1:]:
        mark_reviewed(load_site(root), root, lang, None)
    (root / "docs/en/page.md").write_text(ENGLISH, encoding="utf-8")
    return root


def files(root: Path) -> dict[Path, tuple[bytes, int]]:
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for folder in ("docs", "data")
            for path in (root / folder).rglob("*") if path.is_file()}


# ---------------------------------------------------------------- kb check: where it belongs


def test_the_check_points_at_the_line_where_each_new_segment_belongs(make_project):
    """The line after the block before it ends (not that block's first line), and the message says so."""
    problems = [str(p) for p in alignment_problems(load_site(project(make_project)))]
    assert problems == [
        "docs/uk/page.md:5: missing segment 'new-paragraph' (a paragraph, docs/en/page.md:6): add it here, after the "
        "end of 'intro' (line 4)" + ADD_MISSING,
        "docs/uk/page.md:5: missing segment 'new-heading' (a heading, docs/en/page.md:10): add it here, after the end "
        "of 'intro' (line 4)" + ADD_MISSING,
        "docs/uk/page.md:9: missing segment 'note-second' (a paragraph, docs/en/page.md:16): add it here, after the "
        "end of 'note-first' (line 8)" + ADD_MISSING,
        "docs/uk/page.md:12: missing segment 'new-item' (a list item, docs/en/page.md:21): add it here, after the end "
        "of 'item' (line 11)" + ADD_MISSING,
    ]


DIAGRAM_ENGLISH = """\
# Page { #page }

First.
{: #first }

<!-- diagram: restart -->

Second, new.
{: #second }

Third, new.
{: #third }

<!-- diagram: shared-vs-sticky -->

Fourth.
{: #fourth }
"""
DIAGRAM_UKRAINIAN = """\
# Сторінка { #page }

Перший.
{: #first }

<!-- diagram: restart -->

<!-- diagram: shared-vs-sticky -->

Четвертий.
{: #fourth }
"""


def test_a_new_segment_goes_below_the_diagram_before_it_and_above_the_diagram_after_it():
    english = parse_page(DIAGRAM_ENGLISH, "en", "page.md", "docs/en/page.md")
    ukrainian = parse_page(DIAGRAM_UKRAINIAN, "uk", "page.md", "docs/uk/page.md")
    assert [str(p) for p in compare_pages(english, ukrainian) if p.code == "segment-missing"] == [
        "docs/uk/page.md:7: missing segment 'second' (a paragraph, docs/en/page.md:8): add it here, after the end of "
        "'first' and the diagram that follows it (line 6)" + ADD_MISSING,
        "docs/uk/page.md:7: missing segment 'third' (a paragraph, docs/en/page.md:11): add it here, after the end of "
        "'first' and the diagram that follows it (line 6)" + ADD_MISSING,
    ]
    written = insert_missing(DIAGRAM_UKRAINIAN, english, ukrainian, DIAGRAM_ENGLISH)
    assert written == DIAGRAM_UKRAINIAN.replace("<!-- diagram: restart -->\n",
                                                "<!-- diagram: restart -->\n\nSecond, new.\n{: #second }\n\n"
                                                "Third, new.\n{: #third }\n")
    assert compare_pages(english, parse_page(written, "uk", "page.md", "docs/uk/page.md")) == []


def test_a_new_first_segment_belongs_before_the_first_one_of_the_translation():
    english_text = "---\ntitle: Page\n---\n\n# Page { #page }\n\nFirst.\n{: #first }\n"
    text = "---\ntitle: Сторінка\n---\n\nПерший.\n{: #first }\n"
    english = parse_page(english_text, "en", "page.md", "docs/en/page.md")
    ukrainian = parse_page(text, "uk", "page.md", "docs/uk/page.md")
    assert [str(p) for p in compare_pages(english, ukrainian)] == [
        "docs/uk/page.md:5: missing segment 'page' (a heading, docs/en/page.md:5): add it here, at the start of the "
        "page" + ADD_MISSING]
    assert insert_missing(text, english, ukrainian, english_text) == \
        "---\ntitle: Сторінка\n---\n\n# Page { #page }\n\nПерший.\n{: #first }\n"


# ---------------------------------------------------------------- kb status: counted, never 100 %


def test_status_counts_each_new_segment_as_missing_where_it_belongs(make_project):
    root = project(make_project)
    status, _ = language_status(load_site(root), root, "uk")
    assert status.counts() == {UP_TO_DATE: 5, OUTDATED: 0, UNTRANSLATED: 0, MISSING: 4}
    result = kb(root, "status", "uk")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "docs/uk/page.md: 5 up to date, 0 outdated, 0 untranslated, 4 missing",
        "docs/uk/page.md:5: missing: 'new-paragraph'",
        "    new in the English (docs/en/page.md:6): it belongs here; `kb add-missing --lang uk` copies the English "
        "here to translate",
        "docs/uk/page.md:5: missing: 'new-heading'",
        "    new in the English (docs/en/page.md:10): it belongs here; `kb add-missing --lang uk` copies the English "
        "here to translate",
        "docs/uk/page.md:9: missing: 'note-second'",
        "    new in the English (docs/en/page.md:16): it belongs here; `kb add-missing --lang uk` copies the English "
        "here to translate",
        "docs/uk/page.md:12: missing: 'new-item'",
        "    new in the English (docs/en/page.md:21): it belongs here; `kb add-missing --lang uk` copies the English "
        "here to translate",
        "uk: 5 of 9 segments up to date (55%); 4 missing.",
    ]
    page = json.loads(kb(root, "status", "uk", "--json").stdout)["pages"]["page.md"]
    assert page["counts"] == {"up to date": 5, "outdated": 0, "untranslated": 0, "missing": 4}
    assert [(s["id"], s["state"], s["line"]) for s in page["segments"]] == [
        ("new-paragraph", "missing", 5), ("new-heading", "missing", 5), ("note-second", "missing", 9),
        ("new-item", "missing", 12)]
    assert kb(root, "status", "--markdown").stdout.splitlines()[2] == "| page.md | 5/9 ⚠ (4 new) |"


def test_one_missing_segment_keeps_a_language_below_100_percent(make_project):
    english = [f"Paragraph number {n} of the page.\n{{: #p{n} }}\n" for n in range(200)]
    ukrainian = [f"Абзац номер {n} цієї сторінки.\n{{: #p{n} }}\n" for n in range(199)]
    root = project(make_project, **{"docs/uk/page.md": "\n".join(ukrainian)})
    (root / "docs/en/page.md").write_text("\n".join(english), encoding="utf-8")
    mark_reviewed(load_site(root), root, "uk", [f"page.md#p{n}" for n in range(199)])
    result = kb(root, "status", "uk")
    assert result.stdout.splitlines()[-1] == "uk: 199 of 200 segments up to date (99%); 1 missing."


def test_a_short_english_text_never_reviewed_is_untranslated_and_reviewed_it_is_up_to_date(make_project):
    root = project(make_project)
    (root / "docs/uk/page.md").write_text(UKRAINIAN_WITH_ENGLISH, encoding="utf-8")
    status, _ = language_status(load_site(root), root, "uk")
    heading = next(s for s in status.segments if s.key == "page.md#new-heading")  # “New heading”: two words
    assert heading.state == UNTRANSLATED
    mark_reviewed(load_site(root), root, "uk", ["page.md#new-heading"])  # the translator keeps it in English
    status, _ = language_status(load_site(root), root, "uk")
    assert next(s for s in status.segments if s.key == "page.md#new-heading").state == UP_TO_DATE


# ---------------------------------------------------------------- kb export and kb import


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_export_has_a_unit_for_each_new_segment_saying_it_is_new(make_project, suffix):
    root = project(make_project)
    assert kb(root, "export", "uk", "-o", f"uk{suffix}").returncode == 0
    store = factory.getobject(str(root / f"uk{suffix}"))
    units = {(u.getcontext() if suffix == ".po" else u.xmlelement.get("id")): u for u in store.getunits()
             if not u.isheader()}
    assert list(units) == ["page.md#page", "page.md#intro", "page.md#new-paragraph", "page.md#new-heading",
                           "page.md#note-first", "page.md#note-second", "page.md#item", "page.md#new-item",
                           "page.md#other-item"]
    for key in NEW:
        unit = units[f"page.md#{key}"]
        assert (unit.target, unit.isfuzzy()) == ("", False)
        assert unit.getnotes("developer") == ("new in the English: docs/uk/page.md does not have it yet; `kb import` "
                                              "adds your translation where it belongs")
    assert units["page.md#new-paragraph"].source == "A new paragraph that nobody\nhas translated yet."
    if suffix == ".po":
        assert ('#. new in the English: docs/uk/page.md does not have it yet; `kb import` adds your translation where '
                'it belongs\nmsgctxt "page.md#new-item"\nmsgid "A new item of the list."\nmsgstr ""\n') in \
            (root / "uk.po").read_text(encoding="utf-8")


TRANSLATED = {"page.md#new-paragraph": "Новий абзац, який\nще ніхто не переклав.",
              "page.md#new-heading": "Новий заголовок",
              "page.md#note-second": "Новий абзац нотатки,\nна двох рядках.",
              "page.md#new-item": "Новий пункт списку,\nна двох рядках."}


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_import_writes_each_new_segment_where_it_belongs(make_project, suffix):
    root = project(make_project)
    kb(root, "export", "uk", "-o", f"uk{suffix}")
    store = factory.getobject(str(root / f"uk{suffix}"))
    for unit in store.getunits():
        unit.target = TRANSLATED.get(unit.getcontext() if suffix == ".po" else unit.xmlelement.get("id"),
                                     unit.target)
    (root / f"uk{suffix}").write_bytes(bytes(store))
    result = kb(root, "import", "uk", f"uk{suffix}")
    assert (result.returncode, result.stdout) == (0, "Rewrote 0 segment(s) and added 4 new one(s); marked 4 "
                                                     "reviewed.\n"), result.stderr
    assert (root / "docs/uk/page.md").read_text(encoding="utf-8") == """\
# Сторінка { #page }

Вступний абзац сторінки.
{: #intro }

Новий абзац, який
ще ніхто не переклав.
{: #new-paragraph }

## Новий заголовок { #new-heading }

!!! note "Варто памʼятати"
    Перший абзац нотатки.
    {: #note-first }

    Новий абзац нотатки,
    на двох рядках.
    {: #note-second }

- Пункт списку.
  {: #item }
- Новий пункт списку,
  на двох рядках.
  {: #new-item }
- Інший пункт.
  {: #other-item }
"""
    assert kb(root, "check").returncode == 0
    status, _ = language_status(load_site(root), root, "uk")
    assert status.counts() == {UP_TO_DATE: 9, OUTDATED: 0, UNTRANSLATED: 0, MISSING: 0}


def test_import_of_a_new_segment_that_would_not_stay_one_block_writes_nothing(make_project):
    root = project(make_project)
    kb(root, "export", "uk")
    store = factory.getobject(str(root / "uk.po"))
    for unit in store.getunits():
        if unit.getcontext() == "page.md#new-paragraph":
            unit.target = "Перший абзац.\n\nДругий абзац."
    (root / "uk.po").write_bytes(bytes(store))
    before = files(root)
    result = kb(root, "import", "uk", "uk.po")
    line = next(n for n, text in enumerate((root / "uk.po").read_text(encoding="utf-8").splitlines(), 1)
                if text == 'msgctxt "page.md#new-paragraph"')
    assert (result.returncode, result.stdout) == (1, f"uk.po:{line}: unit 'page.md#new-paragraph': the translation "
                                                     "would not stay one paragraph in docs/uk/page.md: it has an "
                                                     "empty line; keep it one block, then import again\n")
    assert files(root) == before


def test_import_of_a_page_the_language_lacks_writes_it_from_the_english_page(make_project):
    root = project(make_project)
    new_page = "---\ntitle: New\n---\n\n# New page { #new-page }\n\nThe text of the new page.\n{: #new-text }\n"
    (root / "docs/en/new.md").write_text(new_page, encoding="utf-8")
    kb(root, "export", "uk", "-o", "uk.xlf")
    store = factory.getobject(str(root / "uk.xlf"))
    for unit in store.getunits():
        if unit.xmlelement.get("id") == "new.md#new-text":
            unit.target = "Текст нової сторінки."
    (root / "uk.xlf").write_bytes(bytes(store))
    result = kb(root, "import", "uk", "uk.xlf")
    assert result.stdout == "Rewrote 0 segment(s) and added 1 new one(s); marked 1 reviewed.\n", result.stderr
    assert (root / "docs/uk/new.md").read_text(encoding="utf-8") == new_page.replace("The text of the new page.",
                                                                                     "Текст нової сторінки.")


# ---------------------------------------------------------------- kb add-missing: the English author is not blocked


def test_add_missing_copies_the_english_where_it_belongs_once_and_the_check_passes(make_project):
    root = project(make_project)
    assert kb(root, "check").returncode == 1
    result = kb(root, "add-missing")
    assert (result.returncode, result.stdout.splitlines()) == (0, [
        "docs/uk/page.md:6: added 'new-paragraph' in English, to translate",
        "docs/uk/page.md:10: added 'new-heading' in English, to translate",
        "docs/uk/page.md:16: added 'note-second' in English, to translate",
        "docs/uk/page.md:21: added 'new-item' in English, to translate",
        "Added 4 segment(s): `kb status` lists them as untranslated.",
    ]), result.stderr
    assert (root / "docs/uk/page.md").read_text(encoding="utf-8") == UKRAINIAN_WITH_ENGLISH
    checked = kb(root, "check")
    assert checked.returncode == 0, checked.stdout
    assert "Translation of 'uk': 0 outdated and 4 untranslated segment(s)" in checked.stderr
    status, _ = language_status(load_site(root), root, "uk")
    assert [s.key for s in status.of(UNTRANSLATED)] == [f"page.md#{key}" for key in NEW]

    before = files(root)
    again = kb(root, "add-missing", "--lang", "uk")
    assert (again.returncode, again.stdout) == (0, "Nothing to add: every translation has every segment of the "
                                                   "English.\n")
    assert files(root) == before


THREE_LANGUAGES = FIXTURE_MKDOCS_YML.replace("name: Українська\n", "name: Українська\n        - locale: fr\n"
                                                                  "          name: Français\n")


def test_add_missing_for_one_language_copies_a_new_english_page_there_only(make_project):
    root = project(make_project, THREE_LANGUAGES, **{"docs/fr/page.md": ENGLISH})
    new_page = "---\ntitle: New\n---\n\n# New page { #new-page }\n\nThe text of the new page.\n{: #new-text }\n"
    (root / "docs/en/new.md").write_text(new_page, encoding="utf-8")
    result = kb(root, "add-missing", "--lang", "fr")
    assert result.stdout.splitlines() == ["docs/fr/new.md:1: added the English page, to translate",
                                          "Added 0 segment(s) and 1 page(s): `kb status` lists them as untranslated."]
    assert (root / "docs/fr/new.md").read_text(encoding="utf-8") == new_page
    assert not (root / "docs/uk/new.md").exists()
    status, _ = language_status(load_site(root), root, "fr")
    assert [(s.key, s.state) for s in status.segments if s.page.name == "new.md"] == [
        ("new.md#new-page", UNTRANSLATED), ("new.md#new-text", UNTRANSLATED)]


def test_add_missing_keeps_line_endings_and_byte_order_mark(make_project):
    root = project(make_project)
    (root / "docs/uk/page.md").write_bytes(b"\xef\xbb\xbf" + UKRAINIAN.replace("\n", "\r\n").encode("utf-8"))
    add_missing(load_site(root), root, ["uk"])
    assert (root / "docs/uk/page.md").read_bytes() == \
        b"\xef\xbb\xbf" + UKRAINIAN_WITH_ENGLISH.replace("\n", "\r\n").encode("utf-8")


def test_add_missing_for_the_original_language_is_bad_input(make_project):
    result = kb(project(make_project), "add-missing", "--lang", "en")
    assert (result.returncode, result.stderr) == (2, "error: 'en' is the original language; give a translation "
                                                     "(uk)\n")


def test_add_missing_forgets_a_stale_review_of_a_segment_it_copies(make_project):
    """A translation that once had the heading (reviewed, then deleted by mistake): the English copied back is
    untranslated, not up to date."""
    root = project(make_project)
    digest = load_site(root).originals["page.md"].segment("new-heading").digest
    lock = root / "data/translations/uk.lock"
    lock.write_text(lock.read_text(encoding="utf-8") + f"page.md#new-heading {digest}\n", encoding="utf-8")
    add_missing(load_site(root), root, ["uk"])
    status, _ = language_status(load_site(root), root, "uk")
    assert next(s for s in status.segments if s.key == "page.md#new-heading").state == UNTRANSLATED
    assert "page.md#new-heading" not in lock.read_text(encoding="utf-8")
