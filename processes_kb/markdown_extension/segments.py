"""Per segment: the ¶ link, the old anchors of a renamed segment, and the notes on lagging translations."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from processes_kb.markdown_extension.model import GENERATED, HEADINGS, SEGMENT_TAGS, Notice, PageMarkup


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
