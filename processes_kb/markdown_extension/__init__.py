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
- Code blocks that show a file: titled with the file's name, made from the include, linked to the repository's copy
  when its address is set (`code_titles`).
- Diagrams: where a page has a marker `<!-- diagram: id -->`, a <figure> with the panels processes_kb.diagrams draws
  (inline SVG) and a caption with a ¶ link to the figure's anchor.

The extension asks the build (processes_kb.site_build.SiteBuild, handed over once per build by the builder adapter)
for the settings of the page being rendered, and reports what the renderer made of it (processes_kb.rendering), so
that the checks compare the model with the page readers get. Without a build (plain Python-Markdown) it adds nothing
but the ¶ links' place-holders of an empty page.
Registered in mkdocs.yml as `processes_kb.markdown_extension`. One module per markup concern: `model` (the settings),
`segments`, `terms`, `blocks`, `figures`; this file registers them in their order.
"""

from __future__ import annotations

from markdown import Extension, Markdown

from processes_kb.markdown_extension.blocks import GeneratedBlocks
from processes_kb.markdown_extension.code_titles import CodeTitleLinks, CodeTitles
from processes_kb.markdown_extension.figures import DiagramFigures
from processes_kb.markdown_extension.model import (Checklist, ChecklistItem, Downloads, EntryDetails, Figure,
                                                   InlineRefs, Link, LinkList, Notice, PageMarkup, ParallelView,
                                                   Quotes, RefLine, StatusTable, TermLinks)
from processes_kb.markdown_extension.segments import SegmentMarkup, TranslationNotices
from processes_kb.markdown_extension.terms import EntryDetailsWriter, TermLinker
from processes_kb.rendering import RenderedAnchors

__all__ = ["Checklist", "ChecklistItem", "Downloads", "EntryDetails", "Figure", "InlineRefs", "Link", "LinkList",
           "Notice", "PageMarkup", "ParallelView", "Quotes", "RefLine", "StatusTable", "TermLinks",
           "PageMarkupExtension", "makeExtension"]


class NoBuild:
    """Outside a build (plain Python-Markdown): an empty page, nothing recorded. (Not None: Python-Markdown would
    read a None default as a yes/no setting.)"""

    def current_markup(self) -> PageMarkup:
        return PageMarkup()

    record_rendered = None


class PageMarkupExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"build": [NoBuild(), "The build (processes_kb.site_build.SiteBuild) rendering the page"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        build = self.getConfig("build")
        page: PageMarkup = build.current_markup()
        if build.record_rendered is not None:  # what the renderer made, before the site adds its own IDs
            md.treeprocessors.register(RenderedAnchors(md, build.record_rendered), "kb_rendered_anchors",
                                       RenderedAnchors.PRIORITY)
        # All after attr_list (8) has set the IDs and before toc and MkDocs' anchor collection (5), so that MkDocs
        # validates and resolves the links they add. Entry details come first so that their prose is not linked.
        # Code blocks that show a file are titled with its name (and link it, with the repository's address set)
        titles = CodeTitles(md, page.code_files)
        md.preprocessors.register(titles, "code_titles", CodeTitles.PRIORITY)
        md.postprocessors.register(CodeTitleLinks(md, titles), "code_title_links", CodeTitleLinks.PRIORITY)
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
