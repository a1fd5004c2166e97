"""`kb export` / `kb import`: a translation as PO or XLIFF, for Weblate, Crowdin, Poedit and other CAT tools.

One unit per translatable segment: its context (PO) or ID (XLIFF) is `page.md#segment-id`, its source the English
Markdown, its target the translation; an outdated segment is fuzzy, with the English it was reviewed against as the
previous source; a segment new in the English (missing in the translation) has an empty target and a note saying so,
and import writes its translation where it belongs (processes_kb.missing_segments). Import writes each changed target
back into the Markdown by segment ID, touching only that segment's lines (the `{: #id }` lines never go through the
file; every line keeps what stands before its text: the indentation of an admonition or a list item, a list marker, a
`>`), and marks reviewed the units that are not fuzzy and were not up to date (a translator approved them). A target
that would not stay its one block (an empty line, a line that starts a list or a code block) is a problem: nothing is
written. Inline Markdown is numbered codes a CAT tool protects, restored from the pages on import (below). The file
formats come from translate-toolkit's storage API; its Markdown converters lose IDs and are not used. A round trip
without edits writes no file at all.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.helpers import parseLinkDestination, parseLinkTitle

from processes_kb.content import (ATTRIBUTE_LIST, HEADING_ID, KIND_NAMES, UNCLOSED_HEADING_ID, ContentError, Page,
                                  Problem, Segment, Site, _inline_tokens, parse_page)
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
        codes = unit_codes(item.source, item.segment, item.state not in (UNTRANSLATED, MISSING))
        unit = store.addsourceunit(codes.source)
        unit.target = codes.target
        if codes.coded and kind == "xliff":
            fill_xliff(unit.xmlelement.find(unit.namespaced("source")), *codes.pieces["source"])
            if codes.target:
                fill_xliff(unit.xmlelement.find(unit.namespaced("target")), *codes.pieces["target"])
        elif codes.coded:
            unit.addnote(f"Codes: keep each one, move it where your language needs it; they stand for\n"
                         f"{codes.comment()}", origin="developer")
        if item.state == MISSING:
            unit.addnote(f"new in the English: {item.page.path} does not have it yet; `kb import` adds your "
                         "translation where it belongs", origin="developer")
        if kind == "po":
            unit.setcontext(item.key)
            if item.state == OUTDATED and item.old_english:  # its codes numbered as the English's, for the diff
                old = Segment(item.source.id, item.source.kind, item.old_english, 0, references=item.source.references)
                unit.prev_source = unit_codes(item.source, old, True).target if codes.coded else item.old_english
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
        codes = unit_codes(source, segment, states.get(key) not in (UNTRANSLATED, MISSING, None))
        if kind == "xliff":
            unit_source = read_xliff(unit.xmlelement.find(unit.namespaced("source")))
            unit_target = read_xliff(unit.xmlelement.find(unit.namespaced("target")))
        else:
            unit_source, unit_target = unit.source, unit.target or ""
        if unit_source != codes.source:
            problems.append(Problem("import-english-changed", shown, line_of(key),
                                    f"unit '{key}': the English changed since this file was exported; export "
                                    "again and carry your translation over"))
            continue
        # Around a segment's text the page has no whitespace of its own: a CAT tool's leading or trailing
        # whitespace or newline would only break the block.
        target = unit_target.replace("\r\n", "\n").strip()
        if target and codes.coded:
            try:
                target = restore(target, codes)
            except CodeMismatch as mismatch:
                problems.append(Problem(mismatch.code, shown, line_of(key), f"unit '{key}': {mismatch.message}, "
                                                                            "then import again"))
                continue
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


# ---------------------------------------------------------------- inline markup as codes a translator cannot break

# A unit's text in PO: `{1}…{/1}` around what is translated inside markup (a link's text, an emphasis), `{2/}` for
# markup with nothing to translate (inline code, a hard line break). XLIFF carries the same codes as <bpt>/<ept>/<ph>
# with the Markdown inside them. Import restores the markup from the pages, never from the file: a CAT tool or a
# translator can move a code, not change what it stands for.
PLACEHOLDER = re.compile(r"\{(/?)(\d+)(/?)\}")
_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_HARD_BREAK = re.compile(r"(?:[ \t]{2,}|\\)(?=\n)")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|\w+);")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)")
_CTYPES = {"link": "link", "bold": "bold", "italic": "italic", "html": "x-html", "code": "x-code", "break": "lb"}


@dataclass(frozen=True)
class InlineCode:
    kind: str  # link | bold | italic | html | code | break
    opening: str  # the Markdown it stands for; a paired code's opening markup
    closing: str | None = None  # a paired code's closing markup; None for a code that stands alone

    @property
    def paired(self) -> bool:
        return self.closing is not None

    def shown(self, number: int) -> str:
        """The translator's key to a code: `{1}…{/1} = [ … ](page.md#id){ hreflang=en }`."""
        if not self.paired:
            return f"{{{number}/}} = {self.opening}" if self.kind != "break" else f"{{{number}/}} = a line break"
        return f"{{{number}}}…{{/{number}}} = {self.opening} … {self.closing}"


