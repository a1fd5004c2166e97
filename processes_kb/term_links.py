"""The aligned term check: in each translated segment, the glossary terms the build links against those it links in
the English segment with the same ID.

The links are the build's own: while `kb check` renders every page with the site's Markdown extensions
(processes_kb.rendering.render_check), the build's term linker (processes_kb.markdown_extension.terms.TermLinker,
with the glossary's matcher) runs in the same render, and the links it makes are read back per segment. So the check
sees what readers get: the first mention per section, never inside a link, a heading or code, never inside
`<span class="no-term">` or a quotation's `<span lang="…">`, never a `never` phrase of the glossary's words.

A difference is reported where the translation is up to date (processes_kb.translation_policy), unless it is
recorded as deliberate, with the reason, in `data/term-differences/<lang>.yml` (a record also stands for the term
check of that segment, term-inconsistent):

    processes.md#single-transaction-cache:
      local-state: The English splits the term, “local (e.g., memory and filesystem) state”; the translation does not.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markdown.treeprocessors import Treeprocessor

from processes_kb.content import ID_PATTERN, Page, Problem, Segment, Site
from processes_kb.datafile import LinedMap, load_yaml
from processes_kb.glossary import GLOSSARY_PAGE, Glossary
from processes_kb.markdown_extension.model import HEADINGS, TermLinks
from processes_kb.markdown_extension.terms import TermLinker
from processes_kb.rendering import TreeReader
from processes_kb.translation_policy import ComparedSegments

DIFFERENCES = "data/term-differences/{lang}.yml"
DIFFERENCE_KEY = re.compile(rf"^(?P<page>[\w./-]+\.md)#(?P<segment>{ID_PATTERN})$")
_HREF = "#"  # the rendered links point at "#<term ID>": the term is read back from there


@dataclass(frozen=True)
class LinkedTerm:
    """A glossary link the build makes: in which segment and section (headings counted from the top), to which term,
    on which words."""

    segment: str
    section: int
    term_id: str
    words: str


# ---------------------------------------------------------------- what the build links, page by page


class TermLinkReader(TreeReader):
    """Reads the glossary links of every page that `kb check` renders (processes_kb.rendering.render_check): the
    build's term linker runs where the site's extension runs it, then `_LinkReader` reads its links."""

    priority = 7.0

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.linked: dict[tuple[str, str], list[LinkedTerm]] = {}  # (lang, page name) -> links, in reading order
        self._linker: TermLinker | None = None
        self._reader: _LinkReader | None = None

    def extend(self, md: markdown.Markdown) -> None:
        self._linker = TermLinker(md, TermLinks(lambda text: [], str, str))
        self._reader = _LinkReader(md, self.linked)
        md.treeprocessors.register(self._linker, "glossary_terms", 7.1)
        md.treeprocessors.register(self._reader, "kb_linked_terms", self.priority)

    def start(self, page: Page) -> None:
        self._linker.links = TermLinks(self.glossary.matcher(page.lang).find, lambda term_id: _HREF + term_id,
                                       lambda term_id: "", own_entries=page.name == GLOSSARY_PAGE)
        self._reader.page = page

    def recorded(self, page: Page) -> list[list]:
        return [[link.segment, link.section, link.term_id, link.words]
                for link in self.linked.get((page.lang, page.name), [])]

    def replay(self, page: Page, data: list[list]) -> None:
        self.linked[(page.lang, page.name)] = [LinkedTerm(*link) for link in data]


class _LinkReader(Treeprocessor):
    """Right after the term linker: every glossary link, with the segment (the nearest element with a segment ID)
    and the section it stands in."""

    def __init__(self, md: markdown.Markdown, linked: dict[tuple[str, str], list[LinkedTerm]]):
        super().__init__(md)
        self.linked = linked
        self.page: Page | None = None

    def run(self, root: etree.Element) -> None:
        found, section, segment_ids = [], 0, set(self.page.ids)
        for block in root:
            if block.tag in HEADINGS:
                section += 1
            self.read(block, None, section, segment_ids, found)
        self.linked[(self.page.lang, self.page.name)] = found

    def read(self, element: etree.Element, segment: str | None, section: int, segment_ids: set[str],
             found: list[LinkedTerm]) -> None:
        segment = element.get("id") if element.get("id") in segment_ids else segment
        if element.tag == "a" and "glossary-term" in (element.get("class") or "").split() and segment:
            found.append(LinkedTerm(segment, section, element.get("href", "").removeprefix(_HREF), element.text or ""))
        for child in element:
            self.read(child, segment, section, segment_ids, found)


# ---------------------------------------------------------------- deliberate differences, recorded in data


@dataclass
class TermDifferences:
    """The recorded deliberate differences of every translation: (lang, page.md#segment-id, term ID) -> the line of
    the record in data/term-differences/<lang>.yml. A record also stands for the term check of that segment
    (term-inconsistent): the translation deliberately does without the term there."""

    records: dict[tuple[str, str, str], int] = field(default_factory=dict)
    used: set[tuple[str, str, str]] = field(default_factory=set)
    compared: set[tuple[str, str]] = field(default_factory=set)  # (lang, page.md#segment-id) the term check compared

    def explains(self, lang: str, key: str, term_id: str) -> bool:
        """Whether the difference of `term_id` in segment `key` (page.md#segment-id) of `lang` is recorded."""
        found = (lang, key, term_id) in self.records
        if found:
            self.used.add((lang, key, term_id))
        return found

    def stale_problems(self, site: Site) -> list[Problem]:
        """The records that explained nothing in a segment the term check compared: the difference is gone."""
        problems = []
        for (lang, key, term_id), line in self.records.items():
            name, _, segment_id = key.partition("#")
            page = site.pages[lang][name]
            if (lang, key, term_id) not in self.used and (lang, key) in self.compared:
                problems.append(Problem("term-difference-stale", DIFFERENCES.format(lang=lang), line,
                                        f"'{key}' '{term_id}': the translation and the English link this term alike "
                                        "here now: remove the record"))
        return problems


def load_term_differences(root: Path, site: Site, glossary: Glossary | None) -> tuple[TermDifferences, list[Problem]]:
    """Every translation's recorded differences, and the problems of their files (file:line)."""
    differences, problems = TermDifferences(), []
    for lang in site.languages[1:] if glossary is not None else []:
        problems += _load_language_differences(root, site, glossary, lang, differences)
    return differences, problems


def _load_language_differences(root: Path, site: Site, glossary: Glossary, lang: str,
                               differences: TermDifferences) -> list[Problem]:
    path = DIFFERENCES.format(lang=lang)
    if not (root / path).is_file():
        return []
    data = load_yaml(root, path)
    if data is None:
        return []
    shape = "`page.md#segment-id:` then one `term-id: why the difference is deliberate` line per term"
    if not isinstance(data, LinedMap):
        return [Problem("term-differences-format", path, 1, f"expected a mapping: {shape}")]
    problems = []
    for key, terms in data.items():
        line = data.lines[key]
        match = DIFFERENCE_KEY.match(str(key))
        if not match or not isinstance(terms, LinedMap):
            problems.append(Problem("term-differences-format", path, line, f"cannot read '{key}': {shape}"))
            continue
        page = site.pages[lang].get(match["page"])
        if page is None or page.segment(match["segment"]) is None:
            problems.append(Problem("term-difference-unknown", path, line,
                                    f"'{key}' names no segment of docs/{lang}/: correct it or remove the record"))
            continue
        for term_id, reason in terms.items():
            term_line = terms.lines[term_id]
            if term_id not in glossary.entries:
                problems.append(Problem("term-difference-unknown", path, term_line,
                                        f"'{term_id}' is not a term of data/glossary.yml"))
            elif not isinstance(reason, str) or not reason.strip():
                problems.append(Problem("term-differences-format", path, term_line,
                                        f"'{key}' '{term_id}': say why the difference is deliberate, in one line"))
            else:
                differences.records[(lang, str(key), term_id)] = term_line
    return problems


# ---------------------------------------------------------------- the check


def term_link_problems(site: Site, glossary: Glossary, linked: dict[tuple[str, str], list[LinkedTerm]],
                       compared: ComparedSegments, differences: TermDifferences) -> list[Problem]:
    """Every difference between the terms linked in a translated segment and in its English (`linked`: what
    TermLinkReader read), located at the words (file:line), unless recorded in data/term-differences/<lang>.yml. A
    term without words in the language is left out: the glossary's data check says so."""
    problems = []
    for lang in site.languages[1:]:
        for name, page in site.pages[lang].items():
            original = site.originals.get(name)
            if original is None or (lang, name) not in linked or (site.default_lang, name) not in linked:
                continue
            english, here = linked[(site.default_lang, name)], linked[(lang, name)]
            settled = _settled_segments(original, page, compared)
            for segment in page.segments:
                source = original.segment(segment.id)
                if source is None or source.kind != segment.kind or segment.id not in settled:
                    continue
                differences.compared.add((lang, f"{name}#{segment.id}"))
                problems += [problem for term_id, problem in _segment_problems(page, segment, english, here)
                             if glossary.names(term_id, lang) is not None
                             and not differences.explains(lang, f"{name}#{segment.id}", term_id)]
    return problems


def _settled_segments(original: Page, page: Page, compared: ComparedSegments) -> set[str]:
    """The segments whose links can be compared: up to date, and with every earlier segment of their section up to
    date and present too. A term is linked at its first mention in a section, so a new or changed English paragraph
    moves the links of the paragraphs after it; until the translation follows, they are not compared."""
    settled, section_settled = set(), True
    for source in original.segments:
        segment = page.segment(source.id)
        if source.kind == "heading":
            section_settled = True
        if segment is None or not compared(page, segment):
            section_settled = False
            continue
        if section_settled:
            settled.add(segment.id)
    return settled


def _segment_problems(page: Page, segment: Segment, english: list[LinkedTerm],
                      here: list[LinkedTerm]) -> list[tuple[str, Problem]]:
    """(term ID, problem) for each term linked in only one of the two segments."""
    there = {link.term_id: link for link in english if link.segment == segment.id}
    ours = {link.term_id: link for link in here if link.segment == segment.id}
    found = []
    record = f"if the difference is deliberate, record why in {DIFFERENCES.format(lang=page.lang)}"
    for term_id, link in ours.items():
        if term_id in there:
            continue
        words = " ".join(link.words.split())
        others = ", ".join(f"*{t}*" for t in there)
        english_side = f"the English links {others} here, not *{term_id}*" if others else \
            "the English links nothing here"
        message = (f"segment '{segment.id}': «{words}» is linked to *{term_id}*; {english_side}: if these words "
                   f"mean something else here, write <span class=\"no-term\">{words}</span>; {record}")
        found.append((term_id, Problem("term-links-differ", page.path, _line_of(segment, words), message)))
    for term_id, link in there.items():
        if term_id in ours:
            continue
        position = page.ids.index(segment.id)
        earlier = next((other.segment for other in here if other.term_id == term_id and other.section == link.section
                        and page.ids.index(other.segment) < position), None)
        where = f" (it is linked earlier in this section, in '{earlier}')" if earlier else ""
        english_words = " ".join(link.words.split())
        message = (f"segment '{segment.id}': the English links “{english_words}” to *{term_id}* here; this "
                   f"translation links no *{term_id}*{where}: use the term where the English does; {record}")
        found.append((term_id, Problem("term-links-differ", page.path, segment.line, message)))
    return found


def _line_of(segment: Segment, words: str) -> int:
    """The line of `words` in the segment's source (the segment's first line if the source writes them otherwise)."""
    pattern = r"\s+".join(re.escape(word) for word in words.split())
    found = re.search(pattern, segment.text) if pattern else None
    return segment.line + segment.text[: found.start()].count("\n") if found else segment.line
