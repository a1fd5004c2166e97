"""Segments of the English that a translation lacks: where each one belongs, and writing it there.

An English author who adds a paragraph is not blocked by the translations: `kb add-missing` copies every missing
segment into each translation as the English block (its markers, indentation and ID line), where it belongs.
`kb status` then counts it untranslated, readers see it marked as English (`lang="en"`), and `kb check` passes.
`kb import` writes a translated missing segment in the same place; `kb check` points at that place. A page missing
in a language is copied whole.

Where a segment belongs: processes_kb/placement.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from processes_kb.content import ContentError, Page, Segment, Site, parse_page
from processes_kb.placement import placement, translation_path


def missing(original: Page, translation: Page) -> list[Segment]:
    """The original's segments that the translation lacks, in the original's order."""
    present = set(translation.ids)
    return [segment for segment in original.segments if segment.id not in present]


def insert_missing(text: str, original: Page, translation: Page, english: str, only: set[str] | None = None) -> str:
    """`text` (the translation, `translation` read from it) with the English block of each missing segment (those in
    `only`, or all) inserted where it belongs, and the figures the English shows right after it. Blank lines around
    each block follow the English: a tight list stays tight. `english`: the original's text."""
    lines, english_lines = text.split("\n"), english.split("\n")
    shown = {marker.id for marker in translation.markers}

    def blank(number: int) -> bool:  # a 1-based line of the English; outside the page counts as blank
        return not 1 <= number <= len(english_lines) or not english_lines[number - 1].strip()

    end = len(lines) - 1 if lines and lines[-1] == "" else len(lines)  # the file's last newline ends its last line
    groups: dict[int, list[Segment]] = {}  # line to insert after -> the segments that go there, in English order
    for segment in missing(original, translation):
        if only is None or segment.id in only:
            after_line = placement(original, translation, segment.id).after_line
            groups.setdefault(end if after_line < 0 else after_line, []).append(segment)
    for at, segments in sorted(groups.items(), reverse=True):  # bottom up: the line numbers above stay right
        block: list[str] = []
        for segment in segments:
            preceding = block[-1] if block else lines[at - 1] if at > 0 else ""
            if preceding.strip() and blank(segment.line - 1):
                block.append("")
            block += english_lines[segment.line - 1: segment.last_line]
            for marker in (m for m in original.markers if m.after == segment.id and m.id not in shown):
                block += ["", marker.source]
        if at < len(lines) and lines[at].strip() and blank(segments[-1].last_line + 1):
            block.append("")
        lines[at:at] = block
    return "\n".join(lines)


# ---------------------------------------------------------------- files


def read_page_file(path: Path) -> tuple[str, str, str]:
    """A page's text with LF line endings, and its line ending and byte-order mark, to write it back alike."""
    text = path.read_bytes().decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom):]
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n"), newline, bom


@dataclass(frozen=True)
class Added:
    path: str  # the translation's file, as messages show it
    line: int  # where the segment now starts
    key: str  # page.md#segment-id; page.md for a page copied whole
    page_created: bool = False


def add_missing(site: Site, root: Path, languages: list[str]) -> list[Added]:
    """Write every segment of the English that a translation lacks into it, as the English text, where it belongs
    (a page the language lacks: the English page). Drops the lock entries of the added segments, so that they count
    as untranslated. Writes nothing where nothing is missing."""
    from processes_kb.staleness import read_lock, tracked, write_lock

    added: list[Added] = []
    for lang in languages:
        keys: list[str] = []
        for name, original in sorted(site.originals.items()):
            shown = translation_path(site, lang, name)
            path, english_path = root / shown, root / original.path
            translation = site.pages[lang].get(name)
            if translation is None:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(english_path.read_bytes())
                except OSError as error:
                    raise ContentError(shown, 1, f"cannot write: {error.strerror}") from None
                added.append(Added(shown, 1, name, page_created=True))
                keys += [f"{name}#{s.id}" for s in original.segments]
                continue
            wanted = missing(original, translation)
            if not wanted or translation.empty:
                continue
            text, newline, bom = read_page_file(path)
            new_text = insert_missing(text, original, translation, read_page_file(english_path)[0])
            try:
                path.write_bytes((bom + new_text.replace("\n", newline)).encode("utf-8"))
            except OSError as error:
                raise ContentError(shown, 1, f"cannot write: {error.strerror}") from None
            written = parse_page(new_text, lang, name, shown)
            for segment in wanted:
                line = written.segment(segment.id).line if written.segment(segment.id) else 1
                added.append(Added(shown, line, f"{name}#{segment.id}"))
                keys.append(f"{name}#{segment.id}")
        if keys and tracked(root):
            locks, _ = read_lock(root, lang)
            if any(key in locks for key in keys):
                write_lock(root, lang, {key: digest for key, digest in locks.items() if key not in keys})
    return added