class _NotCodable(Exception):
    """Markdown that the codes do not cover (an image, an unusual escape): the unit keeps its Markdown as it is."""


def inline_pieces(markdown: str, references: dict | None = None) -> list[tuple] | None:
    """A segment's Markdown as ("text", str), ("open"|"close"|"single", InlineCode) pieces, found by the content model's
    inline tokens; None when a piece cannot be told apart exactly (the unit then carries its Markdown as it is)."""
    try:
        pieces = _pieces(markdown, _inline_tokens(markdown, references))
    except (_NotCodable, IndexError, TypeError, AttributeError):
        return None
    if to_markdown(pieces) != markdown:
        return None
    if any(PLACEHOLDER.search(value) for kind, value in pieces if kind == "text"):
        return None  # the prose itself has a `{1}`: it would read as a code
    return pieces


def to_markdown(pieces: list[tuple]) -> str:
    return "".join(value if kind == "text" else value.closing if kind == "close" else value.opening
                   for kind, value in pieces)


def _pieces(src: str, tokens: list) -> list[tuple]:
    out: list[list] = []  # [kind, text or [code kind, opening, closing]]
    stack: list[list] = []  # the open codes' records
    pos, attributes = 0, ""  # attributes: an attribute list taken with a link, which the next text token starts with

    def take(end: int, kind: str = "text", code: str = "") -> list | None:
        nonlocal pos
        if end < pos:
            raise _NotCodable
        record = [code, src[pos:end], None] if kind != "text" else None
        if kind != "text" or end > pos:
            out.append([kind, record if kind != "text" else src[pos:end]])
        pos = end
        return record

    def close(end: int) -> None:
        nonlocal pos
        record = stack.pop()
        record[2] = src[pos:end]
        out.append(["close", record])
        pos = end

    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "text":
            end, content, i = pos, token.content, 0
            if attributes:  # already taken with the link before it
                if not content.startswith(attributes):
                    raise _NotCodable
                content, attributes = content[len(attributes):], ""
            while i < len(content):
                entity = _ENTITY.match(src, end)
                if entity and content.startswith(html.unescape(entity[0]), i):
                    end, i = entity.end(), i + len(html.unescape(entity[0]))
                elif src.startswith(content[i], end):
                    end, i = end + 1, i + 1
                elif src[end] == "\\" and src.startswith(content[i], end + 1):
                    end, i = end + 2, i + 1
                else:
                    raise _NotCodable
            take(end)
        elif kind == "softbreak":
            take(_SOFT_BREAK.match(src, pos).end())
        elif kind == "hardbreak":
            take(_HARD_BREAK.match(src, pos).end(), "single", "break")
            take(_SOFT_BREAK.match(src, pos).end())
        elif kind in ("strong_open", "em_open"):
            if not src.startswith(token.markup, pos):
                raise _NotCodable
            stack.append(take(pos + len(token.markup), "open", "bold" if kind == "strong_open" else "italic"))
        elif kind in ("strong_close", "em_close"):
            if not src.startswith(token.markup, pos) or not stack or stack[-1][0] not in ("bold", "italic"):
                raise _NotCodable
            close(pos + len(token.markup))
        elif kind == "code_inline":
            run = re.match(r"`+", src[pos:])[0]
            end = pos + len(run)
            while True:
                end = src.index(run, end)
                if not src.startswith("`", end + len(run)):
                    break
                end = re.match(r"`+", src[end:]).end() + end
            take(end + len(run), "single", "code")
        elif kind == "html_inline":
            if not src.startswith(token.content, pos):
                raise _NotCodable
            tag = _HTML_TAG.match(token.content)
            end = pos + len(token.content)
            if tag and tag[1] and stack and stack[-1][0] == "html" and stack[-1][1].startswith(f"<{tag[2]}"):
                close(end)
            elif tag and not tag[1] and not token.content.endswith("/>"):
                stack.append(take(end, "open", "html"))
            else:
                take(end, "single", "html")
        elif kind == "link_open" and token.markup == "autolink":
            take(src.index(">", pos) + 1, "single", "link")
            index = next(i for i in range(index, len(tokens)) if tokens[i].type == "link_close")
        elif kind == "link_open":
            if not src.startswith("[", pos):
                raise _NotCodable
            stack.append(take(pos + 1, "open", "link"))
        elif kind == "link_close":
            if not stack or stack[-1][0] != "link" or not src.startswith("]", pos):
                raise _NotCodable
            end = _link_end(src, pos + 1)
            attribute_list = ATTRIBUTE_LIST.match(src, end)
            attributes = attribute_list[0] if attribute_list else ""
            close(attribute_list.end() if attribute_list else end)
        else:  # an image, or markup the commonmark parser does not make here
            raise _NotCodable
        index += 1
    if stack:
        raise _NotCodable
    codes: dict[int, InlineCode] = {}  # an opening and its closing share one record: one code
    return [(kind, value if kind == "text" else codes.setdefault(id(value), InlineCode(*value))) for kind, value in out]


