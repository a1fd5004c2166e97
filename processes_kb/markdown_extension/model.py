"""What the page markup extension is told per page (`PageMarkup`, filled by the hooks) and the blocks it renders."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


SEGMENT_TAGS = {"p", "li"}  # headings get their ¶ link from the toc extension
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
GENERATED = "kb-generated"  # class of every generated block: glossary terms are not linked inside them
NO_TERM_LINKS = {"a", "code", "pre", "kbd", "script", "style", "abbr", "dt"} | HEADINGS


@dataclass
class TermLinks:
    """How this page links glossary terms: which words, where to, with which tooltip."""

    find: Callable[[str], list]  # text -> [(match, term ID)], e.g. glossary.TermMatcher.find
    href: Callable[[str], str]  # term ID -> link target (Markdown-relative: MkDocs resolves and validates it)
    title: Callable[[str], str]  # term ID -> the one-sentence definition
    own_entries: bool = False  # the glossary page itself: never link a term inside its own entry


@dataclass
class EntryDetails:
    """What the glossary page shows under one entry (labels in the page's language)."""

    rows: list[tuple[str, list[tuple[str, str | None]]]]  # (label, [(text, href or None)])
    usages_label: str
    usages: list[tuple[str, str, str]]  # (link text, href, excerpt)
    no_usages: str
    english: str | None = None  # the English term, marked lang="en" when the page is in another language
    colon: str = ": "
    more: str = ""  # summary of the fold that holds everything under the definition ('': nothing is folded)


@dataclass
class Link:
    text: str
    href: str
    note: str = ""  # shown after the link (a rule, a definition)
    extra: list[tuple[str, str]] = field(default_factory=list)  # further (text, href) links after the note


@dataclass
class LinkList:
    """A list of links, as a generated block (`<ul>` or `<ol>`)."""

    links: list[Link]
    ordered: bool = False
    empty: str = ""  # shown instead of an empty list


@dataclass
class Quotes:
    """Passages quoted from other pages, each with a link to read it in context."""

    quotes: list[tuple[str, str, str]]  # (text, href, link label)


@dataclass
class ChecklistItem:
    id: str
    title: str
    rule: str
    href: str
    short_link: str


@dataclass
class Checklist:
    """Checkboxes whose ticks the browser keeps (docs/assets/javascripts/checklist.js)."""

    items: list[ChecklistItem]
    storage_key: str
    progress: list[str]  # the counter ("2 of 14 done") for 0, 1 … every item ticked, in the page's language
    clear: str
    # The ticks are one set for every language (keyed by recommendation ID): where each language kept its own
    # before, merged into that set once (checklist.js).
    legacy_keys: list[str] = field(default_factory=list)
    cleared: str = ""  # announced after "clear all", beside the button that undoes it
    undo: str = ""
    restored: str = ""  # announced after an undo


@dataclass
class Downloads:
    """The export links and the copy button of the checklist."""

    copy_label: str
    copied_label: str
    markdown: str  # the text the copy button puts on the clipboard
    links: list[Link]
    # the rows and words checklist.js writes the CSV and JSON from, with the reader's ticks
    # (processes_kb.recommendations.checklist_export)
    export: dict | None = None


@dataclass
class InlineRefs:
    """A short labelled list of links at the end of a segment (the recommendations a passage grounds)."""

    label: str
    links: list[Link]


@dataclass
class RefLine:
    """A small labelled line of links, as a block of its own (what an example demonstrates, a short link)."""

    label: str
    links: list[Link]


@dataclass
class Notice:
    """A note on a translated segment that is not up to date, linking to its English original."""

    text: str
    link_text: str
    href: str  # a URL already relative to this page (the English page is outside this language's build)
    lang: str  # the page's language tag (the note's own)
    untranslated: bool = False  # the segment shows the English text: mark it lang="en"
    changed_on: str = ""  # YYYY-MM-DD when the English changed, if known


@dataclass
class StatusTable:
    """Progress bars: one row per page, one column per language (share of segments up to date)."""

    languages: list[tuple[str, str, str]]  # (code, name, language tag)
    # (page title, href, lang -> (up to date, total, their share as the page's language writes a percentage))
    rows: list[tuple[str, str, dict[str, tuple[int, int, str]]]]
    caption: str
    page_label: str


@dataclass
class ParallelView:
    """The controls of the parallel view (docs/assets/javascripts/parallel.js does the rest in the browser)."""

    pages: list[tuple[str, str]]  # (page path from the site root, title in the reader's language)
    languages: list[tuple[str, str, str, str]]  # (code, name, path prefix, language tag)
    chosen: list[str]  # languages ticked at first
    root: str  # the site root, relative to this page
    page_label: str
    languages_label: str
    no_script: str
    selected: str = ""  # the page shown when the address names none


@dataclass
class Figure:
    """A diagram drawn at build time (processes_kb.diagrams), shown where its marker `<!-- diagram: id -->` stands."""

    anchor: str  # the figure's element ID, e.g. diagram-shared-vs-sticky
    caption: str
    panels: list[etree.Element]  # one <svg role="img"> per panel


@dataclass
class CodeFiles:
    """How a code block that shows a file names it (processes_kb.markdown_extension.code_titles)."""

    repo_url: str = ""  # the repository's address: the title links the file on its main branch ('': no link)
    root: Path | None = None  # the project folder the included paths are relative to (for the sections' lines)
    output_label: str = ""  # before the name of a recorded output (examples/output/…): "Output"
    colon: str = ": "


@dataclass
class PageMarkup:
    permalink_title: str = ""
    colon: str = ": "  # between a label and what follows, in the page's typography
    moved_anchors: list[tuple[str, str]] = field(default_factory=list)  # (old ID, new ID)
    terms: TermLinks | None = None
    entries: dict[str, EntryDetails] = field(default_factory=dict)  # glossary page: term ID -> details
    blocks: dict[str, list] = field(default_factory=dict)  # element ID -> generated blocks to put after it
    inline_refs: dict[str, InlineRefs] = field(default_factory=dict)  # segment ID -> links at its end
    notices: dict[str, Notice] = field(default_factory=dict)  # segment ID -> translation notice
    diagrams: dict[str, Figure] = field(default_factory=dict)  # diagram ID -> its figure in the page's language
    code_files: CodeFiles = field(default_factory=CodeFiles)  # titles of code blocks that show a file
