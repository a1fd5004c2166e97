"""`kb export` / `kb import`: a translation as PO or XLIFF, for Weblate, Crowdin, Poedit and other CAT tools.

One unit per translatable segment: its context (PO) or ID (XLIFF) is `page.md#segment-id`, its source the English
Markdown, its target the translation; an outdated segment is fuzzy, with the English it was reviewed against as the
previous source; a segment new in the English (missing in the translation) has an empty target and a note saying so,
and import writes its translation where it belongs (processes_kb.missing_segments). Import writes each changed target
back into the Markdown by segment ID, touching only that segment's lines (the `{: #id }` lines never go through the
file; every line keeps what stands before its text: the indentation of an admonition or a list item, a list marker, a
`>`), and marks reviewed the units that are not fuzzy and were not up to date (a translator approved them). A target
that would not stay its one block (an empty line, a line that starts a list or a code block) is a problem: nothing is
written. The file formats come from translate-toolkit's storage API; its Markdown converters lose IDs and are not
used. A round trip without edits writes no file at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from processes_kb.content import (HEADING_ID, KIND_NAMES, UNCLOSED_HEADING_ID, ContentError, Page, Problem, Segment,
                                  Site, parse_page)
from processes_kb.missing_segments import insert_missing, read_page_file
from processes_kb.placement import translation_path
from processes_kb.staleness import MISSING, OUTDATED, UNTRANSLATED, UP_TO_DATE, language_status, mark_reviewed

FORMATS = {".po": "po", ".xlf": "xliff", ".xliff": "xliff"}


def _store(kind: str, lang: str, default_lang: str):
    from translate.storage import po, xliff

    if kind == "po":
        store = po.pofile()
        store.updateheader(add=True, Language=lang, Project_Id_Version="Processes docs",
                           Content_Type="text/plain; charset=UTF-8")
        return store
    return xliff.xlifffile(sourcelanguage=default_lang, targetlanguage=lang)


def export(site: Site, root: Path, lang: str, kind: str) -> bytes:
    status, _ = language_status(site, root, lang)
    store = _store(kind, lang, site.default_lang)
    for item in status.segments:
        unit = store.addsourceunit(item.source.text)
        unit.target = "" if item.state in (UNTRANSLATED, MISSING) else item.segment.text
        if item.state == MISSING:
            unit.addnote(f"new in the English: {item.page.path} does not have it yet; `kb import` adds your "
                         "translation where it belongs", origin="developer")
        if kind == "po":
            unit.setcontext(item.key)
            if item.state == OUTDATED and item.old_english:
                unit.prev_source = item.old_english
        else:
            unit.setid(item.key)
        if item.state == OUTDATED:
            unit.markfuzzy(True)
        elif kind == "xliff" and unit.target:
            unit.markapproved(True)
    return bytes(store)


@dataclass
class ImportResult:
    changed: list[str]  # segment keys whose text was rewritten
    reviewed: list[str]  # segment keys marked reviewed
    problems: list[Problem]
    added: list[str] = field(default_factory=list)  # keys of segments new in the English, written where they belong


def import_file(site: Site, root: Path, lang: str, file: Path, shown: str) -> ImportResult:
    """Write the file's translated units into docs/<lang>/; nothing is written when any unit is wrong, and no file
    at all when nothing changed (no new text, no unit newly approved)."""
    from translate.storage import factory

    kind = FORMATS.get(file.suffix.lower())
    if kind is None:
        raise ContentError(shown, 1, f"unknown format '{file.suffix}': use .po, .xlf or .xliff")
    raw = file.read_bytes()
    try:
        store = factory.getobject(str(file))
    except Exception as error:  # translate-toolkit raises many kinds on a broken file: one message for all
        raise ContentError(shown, 1, f"cannot read this {kind.upper()} file: {error}") from None

    def line_of(key: str, occurrence: int = 0) -> int:
        needle = (f'msgctxt "{key}"' if kind == "po" else f'id="{key}"').encode("utf-8")
        position = -1
        for _ in range(occurrence + 1):
            found = raw.find(needle, position + 1)
            if found < 0:
                break
            position = found
        return raw[:position].count(b"\n") + 1 if position >= 0 else 1

    status, _ = language_status(site, root, lang)
    states = {item.key: item.state for item in status.segments}
    problems, reviewed, seen = [], [], {}
    edits: dict[str, dict[str, str]] = {}  # page -> segment ID -> its new text
    additions: dict[str, dict[str, str]] = {}  # page -> ID of a segment the translation lacks -> its text
    for unit in store.getunits():
        if unit.isheader():
            continue
        # XLIFF: the trans-unit's own id (translate-toolkit's getid() prefixes the file name)
        key = (unit.getcontext() if kind == "po" else unit.xmlelement.get("id")) or ""
        if key in seen:
            seen[key] += 1
            problems.append(Problem("import-unit-repeated", shown, line_of(key, seen[key]),
                                    f"unit '{key}' appears more than once (first on line {line_of(key)}): keep one"))
            continue
        seen[key] = 0
        name, _, segment_id = key.partition("#")
        original = site.originals.get(name)
        source = original.segment(segment_id) if original else None
        page = site.pages[lang].get(name)
        segment = page.segment(segment_id) if page else None
        if source is None or source.kind == "code":  # code is the same in every language
            problems.append(Problem("import-unit-unknown", shown, line_of(key),
                                    f"unit '{key}' names no segment of docs/{lang}/ to translate: export again"))
            continue
        if unit.source != source.text:
            problems.append(Problem("import-english-changed", shown, line_of(key),
                                    f"unit '{key}': the English changed since this file was exported; export "
                                    "again and carry your translation over"))
            continue
        # Around a segment's text the page has no whitespace of its own: a CAT tool's leading or trailing
        # whitespace or newline would only break the block.
        target = (unit.target or "").replace("\r\n", "\n").strip()
        if target and segment is None:  # new in the English: written where it belongs
            additions.setdefault(name, {})[segment_id] = target
        elif target and target != segment.text:
            edits.setdefault(name, {})[segment_id] = target
        if target and not unit.isfuzzy() and states.get(key) != UP_TO_DATE:
            reviewed.append(key)
    pages, changed = {}, []
    for name in sorted(set(edits) | set(additions)):
        text, newline, bom, page = _with_additions(site, root, lang, name, additions.get(name, {}))
        page_edits = [(page.segment(segment_id), target)
                      for segment_id, target in {**edits.get(name, {}), **additions.get(name, {})}.items()
                      if page.segment(segment_id) is not None and page.segment(segment_id).text != target]
        new_text = _rewrite(text, page_edits)
        changed += [f"{name}#{segment.id}" for segment, _ in page_edits if segment.id in edits.get(name, {})]
        for segment, target in _not_landing(page, text, new_text, page_edits):
            key = f"{name}#{segment.id}"
            why = "it has an empty line" if any(not line.strip() for line in target.split("\n")) else \
                "a line of it starts another block (a list item, a heading, a code block)"
            problems.append(Problem("import-not-one-block", shown, line_of(key),
                                    f"unit '{key}': the translation would not stay one "
                                    f"{KIND_NAMES[segment.kind].partition(' ')[2]} in {page.path}: {why}; keep it "
                                    "one block, then import again"))
        pages[root / page.path] = (bom + new_text.replace("\n", newline)).encode("utf-8")
    if problems:
        return ImportResult([], [], problems)
    for path, data in pages.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as error:
            raise ContentError(path.relative_to(root), 1, f"cannot write: {error.strerror}") from None
    marked = []
    if reviewed:
        from processes_kb.content import load_site

        marked = mark_reviewed(load_site(root), root, lang, reviewed)
    added = [f"{name}#{segment_id}" for name, page_additions in additions.items() for segment_id in page_additions]
    return ImportResult(changed, marked, [], added)


def _with_additions(site: Site, root: Path, lang: str, name: str, additions: dict[str, str]
                    ) -> tuple[str, str, str, Page]:
    """A translated page's text (LF), line ending, byte-order mark and model, with the English block of each segment
    in `additions` inserted where it belongs (a page the language lacks: the English page), ready to be rewritten."""
    original, page = site.originals[name], site.pages[lang].get(name)
    english, newline, bom = read_page_file(root / original.path)
    if page is None:
        return english, newline, bom, parse_page(english, lang, name, translation_path(site, lang, name))
    text, newline, bom = read_page_file(root / page.path)
    if additions:
        text = insert_missing(text, original, page, english, set(additions))
        page = parse_page(text, lang, name, page.path)
    return text, newline, bom, page


def _shape(page: Page) -> list[tuple[str, str, int]]:
    return [(s.id, s.kind, s.level) for s in page.segments]


def _not_landing(page: Page, text: str, new_text: str, edits: list[tuple[Segment, str]]) -> list[tuple[Segment, str]]:
    """The edits whose text would not come back as that segment's text, alone in its block: read the rewritten page
    as the checks do (same segments, same kinds, each edited segment's words as the target's)."""
    def landed(new_page: Page, page_edits: list[tuple[Segment, str]]) -> bool:
        return _shape(new_page) == _shape(page) and all(
            " ".join(new_page.segment(segment.id).text.split()) == " ".join(target.split())
            for segment, target in page_edits)

    if landed(parse_page(new_text, page.lang, page.name, page.path), edits):
        return []
    wrong = [edit for edit in edits
             if not landed(parse_page(_rewrite(text, [edit]), page.lang, page.name, page.path), [edit])]
    return wrong or edits


HEADING_MARKER = re.compile(r"^[ \t>]*(?:#{1,6}(?:[ \t]+|$))?")
CONTAINER = re.compile(r"^[ \t>]*")  # what stands before a block's lines inside an admonition, list item or quote
LIST_MARKER = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")


def _prefix(line: str, text: str, pattern: re.Pattern) -> str:
    """What stands before `text` on its source line (markdown-it gives a block's lines without it)."""
    body = line if line.endswith(text) else line.rstrip()
    if text and body.endswith(text):
        return body[: len(body) - len(text)]
    return pattern.match(line)[0]


def _rewrite(text: str, edits: list[tuple[Segment, str]]) -> str:
    """Replace each segment's text in the page's lines, keeping markers, indentation and the ID lines: each new
    line gets what stood before the old line at its place; lines beyond the old ones get the ID line's."""
    lines = text.split("\n")
    for segment, new in sorted(edits, key=lambda edit: -edit[0].line):  # bottom up: line numbers stay right
        start = segment.line - 1
        if segment.kind == "heading":
            line = lines[start]
            marker = HEADING_MARKER.match(line)[0]
            found = HEADING_ID.search(line) or UNCLOSED_HEADING_ID.search(line)
            lines[start] = marker + new + (line[found.start():] if found else "")
            continue
        old_lines = segment.text.split("\n")
        count = len(old_lines)
        prefixes = [_prefix(lines[start + i], old, LIST_MARKER if i == 0 and segment.kind == "list-item" else CONTAINER)
                    for i, old in enumerate(old_lines)]
        id_line = lines[start + count] if start + count < len(lines) else ""
        further = CONTAINER.match(id_line)[0]
        lines[start:start + count] = [(prefixes[i] if i < count else further) + line
                                      for i, line in enumerate(new.split("\n"))]
    return "\n".join(lines)
