"""Build hook: the diagrams a page shows (its `<!-- diagram: id -->` markers, read by the content model), drawn in the
page's language by processes_kb.diagrams and handed to the page markup extension, which puts each figure in place.

After segment_markup.py, which starts the page's markup settings.
"""

from __future__ import annotations

from processes_kb.build_inputs import build_inputs, page_location
from processes_kb.diagrams import LAYOUTS, figure

EXTENSION = "processes_kb.markdown_extension"

_build: dict = {}  # this build's inputs; replaced at the start of every build


def on_pre_build(config) -> None:
    _build["inputs"] = build_inputs(config)


def on_page_markdown(markdown: str, page, config, files) -> str:
    inputs = _build["inputs"]
    lang, name = page_location(page, config)
    model = inputs.site.pages.get(lang, {}).get(name)
    if model is None or inputs.diagrams is None:
        return markdown
    markup = config.mdx_configs[EXTENSION]["page"]
    for marker in model.markers:
        if marker.id in LAYOUTS:  # an unknown one stops the build (the checks hook)
            markup.diagrams[marker.id] = figure(inputs.diagrams, marker.id, lang, inputs.site.default_lang)
    return markdown
