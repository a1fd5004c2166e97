"""Build hook: the parallel view's controls (which pages and languages there are), on the parallel.md page of each
language. The reading side by side happens in the browser: docs/assets/javascripts/parallel.js."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from processes_kb.content import ContentError, load_site
from processes_kb.markdown_extension import ParallelView
from processes_kb.recommendations import page_url
from processes_kb.ui_strings import read_ui_strings

EXTENSION = "processes_kb.markdown_extension"
PARALLEL_PAGE = "parallel.md"


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = page.file.locale
    name = Path(page.file.abs_src_path).relative_to(Path(config.docs_dir) / lang).as_posix()
    if name != PARALLEL_PAGE:
        return markdown
    root = Path(config.config_file_path).resolve().parent
    try:
        site = load_site(root)
        strings, _ = read_ui_strings(root, site.languages)
    except ContentError as error:
        raise PluginError(str(error)) from None
    label = {key: texts.get(lang, "") for key, texts in strings.items()}
    names = {language.locale: language.name for language in config.plugins["i18n"].config.languages}
    pages = [(page_url("", site.default_lang, other, site.default_lang).lstrip("/"),
              site.pages[lang][other].meta.get("title", other))
             for other in sorted(site.pages[lang]) if other != PARALLEL_PAGE]
    languages = [(code, names.get(code, code), "" if code == site.default_lang else f"{code}/")
                 for code in site.languages]
    chosen = [lang] if lang == site.default_lang else [lang, site.default_lang]
    view = ParallelView(pages, languages, chosen, "../" * page.url.count("/"), label["parallel_page"],
                        label["parallel_languages"], label["parallel_no_script"])
    config.mdx_configs[EXTENSION]["page"].blocks["parallel-compare"] = [view]
    return markdown