def _link_end(src: str, pos: int) -> int:
    """Where a link's closing markup ends: `](target "title")`, `][ref]`, `[]` or nothing (an attribute list right
    after it, `{ hreflang=en }`, which the build puts on the link, belongs to the closing code too)."""
    if src.startswith("(", pos):
        pos += 1
        while pos < len(src) and src[pos] in " \t\n":
            pos += 1
        destination = parseLinkDestination(src, pos, len(src))
        if not destination.ok:
            raise _NotCodable
        pos = destination.pos
        while pos < len(src) and src[pos] in " \t\n":
            pos += 1
        title = parseLinkTitle(src, pos, len(src))
        if title.ok:
            pos = title.pos
            while pos < len(src) and src[pos] in " \t\n":
                pos += 1
        if not src.startswith(")", pos):
            raise _NotCodable
        pos += 1
    elif src.startswith("[", pos):
        pos = src.index("]", pos) + 1
    return pos


def _codes(pieces: list[tuple]) -> list[InlineCode]:
    seen: dict[int, InlineCode] = {}
    for kind, value in pieces:
        if kind in ("open", "single"):
            seen.setdefault(id(value), value)
    return list(seen.values())


@dataclass
class UnitCodes:
    """One unit's codes: numbered from 1 in the English's order; a code only the translation has (a localized link
    target, a `no-term` span) gets the next free number. Export and import number them alike from the pages."""

    source: str  # the English as the unit shows it
    target: str  # the translation as the unit shows it ('' when there is none)
    table: list[InlineCode]  # code `n` is table[n - 1]
    required: set[int]  # the codes a translation must keep: the current translation's, or the English's
    pieces: dict[str, tuple[list[tuple], dict[int, int]]]  # "source"/"target" -> pieces and code id -> number

    @property
    def coded(self) -> bool:
        return bool(self.table)

    def comment(self) -> str:
        return "\n".join(code.shown(number) for number, code in enumerate(self.table, 1))


def unit_codes(source: Segment, translation: Segment | None, translated: bool) -> UnitCodes:
    target_text = translation.text if translated and translation else ""
    source_pieces = inline_pieces(source.text, source.references)
    target_pieces = inline_pieces(target_text, translation.references) if target_text else []
    if source_pieces is None:  # markup the codes do not cover: the unit carries the Markdown as it is
        return UnitCodes(source.text, target_text, [], set(), {})
    table = _codes(source_pieces)
    source_numbers = {id(code): number for number, code in enumerate(table, 1)}
    target_numbers: dict[int, int] = {}
    for code in _codes(target_pieces or []):
        number = next((n for n, known in enumerate(table[:len(source_numbers)], 1)
                       if known == code and n not in target_numbers.values()), None)
        if number is None:
            table.append(code)
            number = len(table)
        target_numbers[id(code)] = number
    if target_pieces is None:  # a translation the codes do not cover: its Markdown as it is
        target, required = target_text, set()
    else:
        target = _notation(target_pieces, target_numbers)
        required = set(target_numbers.values()) if target_text else set(source_numbers.values())
    return UnitCodes(_notation(source_pieces, source_numbers), target, table, required,
                     {"source": (source_pieces, source_numbers), "target": (target_pieces or [], target_numbers)})


