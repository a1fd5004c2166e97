"""Python-Markdown extension: the markup the site adds to pages, made in the element tree (never spliced HTML).

- A ¶ link after every paragraph and list item that has a segment ID, so a reader can copy a link to exactly that
  thought. It uses Material's `headerlink` class: shown on hover and focus, left out of the search index.
- A segment renamed after publication keeps its old ID as an empty anchor at its start, so old links still land.
- Glossary terms: the first mention of a term per section links to its entry, with the one-sentence definition as
  the link's title (Material's `content.tooltips` shows it on hover and keyboard focus; a tap follows the link).
  Material's abbreviations cannot do this (an <abbr> is not a link, not focusable, and needs one line per inflected
  form); mkdocs-ezglossary needs markup at every use and gives hashed anchors: so this code exists.
- On the glossary page, under each entry: synonyms, the English term, related terms and every passage that uses it.

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


@dataclass
class PageMarkup:
    permalink_title: str = ""
    moved_anchors: list[tuple[str, str]] = field(default_factory=list)  # (old ID, new ID)
    terms: TermLinks | None = None
    entries: dict[str, EntryDetails] = field(default_factory=dict)  # glossary page: term ID -> details


class SegmentMarkup(Treeprocessor):
    def __init__(self, md: Markdown, page: PageMarkup):
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        aliases: dict[str, list[str]] = {}  # new ID -> the old IDs it keeps alive
        for old, new in self.page.moved_anchors:
            aliases.setdefault(new, []).append(old)
        for element in list(root.iter()):
            segment_id = element.get("id")
            if not segment_id:
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
            if block.tag not in NO_TERM_LINKS and "glossary-details" not in (block.get("class") or ""):
                self.link_inside(block, seen)

    def link_inside(self, element: etree.Element, seen: set[str]) -> None:
        if element.text:
            element.text = self.link_text(element, element.text, 0, seen)
        for child in list(element):
            if child.tag not in NO_TERM_LINKS and "headerlink" not in (child.get("class") or ""):
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
            link.tail = ": "
            quote = etree.SubElement(item, "q")
            quote.text = excerpt
        return box


class PageMarkupExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"page": [PageMarkup(), "The settings of the page being rendered (a PageMarkup)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        page: PageMarkup = self.getConfig("page")
        # All after attr_list (8) has set the IDs and before toc and MkDocs' anchor collection (5), so that MkDocs
        # validates and resolves the links they add. Entry details come first so that their prose is not linked.
        md.treeprocessors.register(EntryDetailsWriter(md, page.entries), "glossary_entry_details", 7.2)
        if page.terms:
            md.treeprocessors.register(TermLinker(md, page.terms), "glossary_terms", 7.1)
        md.treeprocessors.register(SegmentMarkup(md, page), "segment_markup", 6)


def makeExtension(**kwargs) -> PageMarkupExtension:
    return PageMarkupExtension(**kwargs)
