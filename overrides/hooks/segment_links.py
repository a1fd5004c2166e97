"""Build hook: a ¶ link beside every paragraph and list item that has a segment ID, so a reader can copy a link
to exactly that thought, and the heading ¶ links titled in the page's language.

The links use Material's `headerlink` class: shown on hover and focus, and left out of the search index.
"""

from __future__ import annotations

import html
import re
import sys
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from content_model import parse_page  # noqa: E402

TOC_PERMALINK_TITLE = 'title="Permanent link"'  # what the toc extension writes on heading links


@cache
def ui_strings() -> dict:
    return yaml.safe_load((ROOT / "overrides" / "ui_strings.yml").read_text(encoding="utf-8"))


def on_page_content(content: str, page, config, files) -> str:
    lang = getattr(page.file, "locale", None) or config.theme["language"]
    title = html.escape(ui_strings()["permalink"][lang], quote=True)
    model = parse_page(Path(page.file.abs_src_path).read_text(encoding="utf-8"),
                       lang, page.file.src_uri, page.file.src_uri)
    for segment in model.segments:
        if segment.kind not in ("paragraph", "list-item"):
            continue
        tag = "li" if segment.kind == "list-item" else "p"
        element = re.compile(rf'(<{tag} id="{re.escape(segment.id)}"[^>]*>.*?)(</{tag}>)', re.DOTALL)
        link = f'<a class="headerlink" href="#{segment.id}" title="{title}">¶</a>'
        content = element.sub(lambda m: f"{m[1]}{link}{m[2]}", content, count=1)
    return content.replace(TOC_PERMALINK_TITLE, f'title="{title}"')
