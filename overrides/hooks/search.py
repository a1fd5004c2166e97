"""Build hook: the site search index, one Pagefind bundle per language (processes_kb/search_index.py).

Runs after each language's build (mkdocs-static-i18n builds one language at a time), so every `mkdocs build` and
`mkdocs serve` has search, with no separate step.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from processes_kb.build_inputs import build_inputs
from processes_kb.search_index import SearchIndexError, build_search_index

log = logging.getLogger("mkdocs.hooks.search")


def on_post_build(config) -> None:
    lang = config.plugins["i18n"].current_language
    try:
        report = build_search_index(build_inputs(config).site, Path(config.site_dir), lang)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    log.info(f"search index for {lang}: {report.pages} pages, {report.distinct_words} distinct words")
