"""Build hook: the parallel view's controls (which pages and languages there are), on the parallel.md page of each
language. The reading side by side happens in the browser: docs/assets/javascripts/parallel.js."""

from __future__ import annotations

from processes_kb.build_inputs import build_inputs, page_location
from processes_kb.markdown_extension import ParallelView

EXTENSION = "processes_kb.markdown_extension"
PARALLEL_PAGE = "parallel.md"


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang, name = page_location(page, config)
    if name != PARALLEL_PAGE:
        return markdown
    inputs = build_inputs(config)
    site, label = inputs.site, inputs.labels(lang)
    names = {language.locale: language.name for language in config.plugins["i18n"].config.languages}
    pages = [(site.page_path(site.default_lang, other), site.pages[lang][other].meta.get("title", other))
             for other in sorted(site.pages[lang]) if other != PARALLEL_PAGE]
    languages = [(code, names.get(code, code), site.url_prefix(code)) for code in site.languages]
    chosen = [lang] if lang == site.default_lang else [lang, site.default_lang]
    view = ParallelView(pages, languages, chosen, "../" * page.url.count("/"), label["parallel_page"],
                        label["parallel_languages"], label["parallel_no_script"])
    config.mdx_configs[EXTENSION]["page"].blocks["parallel-compare"] = [view]
    return markdown
