"""Build hook: starts each page's settings for the page markup extension (processes_kb.markdown_extension).

The ¶ link titles come from data/ui-strings.yml in the page's language; renamed segments (moves recorded in
data/published-anchors.txt) keep their old anchors. Both files are read on every build, so `mkdocs serve` picks up
an edit without a restart.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from processes_kb.anchors import moved_anchors
from processes_kb.build_inputs import build_inputs, page_location
from processes_kb.markdown_extension import PageMarkup
from processes_kb.typography import colon

EXTENSION = "processes_kb.markdown_extension"

_build: dict = {}  # this build's inputs; replaced at the start of every build


def on_pre_build(config) -> None:
    inputs = build_inputs(config)
    if inputs.string_problems:
        raise PluginError("\n".join(map(str, inputs.string_problems)))
    _build["inputs"] = inputs


def on_page_markdown(markdown: str, page, config, files) -> str:
    inputs = _build["inputs"]
    lang, name = page_location(page, config)
    title = inputs.strings["permalink"][lang]
    # A new PageMarkup for every page; later hooks (glossary.py) add to it.
    config.mdx_configs[EXTENSION] = {"page": PageMarkup(title, colon(lang), moved_anchors(inputs.anchors, name))}
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = title
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """Code blocks carry their segment IDs (superfences writes them), but inside HTML that MkDocs' link validation
    never sees: tell it those anchors exist, so that links to a code block (a checked output) are validated too."""
    lang, name = page_location(page, config)
    model = _build["inputs"].site.pages.get(lang, {}).get(name)
    if page.present_anchor_ids is not None and model is not None:
        page.present_anchor_ids.update(s.id for s in model.segments if s.kind == "code")
    return html


def on_env(env, config, files):
    """Templates (such as overrides/404.html) read the interface strings too: `ui_strings.<key>[lang]`."""
    env.globals["ui_strings"] = _build["inputs"].strings
    return env
