"""Diagrams: each `<!-- diagram: id -->` marker becomes a <figure> with its SVG panels and a captioned ¶ link."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from processes_kb.content import DIAGRAM_MARKER
from processes_kb.markdown_extension.model import GENERATED, Figure, PageMarkup


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
