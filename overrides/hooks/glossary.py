"""Build hook: glossary terms become links with their definition as tooltip on every page; each glossary entry
lists its other names, related terms and every passage that uses it; the term base is downloadable (CSV, TBX).

The work is done by processes_kb.glossary (the data and where terms occur) and processes_kb.markdown_extension
(the markup). Runs after segment_markup.py, which starts each page's PageMarkup.
"""

from __future__ import annotations

import posixpath

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from processes_kb import glossary as terms
from processes_kb.build_inputs import build_inputs, page_location
from processes_kb.markdown_extension import EntryDetails, TermLinks
from processes_kb.typography import colon

EXTENSION = "processes_kb.markdown_extension"

_build: dict = {}  # this build's site, glossary and per-language results; replaced at the start of every build


def on_pre_build(config) -> None:
    inputs = build_inputs(config)  # the glossary's problems are the checks hook's to report
    _build.clear()
    _build.update(site=inputs.site, glossary=inputs.glossary, inputs=inputs, per_lang={})


@event_priority(-200)  # after mkdocs-static-i18n has sorted the files per language (-100): it cannot take
def on_files(files, config):  # generated files
    if _build.get("glossary") is None:
        return files
    site, glossary = _build["site"], _build["glossary"]
    for suffix, content in ((".csv", terms.term_base_csv(site, glossary)), (".tbx", terms.term_base_tbx(site, glossary))):
        uri = terms.TERM_BASE + suffix
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    glossary = _build.get("glossary")
    if glossary is None:
        return markdown
    lang, name = page_location(page, config)
    known = _language(lang)
    on_glossary = name == terms.GLOSSARY_PAGE
    to_glossary = "" if on_glossary else posixpath.relpath(terms.GLOSSARY_PAGE, posixpath.dirname(name) or ".")
    markup = config.mdx_configs[EXTENSION]["page"]
    markup.terms = TermLinks(glossary.matcher(lang).find, lambda term_id: f"{to_glossary}#{term_id}",
                             known["definitions"].get, own_entries=on_glossary)
    if on_glossary:
        markup.entries = _entry_details(lang)
    return markdown


def _language(lang: str) -> dict:
    """Definitions of the terms in one language, read once per build."""
    per_lang = _build["per_lang"]
    if lang not in per_lang:
        site, glossary = _build["site"], _build["glossary"]
        per_lang[lang] = {"definitions": {term_id: terms.definition(site, term_id, lang)
                                          for term_id in glossary.entries}}
    return per_lang[lang]


def _entry_details(lang: str) -> dict[str, EntryDetails]:
    site, glossary = _build["site"], _build["glossary"]
    label = _build["inputs"].labels(lang)
    details = {}
    for term_id, uses in terms.usages(site, glossary, lang).items():
        entry, names = glossary.entries[term_id], glossary.names(term_id, lang)
        english = glossary.names(term_id, site.default_lang)
        rows = []
        english_term = english.term.casefold() if english and lang != site.default_lang else None
        synonyms = [s for s in names.synonyms if s.casefold() != english_term] if names else []  # shown once
        if synonyms:
            rows.append((label["glossary_synonyms"], [(synonym, None) for synonym in synonyms]))
        if english and lang != site.default_lang:
            rows.append((label["glossary_english"], [(english.term, None)]))
        related = [(glossary.names(r, lang).term if glossary.names(r, lang) else r, f"#{r}") for r in entry.related]
        if related:
            rows.append((label["glossary_related"], related))
        usages = [(f"{use.page.meta.get('title', use.page.name)} › {use.section}",
                   f"{use.page.name}#{use.segment.id}", use.excerpt) for use in uses]
        details[term_id] = EntryDetails(rows, label["glossary_used_in"], usages, label["glossary_not_used"],
                                        english.term if english and lang != site.default_lang else None,
                                        colon(lang))
    return details
