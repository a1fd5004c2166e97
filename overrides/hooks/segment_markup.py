"""Build hook: starts each page's settings for the page markup extension (processes_kb.markdown_extension).

The ¶ link titles come from data/ui-strings.yml in the page's language; renamed segments (moves recorded in
data/published-anchors.txt) keep their old anchors. Both files are read on every build, so `mkdocs serve` picks up
an edit without a restart.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from processes_kb.anchors import moved_anchors, read_published_anchors
from processes_kb.content import ContentError, parse_page, read_languages
from processes_kb.markdown_extension import PageMarkup
from processes_kb.typography import colon
from processes_kb.ui_strings import read_ui_strings

EXTENSION = "processes_kb.markdown_extension"

_build: dict = {}  # this build's interface strings and anchors; replaced at the start of every build


def on_pre_build(config) -> None:
    root = Path(config.config_file_path).resolve().parent
    try:
        _, languages = read_languages(root / "mkdocs.yml")
        strings, problems = read_ui_strings(root, languages)
        anchors, _ = read_published_anchors(root)  # format problems are the checks hook's to report
    except ContentError as error:
        raise PluginError(str(error)) from None
    if problems:
        raise PluginError("\n".join(map(str, problems)))
    _build.update(strings=strings, anchors=anchors)


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = page.file.locale
    name = Path(page.file.abs_src_path).relative_to(Path(config.docs_dir) / lang).as_posix()
    title = _build["strings"]["permalink"][lang]
    # A new PageMarkup for every page; later hooks (glossary.py) add to it.
    config.mdx_configs[EXTENSION] = {"page": PageMarkup(title, colon(lang),
                                                        moved_anchors(_build["anchors"], name))}
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = title
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """Code blocks carry their segment IDs (superfences writes them), but inside HTML that MkDocs' link validation
    never sees: tell it those anchors exist, so that links to a code block (a checked output) are validated too."""
    if page.present_anchor_ids is not None:
        model = parse_page(page.markdown, page.file.locale, page.file.src_uri, page.file.src_uri)
        page.present_anchor_ids.update(s.id for s in model.segments if s.kind == "code")
    return html
