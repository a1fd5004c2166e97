"""Generated blocks and cross-references: recommendations a passage grounds, quoted sources, link lists, the
checklist, downloads, the status table, the parallel view's controls and the names search finds a concept by."""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from processes_kb.markdown_extension.model import (GENERATED, Checklist, Downloads, InlineRefs, Link, LinkList,
                                                   PageMarkup, ParallelView, Quotes, RefLine, StatusTable)


SEARCH_TERMS = "kb-search-terms"  # indexed by the site search (processes_kb/search_index.py), never shown


@dataclass
class SearchTerms:
    """Names of the concepts a passage is about, for the site search only: a glossary entry's or a recommendation's
    concepts in every language's words, so that a synonym, the English term or another edition's term finds it."""

    names: list[str]
    weight: float  # Pagefind's data-pagefind-weight: how much a match here counts against the visible text


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
    if isinstance(block, SearchTerms):
        return render_search_terms(block)
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
                                "data-progress": json.dumps(checklist.progress, ensure_ascii=False)})
    if checklist.legacy_keys:
        box.set("data-legacy-keys", json.dumps(checklist.legacy_keys))
    status = etree.SubElement(box, "p", {"class": "kb-checklist__progress", "aria-live": "polite"})
    status.text = checklist.progress[0]
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
    if checklist.undo:
        # "Clear all" can be undone: the status line says what happened (a live region, present from the start so
        # that screen readers announce what is written into it) and the Undo button takes the focus.
        undo = etree.SubElement(box, "div", {"class": "kb-checklist__undo"})
        etree.SubElement(undo, "span", {"class": "kb-checklist__announce", "role": "status",
                                        "data-cleared": checklist.cleared, "data-restored": checklist.restored})
        button = etree.SubElement(undo, "button", {"type": "button", "class": "md-button kb-checklist__undo-button",
                                                   "hidden": ""})
        button.text = checklist.undo
    return box


def render_downloads(downloads: Downloads) -> etree.Element:
    box = etree.Element("p", {"class": f"kb-downloads {GENERATED}"})
    if downloads.export is not None:
        box.set("data-export", json.dumps(downloads.export, ensure_ascii=False, separators=(",", ":")))
    button = etree.SubElement(box, "button", {"type": "button", "class": "md-button md-button--primary kb-copy",
                                              "data-copied": downloads.copied_label, "hidden": ""})
    button.text = downloads.copy_label
    source = etree.SubElement(box, "textarea", {"class": "kb-copy__source", "hidden": "", "readonly": "",
                                                "aria-hidden": "true"})
    source.text = downloads.markdown
    for link in downloads.links:
        anchor = etree.SubElement(box, "a", {"href": link.href, "class": "md-button", "download": "",
                                             "data-format": link.href.removesuffix(".txt").rsplit(".", 1)[-1]})
        anchor.text = link.text
    return box


def render_status_table(table: StatusTable) -> etree.Element:
    box = etree.Element("div", {"class": f"kb-status {GENERATED}"})
    grid = etree.SubElement(box, "table")
    etree.SubElement(grid, "caption").text = table.caption
    head = etree.SubElement(etree.SubElement(grid, "thead"), "tr")
    etree.SubElement(head, "th", {"scope": "col"}).text = table.page_label
    for _, name, tag in table.languages:
        etree.SubElement(head, "th", {"scope": "col", "lang": tag}).text = name
    body = etree.SubElement(grid, "tbody")
    for title, href, counts in table.rows:
        row = etree.SubElement(body, "tr")
        header = etree.SubElement(row, "th", {"scope": "row"})
        link = etree.SubElement(header, "a", {"href": href})
        link.text = title
        for code, _, _ in table.languages:
            done, total, share = counts[code]
            cell = etree.SubElement(row, "td")
            bar = etree.SubElement(cell, "progress", {"max": str(total or 1), "value": str(done if total else 1)})
            bar.text = share
            etree.SubElement(cell, "span", {"class": "kb-status__value"}).text = share
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
        option = etree.SubElement(menu, "option", {"value": path})
        option.text = title
        if path == view.selected:
            option.set("selected", "")
    languages = etree.SubElement(form, "fieldset")
    etree.SubElement(languages, "legend").text = view.languages_label
    for code, name, prefix, tag in view.languages:
        choice = etree.SubElement(languages, "label", {"lang": tag})
        attributes = {"type": "checkbox", "name": "lang", "value": code, "data-prefix": prefix}
        if code in view.chosen:
            attributes["checked"] = ""
        etree.SubElement(choice, "input", attributes).tail = f" {name}"
    etree.SubElement(box, "div", {"class": "kb-parallel__rows", "aria-live": "polite"})
    return box


def render_search_terms(terms: SearchTerms) -> etree.Element:
    # `hidden` keeps it off the screen and out of the accessibility tree; Pagefind reads the HTML, not the CSS.
    box = etree.Element("p", {"class": f"{SEARCH_TERMS} {GENERATED}", "hidden": "",
                              "data-pagefind-weight": f"{terms.weight:g}"})
    box.text = " · ".join(terms.names)
    return box
