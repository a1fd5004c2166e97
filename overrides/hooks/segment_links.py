"""Build hook: links to segments that work and keep working.

- A ¶ link beside every paragraph and list item that has a segment ID, so a reader can copy a link to exactly that
  thought; heading ¶ links get their title in the page's language. The links use Material's `headerlink` class:
  shown on hover and focus, and left out of the search index.
- A segment renamed after publication (a move in published-anchors.txt) keeps its old anchor as well.
"""

from __future__ import annotations

import html
import re
import sys
from functools import cache
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from content_model import PUBLISHED_ANCHORS, parse_page, read_published_anchors  # noqa: E402

TOC_PERMALINK_TITLE = 'title="Permanent link"'  # what the toc extension writes on heading links


@cache
def ui_strings() -> dict:
    return yaml.safe_load((ROOT / "overrides" / "ui_strings.yml").read_text(encoding="utf-8"))


def moved_anchors(page_name: str) -> list[tuple[str, str]]:
    """(old ID, new ID) pairs of this page; read on each page so that `mkdocs serve` sees edits."""
    file = ROOT / PUBLISHED_ANCHORS
    if not file.is_file():
        return []
    anchors, _ = read_published_anchors(file)  # its problems are reported by the alignment hook
    return [(a.id, a.moved_to) for a in anchors if a.page == page_name and a.moved_to]


def page_language_and_name(page, config) -> tuple[str, str]:
    lang = getattr(page.file, "locale", None) or config.theme["language"]
    return lang, Path(page.file.abs_src_path).relative_to(Path(config.docs_dir) / lang).as_posix()


# Where a block's text starts on its first line: after a list marker or heading hashes, if any.
BLOCK_TEXT_START = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|#{1,6}\s+)?")


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Keep a renamed segment's old anchor: an empty element with the old ID at the start of the segment's text.

    Done in Markdown, not HTML, so that MkDocs' own anchor validation knows the old anchor exists too."""
    lang, name = page_language_and_name(page, config)
    moves = moved_anchors(name)
    if not moves:
        return markdown
    lines = markdown.split("\n")
    segments = {segment.id: segment for segment in parse_page(markdown, lang, name, name).segments}
    for old_id, new_id in moves:
        if new_id in segments:  # a missing target is reported by the alignment check
            index = segments[new_id].line - 1
            start = BLOCK_TEXT_START.match(lines[index]).end()
            alias = f'<span id="{old_id}" class="moved-anchor"></span>'
            lines[index] = lines[index][:start] + alias + lines[index][start:]
    return "\n".join(lines)


def on_page_content(content: str, page, config, files) -> str:
    lang, name = page_language_and_name(page, config)
    try:
        title = html.escape(ui_strings()["permalink"][lang], quote=True)
    except (KeyError, TypeError):
        raise PluginError(f"overrides/ui_strings.yml: no 'permalink' string for language '{lang}'") from None
    model = parse_page(page.markdown, lang, name, name)  # the page's own Markdown: no second read of the file
    for segment in model.segments:
        if segment.kind not in ("paragraph", "list-item"):
            continue
        tag = "li" if segment.kind == "list-item" else "p"
        element = re.compile(rf'(<{tag} id="{re.escape(segment.id)}"[^>]*>.*?)(</{tag}>)', re.DOTALL)
        link = f'<a class="headerlink" href="#{segment.id}" title="{title}" aria-label="{title}">¶</a>'
        content = element.sub(lambda m: f"{m[1]}{link}{m[2]}", content, count=1)
    return content.replace(TOC_PERMALINK_TITLE, f'title="{title}"')
