"""Glossary terms: links with the definition as tooltip where terms occur, and the details under each entry."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from processes_kb.glossary import TermSilence
from processes_kb.markdown_extension.model import GENERATED, HEADINGS, NO_TERM_LINKS, EntryDetails, TermLinks


class TermLinker(Treeprocessor):
    """Links the first mention of each glossary term per section (a section starts at every heading). Words inside a
    span that says "no term" (`<span class="no-term">`, a quotation's `<span lang="…">`) are not linked: the spans
    are raw HTML to Python-Markdown, stashed as placeholders in the text, and read here in reading order."""

    def __init__(self, md: Markdown, links: TermLinks):
        super().__init__(md)
        self.links = links
        self.silence = TermSilence()

    def run(self, root: etree.Element) -> None:
        seen: set[str] = set()
        for block in list(root):
            self.silence = TermSilence()  # a span never outlives its block
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
            if child.tag not in NO_TERM_LINKS and not {"headerlink", "glossary-details", GENERATED} & set(
                    (child.get("class") or "").split()):
                self.link_inside(child, seen)
            else:  # never linked inside, but a span may open or close there
                for text in child.itertext():
                    self.follow_tags(text)
            if child.tail:
                child.tail = self.link_text(element, child.tail, list(element).index(child) + 1, seen)

    def link_text(self, parent: etree.Element, text: str, position: int, seen: set[str]) -> str:
        """Turn the first mention of each unseen term in `text` into a link inserted at `position` (and after);
        returns the text before the first link."""
        chosen = []
        for start, end, term_id in self.linkable(text):
            if term_id not in seen:
                seen.add(term_id)
                chosen.append((start, end, term_id))
        for start, end, term_id in reversed(chosen):  # from the end: each link takes the text after it as its tail
            link = etree.Element("a", {"href": self.links.href(term_id), "class": "glossary-term",
                                       "title": self.links.title(term_id)})
            link.text, link.tail = text[start:end], text[end:]
            parent.insert(position, link)
            text = text[:start]
        return text

    def linkable(self, text: str) -> list[tuple[int, int, str]]:
        """The terms of `text` outside silencing spans, as (start, end, term ID); follows the spans it passes."""
        found, start = [], 0
        for placeholder in [*HTML_PLACEHOLDER_RE.finditer(text), None]:
            end = placeholder.start() if placeholder else len(text)
            if not self.silence.active and end > start:
                found += [(start + match.start(), start + match.end(), term_id)
                          for match, term_id in self.links.find(text[start:end])]
            if placeholder:
                self.follow_tags(placeholder[0])
                start = placeholder.end()
        return found

    def follow_tags(self, text: str) -> None:
        for placeholder in HTML_PLACEHOLDER_RE.finditer(text):
            stashed = self.md.htmlStash.rawHtmlBlocks[int(placeholder[1])]
            if isinstance(stashed, str):
                self.silence.tag(stashed)


class EntryDetailsWriter(Treeprocessor):
    """Under each entry's last paragraph: a definition list of the entry's other names, relations and uses (the
    passages that use the term folded in a `<details>` whose summary gives their number).

    With a `more` label, everything under the definition (the explanation and that list) is folded too, in a
    `<details class="glossary-more">`: the page shows each term and its one-sentence definition, short enough for a
    phone. The folded text stays in the page (searched, printed: glossary.css; opened when a link leads to the entry
    or into it: glossary.js)."""

    def __init__(self, md: Markdown, entries: dict[str, EntryDetails]):
        super().__init__(md)
        self.entries = entries

    def run(self, root: etree.Element) -> None:
        children = list(root)
        for term_id, details in self.entries.items():
            anchor = self.entry_end(children, term_id)
            if anchor is None:
                continue
            box = self.details(details)
            root.insert(list(root).index(anchor) + 1, box)
            if details.more:
                self.fold(root, term_id, box, details.more)

    @staticmethod
    def fold(root: etree.Element, term_id: str, last: etree.Element, label: str) -> None:
        """Move the blocks after the entry's definition, up to `last`, into a `<details>` in their place. An entry
        without a definition is left unfolded: the reader would see nothing but its heading."""
        blocks = list(root)
        definition = next((e for e in blocks if e.get("id") == f"{term_id}-definition"), None)
        if definition is None or blocks.index(definition) > blocks.index(last):
            return
        start, end = blocks.index(definition) + 1, blocks.index(last) + 1
        folded = etree.Element("details", {"class": "glossary-more"})
        # Generated: no term is linked in the summary, nor is it searched (32 times the same words).
        etree.SubElement(folded, "summary", {"class": GENERATED}).text = label
        for block in blocks[start:end]:
            root.remove(block)
            folded.append(block)
        root.insert(start, folded)

    @staticmethod
    def entry_end(children: list[etree.Element], term_id: str) -> etree.Element | None:
        """The last block of the entry (its heading up to the next heading): its explanation, or its definition if
        it has none. Elements are compared with None, never tested for truth: an element without children (a
        paragraph without inline markup) is false."""
        heading = next((e for e in children if e.get("id") == term_id and e.tag in HEADINGS), None)
        if heading is None:  # no entry heading: after its explanation, else its definition
            found = {e.get("id"): e for e in children if e.get("id") in {f"{term_id}-explanation",
                                                                        f"{term_id}-definition"}}
            explanation = found.get(f"{term_id}-explanation")
            return explanation if explanation is not None else found.get(f"{term_id}-definition")
        last = None
        for element in children[children.index(heading) + 1:]:
            if element.tag in HEADINGS:
                break
            last = element
        return last

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
        if not details.usages:
            etree.SubElement(box, "dt").text = details.usages_label
            etree.SubElement(box, "dd").text = details.no_usages
            return box
        # Folded: every passage that uses the term is a long list. Its summary names it, so the term's own label is
        # kept for the list's structure only (hidden). The excerpts repeat other pages' words: not searched here.
        etree.SubElement(box, "dt", {"hidden": "hidden"}).text = details.usages_label
        value = etree.SubElement(box, "dd", {"class": "glossary-used-in"})
        folded = etree.SubElement(value, "details", {"data-pagefind-ignore": "all"})
        etree.SubElement(folded, "summary").text = details.usages_label
        listing = etree.SubElement(folded, "ul")
        for text, href, excerpt in details.usages:
            item = etree.SubElement(listing, "li")
            link = etree.SubElement(item, "a", {"href": href})
            link.text = text
            link.tail = details.colon
            quote = etree.SubElement(item, "q")
            quote.text = excerpt
        return box