def _notation(pieces: list[tuple], numbers: dict[int, int]) -> str:
    marks = {"open": "{{{}}}", "close": "{{/{}}}", "single": "{{{}/}}"}
    return "".join(value if kind == "text" else marks[kind].format(numbers[id(value)]) for kind, value in pieces)


class CodeMismatch(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def restore(text: str, codes: UnitCodes) -> str:
    """The Markdown of a unit's text in notation: each code replaced by the markup it stands for in the pages.
    CodeMismatch when a code is unknown, repeated, missing, left open, or out of order."""
    out, stack, seen, pos = [], [], set(), 0
    for match in PLACEHOLDER.finditer(text):
        closing, number, alone = match[1] == "/", int(match[2]), match[3] == "/"
        out.append(text[pos:match.start()])
        pos = match.end()
        if not 1 <= number <= len(codes.table) or closing and alone:
            raise CodeMismatch("import-code-mismatch", f"{match[0]} is no code of this unit: remove it")
        code = codes.table[number - 1]
        if alone != (not code.paired):
            right = f"{{{number}}}…{{/{number}}}" if code.paired else f"{{{number}/}}"
            raise CodeMismatch("import-code-mismatch", f"{match[0]} stands for {code.kind} markup written {right}: "
                                                       f"write it so")
        if closing:
            if not stack or stack[-1] != number:
                why = f"{{{number}}} has not opened" if number not in seen else \
                    f"{{{stack[-1]}}}…{{/{stack[-1]}}} inside it is still open"
                raise CodeMismatch("import-code-order", f"{match[0]} closes, but {why}: a code opens before it "
                                                        "closes, and codes nest")
            stack.pop()
            out.append(code.closing)
            continue
        if number in seen:
            raise CodeMismatch("import-code-mismatch", f"{match[0]} appears twice: keep it once")
        seen.add(number)
        if code.kind == "break" and not text.startswith("\n", pos):
            raise CodeMismatch("import-code-order", f"{match[0]} is a line break: keep it at the end of a line")
        if code.paired:
            stack.append(number)
        out.append(code.opening)
    out.append(text[pos:])
    if stack:
        raise CodeMismatch("import-code-order", f"{{{stack[-1]}}} is never closed: add {{/{stack[-1]}}}")
    missing = sorted(codes.required - seen)
    if missing:
        shown = ", ".join(f"{{{n}}}…{{/{n}}}" if codes.table[n - 1].paired else f"{{{n}/}}" for n in missing)
        meaning = "; ".join(codes.table[n - 1].shown(n).partition(" = ")[2] for n in missing)
        raise CodeMismatch("import-code-mismatch", f"the translation lacks {shown} ({meaning}): put it back")
    return "".join(out)


# XLIFF 1.2 carries the codes as <bpt>/<ept> around translatable text and <ph> alone, the Markdown inside them.
def fill_xliff(element, pieces: list[tuple], numbers: dict[int, int]) -> None:
    from lxml import etree

    namespace = element.tag.partition("}")[0] + "}" if element.tag.startswith("{") else ""
    for child in list(element):
        element.remove(child)
    element.text, last = "", None
    for kind, value in pieces:
        if kind == "text":
            if last is None:
                element.text += value
            else:
                last.tail = (last.tail or "") + value
            continue
        name = {"open": "bpt", "close": "ept", "single": "ph"}[kind]
        last = etree.SubElement(element, namespace + name, id=str(numbers[id(value)]))
        if kind != "close":
            last.set("ctype", _CTYPES[value.kind])
        last.text = value.closing if kind == "close" else value.opening


def read_xliff(element) -> str:
    """An XLIFF source or target in notation: <bpt>/<bx> open a code, <ept>/<ex> close it, <ph>/<x>/<it> stand alone,
    <g> wraps text (as CAT tools may rewrite the codes); the Markdown inside a code is not read."""
    if element is None:
        return ""
    out = [element.text or ""]
    for child in element:
        name = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
        number = child.get("rid") or child.get("id") or "0"
        if name in ("bpt", "bx"):
            out.append(f"{{{number}}}")
        elif name in ("ept", "ex"):
            out.append(f"{{/{number}}}")
        elif name in ("ph", "x", "it"):
            out.append(f"{{{number}/}}")
        elif name == "g":
            out.append(f"{{{number}}}{read_xliff(child)}{{/{number}}}")
        elif name:
            out.append(read_xliff(child))
        out.append(child.tail or "")
    return "".join(out)
