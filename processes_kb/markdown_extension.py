"""Python-Markdown extension: the markup the site adds to pages, made in the element tree (never spliced HTML).

- A ¶ link after every paragraph and list item that has a segment ID, so a reader can copy a link to exactly that
  thought. It uses Material's `headerlink` class: shown on hover and focus, left out of the search index.
- A segment renamed after publication keeps its old ID as an empty anchor at its start, so old links still land.
- Glossary terms: the first mention of a term per section links to its entry, with the one-sentence definition as
  the link's title (Material's `content.tooltips` shows it on hover and keyboard focus; a tap follows the link).
  Material's abbreviations cannot do this (an <abbr> is not a link, not focusable, and needs one line per inflected
  form); mkdocs-ezglossary needs markup at every use and gives hashed anchors: so this code exists.
- On the glossary page, under each entry: synonyms, the English term, related terms and every passage that uses it.
- Cross-references generated from data: the recommendations a passage grounds, after the passage; on the pages of
  recommendations, the quoted sources, terms, examples and related recommendations; the index and the checklist.
- Diagrams: where a page has a marker `<!-- diagram: id -->`, a <figure> with the panels processes_kb.diagrams draws
  (inline SVG) and a caption with a ¶ link to the figure's anchor.

MkDocs makes a new Markdown instance per page from `mdx_configs`; the hooks `overrides/hooks/segment_markup.py` and
`overrides/hooks/glossary.py` put each page's `PageMarkup` there before the page renders.
Registered in mkdocs.yml as `processes_kb.markdown_extension`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from processes_kb.content import DIAGRAM_MARKER

SEGMENT_TAGS = {"p", "li"}  # headings get their ¶ link from the toc extension
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
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
    progress: str  # "{done} of {total} done", in the page's language
    clear: str


@dataclass
class Downloads:
    """The export links and the copy button of the checklist."""

    copy_label: str
    copied_label: str
    markdown: str  # the text the copy button puts on the clipboard
    links: list[Link]


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
    lang: str  # the page's language (the note's own)
    untranslated: bool = False  # the segment shows the English text: mark it lang="en"
    changed_on: str = ""  # YYYY-MM-DD when the English changed, if known


@dataclass
class StatusTable:
    """Progress bars: one row per page, one column per language (share of segments up to date)."""

    languages: list[tuple[str, str]]  # (code, name)
    rows: list[tuple[str, str, dict[str, tuple[int, int]]]]  # (page title, href, lang -> (up to date, total))
    caption: str
    page_label: str


@dataclass
class ParallelView:
    """The controls of the parallel view (docs/assets/javascripts/parallel.js does the rest in the browser)."""

    pages: list[tuple[str, str]]  # (page path from the site root, title in the reader's language)
    languages: list[tuple[str, str, str]]  # (code, name, path prefix)
    chosen: list[str]  # languages ticked at first
    root: str  # the site root, relative to this page
    page_label: str
    languages_label: str
    no_script: str


@dataclass
class Figure:
    """A diagram drawn at build time (processes_kb.diagrams), shown where its marker `<!-- diagram: id -->` stands."""

    anchor: str  # the figure's element ID, e.g. diagram-shared-vs-sticky
    caption: str
    panels: list[etree.Element]  # one <svg role="img"> per panel


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


class SegmentMarkup(Treeprocessor):
    def __init__(self, md: Markdown, page: PageMarkup):
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        aliases: dict[str, list[str]] = {}  # new ID -> the old IDs it keeps alive
        for old, new in self.page.moved_anchors:
            aliases.setdefault(new, []).append(old)
        generated = {inner for block in root.iter() if GENERATED in (block.get("class") or "").split()
                     for inner in block.iter()}  # not segments: no ¶ links inside
        for element in list(root.iter()):
            segment_id = element.get("id")
            if not segment_id or element in generated:
                continue
            for old_id in aliases.get(segment_id, []):
                keep_anchor(element, old_id)
            if element.tag in SEGMENT_TAGS and self.page.permalink_title:
                title = self.page.permalink_title
                link = etree.SubElement(element, "a", {"class": "headerlink", "href": f"#{segment_id}",
                                                       "title": title, "aria-label": title})
                link.text = "¶"


def keep_anchor(element: etree.Element, old_id: str) -> None:
    """An empty element carrying `old_id` as the first thing inside `element`."""
    alias = etree.Element("span", {"id": old_id, "class": "moved-anchor"})
    alias.tail, element.text = element.text, None
    element.insert(0, alias)


# ---------------------------------------------------------------- glossary terms in the text


class TermLinker(Treeprocessor):
    """Links the first mention of each glossary term per section (a section starts at every heading)."""

    def __init__(self, md: Markdown, links: TermLinks):
        super().__init__(md)
        self.links = links

    def run(self, root: etree.Element) -> None:
        seen: set[str] = set()
        for block in list(root):
            if block.tag in HEADINGS:
                seen = {block.get("id")} if self.links.own_entries and block.get("id") else set()
                continue
            if block.tag not in NO_TERM_LINKS and not {"glossary-details", GENERATED} & set(
                    (block.get("class") or "").split()):
                self.link_inside(block, seen)

    def link_inside(self, element: etree.Element, seen: set[str]) -> None:
        if element.text:
            element.text = self.link_text(element, element.text, 0, seen)
        for child in list(element):
            if child.tag not in NO_TERM_LINKS and not {"headerlink", GENERATED} & set((child.get("class") or "").split()):
                self.link_inside(child, seen)
            if child.tail:
                child.tail = self.link_text(element, child.tail, list(element).index(child) + 1, seen)

    def link_text(self, parent: etree.Element, text: str, position: int, seen: set[str]) -> str:
        """Turn the first unseen term in `text` into a link inserted at `position`; returns the text before it."""
        for match, term_id in self.links.find(text):
            if term_id in seen:
                continue
            seen.add(term_id)
            link = etree.Element("a", {"href": self.links.href(term_id), "class": "glossary-term",
                                       "title": self.links.title(term_id)})
            link.text = match[0]
            link.tail = text[match.end():]
            parent.insert(position, link)
            link.tail = self.link_text(parent, link.tail, position + 1, seen) if link.tail else link.tail
            return text[: match.start()]
        return text


# ---------------------------------------------------------------- the glossary page


class EntryDetailsWriter(Treeprocessor):
    """Under each entry's last paragraph: a definition list of the entry's other names, relations and uses."""

    def __init__(self, md: Markdown, entries: dict[str, EntryDetails]):
        super().__init__(md)
        self.entries = entries

    def run(self, root: etree.Element) -> None:
        children = list(root)
        for term_id, details in self.entries.items():
            anchor = next((e for e in children if e.get("id") == f"{term_id}-explanation"), None) or \
                next((e for e in children if e.get("id") == f"{term_id}-definition"), None)
            if anchor is not None:
                root.insert(list(root).index(anchor) + 1, self.details(details))

    @staticmethod
    def details(details: EntryDetails) -> etree.Element:
        box = etree.Element("dl", {"class": "glossary-details"})
        for label, items in details.rows:
            etree.SubElement(box, "dt").text = label
            value = etree.SubElement(box, "dd")
            for index, (text, href) in enumerate(items):
                item = etree.SubElement(value, "a", {"href": href}) if href else etree.SubElement(value, "span")
                item.text = text
                if details.english and text == details.english and not href:
                    item.set("lang", "en")
                item.tail = ", " if index < len(items) - 1 else None
        etree.SubElement(box, "dt").text = details.usages_label
        value = etree.SubElement(box, "dd")
        if not details.usages:
            value.text = details.no_usages
            return box
        listing = etree.SubElement(value, "ul")
        for text, href, excerpt in details.usages:
            item = etree.SubElement(listing, "li")
            link = etree.SubElement(item, "a", {"href": href})
            link.text = text
            link.tail = details.colon
            quote = etree.SubElement(item, "q")
            quote.text = excerpt
        return box


# ---------------------------------------------------------------- generated blocks and cross-references

GENERATED = "kb-generated"  # class of every generated block: glossary terms are not linked inside them


class GeneratedBlocks(Treeprocessor):
    def __init__(self, md: Markdown, page: PageMarkup):
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            element_id = element.get("id")
            if element_id in self.page.inline_refs:
                add_inline_refs(element, self.page.inline_refs[element_id], self.page.colon)
        children = list(root)
        for element_id, blocks in self.page.blocks.items():
            anchor = next((e for e in children if e.get("id") == element_id), None)
            if anchor is None:
                continue
            position = list(root).index(anchor) + 1
            for offset, block in enumerate(blocks):
                root.insert(position + offset, render_block(block, self.page.colon))


def add_inline_refs(element: etree.Element, refs: InlineRefs, colon: str, wrap: bool = True) -> None:
    box = etree.SubElement(element, "span", {"class": f"kb-refs {GENERATED}"}) if wrap else element
    box.text = " " if wrap else None
    label = etree.SubElement(box, "span", {"class": "kb-refs__label"})
    label.text = refs.label + colon.rstrip()
    label.tail = " "
    for index, link in enumerate(refs.links):
        anchor = etree.SubElement(box, "a", {"href": link.href})
        anchor.text = link.text
        anchor.tail = ", " if index < len(refs.links) - 1 else None


def render_block(block, colon: str = ": ") -> etree.Element:
    if isinstance(block, LinkList):
        if not block.links:
            empty = etree.Element("p", {"class": f"kb-empty {GENERATED}"})
            empty.text = block.empty
            return empty
        listing = etree.Element("ol" if block.ordered else "ul", {"class": f"kb-links {GENERATED}"})
        for link in block.links:
            item = etree.SubElement(listing, "li")
            add_link(item, link, colon)
        return listing
    if isinstance(block, Quotes):
        box = etree.Element("div", {"class": f"kb-quotes {GENERATED}"})
        for text, href, label in block.quotes:
            quote = etree.SubElement(box, "blockquote")
            etree.SubElement(quote, "p").text = text
            more = etree.SubElement(etree.SubElement(quote, "p", {"class": "kb-quotes__source"}), "a", {"href": href})
            more.text = label
        return box
    if isinstance(block, RefLine):
        line = etree.Element("p", {"class": f"kb-refs {GENERATED}"})
        add_inline_refs(line, InlineRefs(block.label, block.links), colon, wrap=False)
        return line
    if isinstance(block, Checklist):
        return render_checklist(block)
    if isinstance(block, StatusTable):
        return render_status_table(block)
    if isinstance(block, ParallelView):
        return render_parallel_view(block)
    if isinstance(block, Downloads):
        return render_downloads(block)
    raise TypeError(f"unknown generated block {block!r}")


def add_link(parent: etree.Element, link: Link, colon: str) -> None:
    anchor = etree.SubElement(parent, "a", {"href": link.href})
    anchor.text = link.text
    tail = [f"{colon}{link.note}"] if link.note else []
    anchor.tail = "".join(tail) or None
    last = anchor
    for text, href in link.extra:
        last.tail = (last.tail or "") + " · "
        last = etree.SubElement(parent, "a", {"href": href})
        last.text = text


def render_checklist(checklist: Checklist) -> etree.Element:
    box = etree.Element("div", {"class": f"kb-checklist {GENERATED}", "data-storage-key": checklist.storage_key,
                                "data-progress": checklist.progress})
    status = etree.SubElement(box, "p", {"class": "kb-checklist__progress", "aria-live": "polite"})
    status.text = checklist.progress.format(done=0, total=len(checklist.items))
    listing = etree.SubElement(box, "ul", {"class": "kb-checklist__items"})
    for item in checklist.items:
        entry = etree.SubElement(listing, "li", {"id": f"check-{item.id}"})
        label = etree.SubElement(entry, "label")
        etree.SubElement(label, "input", {"type": "checkbox", "name": item.id, "value": item.id})
        title = etree.SubElement(label, "strong")
        title.text = item.title
        title.tail = f" {item.rule}"
        links = etree.SubElement(entry, "span", {"class": "kb-checklist__links"})
        page = etree.SubElement(links, "a", {"href": item.href, "data-short-link": item.short_link})
        page.text = item.short_link
    clear = etree.SubElement(box, "button", {"type": "button", "class": "md-button kb-checklist__clear", "hidden": ""})
    clear.text = checklist.clear
    return box


def render_downloads(downloads: Downloads) -> etree.Element:
    box = etree.Element("p", {"class": f"kb-downloads {GENERATED}"})
    button = etree.SubElement(box, "button", {"type": "button", "class": "md-button md-button--primary kb-copy",
                                              "data-copied": downloads.copied_label, "hidden": ""})
    button.text = downloads.copy_label
    source = etree.SubElement(box, "textarea", {"class": "kb-copy__source", "hidden": "", "readonly": "",
                                                "aria-hidden": "true"})
    source.text = downloads.markdown
    for link in downloads.links:
        anchor = etree.SubElement(box, "a", {"href": link.href, "class": "md-button", "download": ""})
        anchor.text = link.text
    return box


def render_status_table(table: StatusTable) -> etree.Element:
    box = etree.Element("div", {"class": f"kb-status {GENERATED}"})
    grid = etree.SubElement(box, "table")
    etree.SubElement(grid, "caption").text = table.caption
    head = etree.SubElement(etree.SubElement(grid, "thead"), "tr")
    etree.SubElement(head, "th", {"scope": "col"}).text = table.page_label
    for code, name in table.languages:
        etree.SubElement(head, "th", {"scope": "col", "lang": code}).text = name
    body = etree.SubElement(grid, "tbody")
    for title, href, counts in table.rows:
        row = etree.SubElement(body, "tr")
        header = etree.SubElement(row, "th", {"scope": "row"})
        link = etree.SubElement(header, "a", {"href": href})
        link.text = title
        for code, _ in table.languages:
            done, total = counts.get(code, (0, 0))
            percent = 100 * done // total if total else 100
            cell = etree.SubElement(row, "td")
            bar = etree.SubElement(cell, "progress", {"max": str(total or 1), "value": str(done if total else 1)})
            bar.text = f"{percent} %"
            etree.SubElement(cell, "span", {"class": "kb-status__value"}).text = f"{percent} %"
    return box


def render_parallel_view(view: ParallelView) -> etree.Element:
    box = etree.Element("div", {"class": f"kb-parallel {GENERATED}", "data-root": view.root})
    note = etree.SubElement(box, "p", {"class": "kb-parallel__no-script"})
    note.text = view.no_script
    form = etree.SubElement(box, "form", {"class": "kb-parallel__form", "hidden": ""})
    label = etree.SubElement(form, "label")
    label.text = f"{view.page_label} "
    menu = etree.SubElement(label, "select", {"name": "page"})
    for path, title in view.pages:
        etree.SubElement(menu, "option", {"value": path}).text = title
    languages = etree.SubElement(form, "fieldset")
    etree.SubElement(languages, "legend").text = view.languages_label
    for code, name, prefix in view.languages:
        choice = etree.SubElement(languages, "label", {"lang": code})
        attributes = {"type": "checkbox", "name": "lang", "value": code, "data-prefix": prefix}
        if code in view.chosen:
            attributes["checked"] = ""
        etree.SubElement(choice, "input", attributes).tail = f" {name}"
    etree.SubElement(box, "div", {"class": "kb-parallel__rows", "aria-live": "polite"})
    return box


class DiagramFigures(Treeprocessor):
    """Replaces each diagram marker of the page by its figure. Python-Markdown keeps an HTML comment aside (its
    htmlStash) and leaves a placeholder paragraph in the tree: that paragraph is where the figure goes. A marker
    without a figure (an unknown ID: `kb check` reports it) stays a comment."""

    def __init__(self, md: Markdown, page: PageMarkup):
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        for index, element in enumerate(list(root)):
            placeholder = HTML_PLACEHOLDER_RE.fullmatch((element.text or "").strip())
            if element.tag != "p" or len(element) or not placeholder:
                continue
            raw = self.md.htmlStash.rawHtmlBlocks[int(placeholder[1])]
            marker = DIAGRAM_MARKER.match(raw.strip()) if isinstance(raw, str) else None
            if marker and marker["id"] in self.page.diagrams:
                root.remove(element)
                root.insert(index, render_figure(self.page.diagrams[marker["id"]], self.page.permalink_title))


def render_figure(figure: Figure, permalink_title: str = "") -> etree.Element:
    box = etree.Element("figure", {"id": figure.anchor, "class": f"kb-diagram {GENERATED}"})
    panels = etree.SubElement(box, "div", {"class": "kb-diagram__panels"})
    panels.extend(figure.panels)
    caption = etree.SubElement(box, "figcaption")
    caption.text = figure.caption
    if permalink_title:
        link = etree.SubElement(caption, "a", {"class": "headerlink", "href": f"#{figure.anchor}",
                                               "title": permalink_title, "aria-label": permalink_title})
        link.text = "¶"
    return box


class TranslationNotices(Treeprocessor):
    """After MkDocs has resolved links (its relpath processor, priority 0): the notices link to the English pages,
    which are outside this language's build, with URLs already relative to the page."""

    def __init__(self, md: Markdown, notices: dict[str, Notice]):
        super().__init__(md)
        self.notices = notices

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            notice = self.notices.get(element.get("id") or "")
            if notice is None or element.tag not in SEGMENT_TAGS | HEADINGS:
                continue
            if notice.untranslated:
                element.set("lang", "en")
            note = etree.Element("span", {"class": f"kb-notice {GENERATED}", "role": "note", "lang": notice.lang})
            note.text = f"{notice.text} "
            if notice.changed_on:
                when = etree.SubElement(note, "time", {"datetime": notice.changed_on})
                when.text = f"({notice.changed_on})"
                when.tail = " "
            link = etree.SubElement(note, "a", {"href": notice.href, "hreflang": "en"})
            link.text = notice.link_text
            if element.tag in HEADINGS:
                parent = next(p for p in root.iter() if element in list(p))
                wrapper = etree.Element("p", {"class": "kb-notice-line"})
                wrapper.append(note)
                parent.insert(list(parent).index(element) + 1, wrapper)
            else:
                headerlink = next((c for c in element if "headerlink" in (c.get("class") or "")), None)
                position = list(element).index(headerlink) if headerlink is not None else len(element)
                element.insert(position, note)


class PageMarkupExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"page": [PageMarkup(), "The settings of the page being rendered (a PageMarkup)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        page: PageMarkup = self.getConfig("page")
        # All after attr_list (8) has set the IDs and before toc and MkDocs' anchor collection (5), so that MkDocs
        # validates and resolves the links they add. Entry details come first so that their prose is not linked.
        if page.diagrams:
            md.treeprocessors.register(DiagramFigures(md, page), "diagram_figures", 7.4)
        md.treeprocessors.register(GeneratedBlocks(md, page), "generated_blocks", 7.3)
        md.treeprocessors.register(EntryDetailsWriter(md, page.entries), "glossary_entry_details", 7.2)
        if page.terms:
            md.treeprocessors.register(TermLinker(md, page.terms), "glossary_terms", 7.1)
        md.treeprocessors.register(SegmentMarkup(md, page), "segment_markup", 6)
        if page.notices:
            md.treeprocessors.register(TranslationNotices(md, page.notices), "translation_notices", -1)


def makeExtension(**kwargs) -> PageMarkupExtension:
    return PageMarkupExtension(**kwargs)
