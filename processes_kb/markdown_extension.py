"""Python-Markdown extension: the markup the site adds to segments, made in the element tree (never spliced HTML).

- A ¶ link after every paragraph and list item that has a segment ID, so a reader can copy a link to exactly that
  thought. It uses Material's `headerlink` class: shown on hover and focus, left out of the search index.
- A segment renamed after publication keeps its old ID as an empty anchor at its start, so old links still land.

The page's language decides the link title; MkDocs makes a new Markdown instance per page from `mdx_configs`, so the
hook `overrides/hooks/segment_markup.py` puts each page's settings there before the page renders.
Registered in mkdocs.yml as `processes_kb.markdown_extension`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SEGMENT_TAGS = {"p", "li"}  # headings get their ¶ link from the toc extension


class SegmentMarkup(Treeprocessor):
    def __init__(self, md: Markdown, permalink_title: str, moved_anchors: list[tuple[str, str]]):
        super().__init__(md)
        self.permalink_title = permalink_title
        self.aliases: dict[str, list[str]] = {}  # new ID -> the old IDs it keeps alive
        for old, new in moved_anchors:
            self.aliases.setdefault(new, []).append(old)

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            segment_id = element.get("id")
            if not segment_id:
                continue
            for old_id in self.aliases.get(segment_id, []):
                keep_anchor(element, old_id)
            if element.tag in SEGMENT_TAGS and self.permalink_title:
                link = etree.SubElement(element, "a", {"class": "headerlink", "href": f"#{segment_id}",
                                                       "title": self.permalink_title,
                                                       "aria-label": self.permalink_title})
                link.text = "¶"


def keep_anchor(element: etree.Element, old_id: str) -> None:
    """An empty element carrying `old_id` as the first thing inside `element`."""
    alias = etree.Element("span", {"id": old_id, "class": "moved-anchor"})
    alias.tail, element.text = element.text, None
    element.insert(0, alias)


class SegmentMarkupExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "permalink_title": ["", "Title of the ¶ link in the page's language; empty: no ¶ links"],
            "moved_anchors": [[], "(old ID, new ID) pairs of the page being rendered"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After attr_list (8) has set the IDs; before toc and MkDocs' anchor collection (5), so that MkDocs'
        # link validation knows the kept anchors too.
        processor = SegmentMarkup(md, self.getConfig("permalink_title"), self.getConfig("moved_anchors"))
        md.treeprocessors.register(processor, "segment_markup", 6)


def makeExtension(**kwargs) -> SegmentMarkupExtension:
    return SegmentMarkupExtension(**kwargs)
