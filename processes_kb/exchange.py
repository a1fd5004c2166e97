"""`kb export` / `kb import`: a translation as PO or XLIFF, for Weblate, Crowdin, Poedit and other CAT tools.

One unit per translatable segment: its context (PO) or ID (XLIFF) is `page.md#segment-id`, its source the English
Markdown, its target the translation; an outdated segment is fuzzy, with the English it was reviewed against as the
previous source. Import writes each changed target back into the Markdown by segment ID, touching only that
segment's lines (the `{: #id }` lines never go through the file), and marks units that are no longer fuzzy as
reviewed. The file formats come from translate-toolkit's storage API; its Markdown converters lose IDs and are not
used. A round trip without edits leaves every file byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from processes_kb.content import HEADING_ID, ContentError, Problem, Segment, Site
from processes_kb.staleness import OUTDATED, UNTRANSLATED, language_status, mark_reviewed

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
        unit.target = "" if item.state == UNTRANSLATED else item.segment.text
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


def import_file(site: Site, root: Path, lang: str, file: Path, shown: str) -> ImportResult:
    """Write the file's translated units into docs/<lang>/; nothing is written when any unit is wrong."""
    from translate.storage import factory

    kind = FORMATS.get(file.suffix.lower())
    if kind is None:
        raise ContentError(shown, 1, f"unknown format '{file.suffix}': use .po, .xlf or .xliff")
    raw = file.read_bytes()
    try:
        store = factory.getobject(str(file))
    except Exception as error:  # translate-toolkit raises many kinds on a broken file: one message for all
        raise ContentError(shown, 1, f"cannot read this {kind.upper()} file: {error}") from None

    def line_of(key: str) -> int:
        needle = (f'msgctxt "{key}"' if kind == "po" else f'id="{key}"').encode("utf-8")
        position = raw.find(needle)
        return raw[:position].count(b"\n") + 1 if position >= 0 else 1

    problems, edits, reviewed = [], {}, []
    for unit in store.getunits():
        if unit.isheader():
            continue
        # XLIFF: the trans-unit's own id (translate-toolkit's getid() prefixes the file name)
        key = (unit.getcontext() if kind == "po" else unit.xmlelement.get("id")) or ""
        name, _, segment_id = key.partition("#")
        original = site.originals.get(name)
        source = original.segment(segment_id) if original else None
        page = site.pages[lang].get(name)
        segment = page.segment(segment_id) if page else None
        if source is None or segment is None:
            problems.append(Problem(shown, line_of(key), f"unit '{key}' names no segment of docs/{lang}/: export "
                                                          "again"))
            continue
        if unit.source != source.text:
            problems.append(Problem(shown, line_of(key), f"unit '{key}': the English changed since this file was "
                                                          "exported; export again and carry your translation over"))
            continue
        target = unit.target or ""
        if target and target != segment.text:
            edits.setdefault(name, []).append((segment, target))
        if target and not unit.isfuzzy():
            reviewed.append(key)
    if problems:
        return ImportResult([], [], problems)
    changed = []
    for name, page_edits in edits.items():
        path = root / "docs" / lang / name
        path.write_text(_rewrite(path.read_text(encoding="utf-8"), page_edits), encoding="utf-8")
        changed += [f"{name}#{segment.id}" for segment, _ in page_edits]
    if reviewed:
        from processes_kb.content import load_site

        mark_reviewed(load_site(root), root, lang, reviewed)
    return ImportResult(changed, reviewed, [])


def _rewrite(text: str, edits: list[tuple[Segment, str]]) -> str:
    """Replace each segment's text in the page's lines, keeping markers, indentation and the ID lines."""
    lines = text.split("\n")
    for segment, new in sorted(edits, key=lambda edit: -edit[0].line):  # bottom up: line numbers stay right
        start = segment.line - 1
        if segment.kind == "heading":
            line = lines[start]
            marker = line[: len(line) - len(line.lstrip("#"))] + " "
            suffix = line[HEADING_ID.search(line).start():]
            lines[start] = marker + new + suffix
            continue
        count = segment.text.count("\n") + 1
        if segment.kind == "list-item":
            first = lines[start]
            marker_end = len(first) - len(first.lstrip())
            marker_end += len(first[marker_end:]) - len(first[marker_end:].lstrip("-*+0123456789.)"))
            marker_end += len(first[marker_end:]) - len(first[marker_end:].lstrip(" "))
            indent = " " * marker_end
            new_lines = new.split("\n")
            replacement = [first[:marker_end] + new_lines[0]] + [indent + line for line in new_lines[1:]]
        else:
            replacement = new.split("\n")
        lines[start:start + count] = replacement
    return "\n".join(lines)
