"""Build hook: the recommendations, cross-referenced both ways from data/recommendations.yml.

Passages of the factor link the recommendations they ground; glossary entries and runnable examples link the
recommendations that use them; each recommendation page quotes its sources and lists its terms, examples and
related recommendations; the index and the checklist list them all; exports (Markdown, CSV, JSON) and short links
(/r/<id>/, /<lang>/r/<id>/) are written for every language. The data and words come from
processes_kb.recommendations, the markup from processes_kb.markdown_extension and overrides/partials/short-link.html.
Runs after glossary.py (it adds to the glossary entries that hook makes).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from processes_kb import recommendations as recs
from processes_kb.build_inputs import build_inputs, page_location
from processes_kb.content import plain_text
from processes_kb.glossary import GLOSSARY_PAGE, definition
from processes_kb.markdown_extension import (
    Checklist, ChecklistItem, Downloads, InlineRefs, Link, LinkList, Quotes, RefLine,
)

EXTENSION = "processes_kb.markdown_extension"
EXPORTS = "assets/recommendations/processes-recommendations.{lang}{suffix}"


def _export_source(lang: str, suffix: str) -> str:
    """The generated file's source name: a `.md` one would be taken for a page, so it is `.md.txt` and published
    as `.md` (links in pages name the source; MkDocs rewrites them to the published name)."""
    return EXPORTS.format(lang=lang, suffix=suffix + (".txt" if suffix == ".md" else ""))

_build: dict = {}  # this build's data; replaced at the start of every build


def on_pre_build(config) -> None:
    inputs = build_inputs(config)  # problems in the data: the checks hook reports them
    _build.clear()
    _build.update(site=inputs.site, recs=inputs.recommendations, glossary=inputs.glossary, inputs=inputs,
                  site_url=config.site_url or "/")


def _lang(config) -> str:
    return config.plugins["i18n"].current_language


def _strings(lang: str) -> dict[str, str]:
    return _build["inputs"].labels(lang)


def _exports(lang: str) -> dict[str, str]:
    """The Markdown, CSV and JSON exports of a language: written as files, and copied by the checklist's button."""
    exports = _build.setdefault("exports", {})
    if lang not in exports:
        rows = recs.export_rows(_build["site"], _build["recs"], lang, _build["site_url"])
        exports[lang] = {".md": recs.export_markdown(rows, lang), ".csv": recs.export_csv(rows),
                         ".json": recs.export_json(rows, lang)}
    return exports[lang]


@event_priority(-200)  # after mkdocs-static-i18n has sorted the files per language (-100)
def on_files(files, config):
    if not _build.get("recs"):
        return files
    lang = _lang(config)
    for suffix, content in _exports(lang).items():
        uri = _export_source(lang, suffix)
        if files.get_file_from_path(uri) is None:
            generated = File.generated(config, uri, content=content)
            generated.dest_uri = EXPORTS.format(lang=lang, suffix=suffix)
            files.append(generated)
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not _build.get("recs"):
        return markdown
    lang, name = page_location(page, config)
    markup = config.mdx_configs[EXTENSION]["page"]
    site, recommendations = _build["site"], _build["recs"]
    label = _strings(lang)

    def href(target: str) -> str:
        """A Markdown-relative link from this page to `page.md#id` (MkDocs resolves and validates it)."""
        path, _, fragment = target.partition("#")
        relative = posixpath.relpath(path, posixpath.dirname(name) or ".") if path != name else ""
        return relative + (f"#{fragment}" if fragment else "")

    def rec_link(rec_id: str, note: str = "") -> Link:
        return Link(recs.title(site, rec_id, lang), href(f"{recs.FOLDER}/{rec_id}.md"), note)

    # Passages of the factor -> the recommendations they ground
    for source, rec_ids in recs.grounded_by(recommendations).items():
        page_name, _, segment_id = source.partition("#")
        if page_name == name:
            markup.inline_refs[segment_id] = InlineRefs(label["rec_refs"], [rec_link(r) for r in rec_ids])
    # Examples -> the recommendations they demonstrate
    if name == recs.EXAMPLES_PAGE:
        for example_id, rec_ids in recs.using(recommendations, "examples").items():
            markup.blocks[example_id] = [RefLine(label["example_demonstrates"], [rec_link(r) for r in rec_ids])]
    # Glossary entries -> the recommendations that use the term
    if name == GLOSSARY_PAGE:
        for term_id, rec_ids in recs.using(recommendations, "terms").items():
            if term_id in markup.entries:
                markup.entries[term_id].rows.append(
                    (label["glossary_recommendations"], [(recs.title(site, r, lang), href(f"{recs.FOLDER}/{r}.md"))
                                                         for r in rec_ids]))
    # A recommendation's page -> its sources, terms, examples, related recommendations
    rec_id = name[len(recs.FOLDER) + 1:-3] if name.startswith(f"{recs.FOLDER}/") else None
    if rec_id in recommendations:
        markup.blocks.update(_recommendation_blocks(recommendations[rec_id], lang, href, rec_link, label))
    if name == recs.INDEX_PAGE:
        markup.blocks["all-recommendations"] = [
            LinkList([rec_link(r, recs.rule(site, r, lang)) for r in recommendations], ordered=True)]
    if name == recs.CHECKLIST_PAGE:
        markup.blocks.update(_checklist_blocks(lang, href, label))
    return markdown


def _recommendation_blocks(rec, lang, href, rec_link, label) -> dict[str, list]:
    site, glossary = _build["site"], _build["glossary"]
    quotes = []
    for source in rec.sources:
        page_name, _, segment_id = source.partition("#")
        page = site.pages[lang].get(page_name)
        segment = page.segment(segment_id) if page else None
        if segment is not None:
            quotes.append((plain_text(segment.text), href(source), label["rec_read_in_context"]))
    terms = [Link(glossary.names(t, lang).term if glossary and glossary.names(t, lang) else t,
                  href(f"{GLOSSARY_PAGE}#{t}"), definition(site, t, lang)) for t in rec.terms]
    examples = []
    examples_page = site.pages[lang].get(recs.EXAMPLES_PAGE)
    for example_id in rec.examples:
        heading = examples_page.segment(example_id) if examples_page else None
        if heading is None:
            continue
        output = _output_block(examples_page, example_id)
        extra = [(label["rec_checked_output"], href(f"{recs.EXAMPLES_PAGE}#{output}"))] if output else []
        examples.append(Link(plain_text(heading.text), href(f"{recs.EXAMPLES_PAGE}#{example_id}"), "", extra))
    related = [rec_link(r, recs.rule(site, r, lang)) for r in rec.related]
    short = recs.short_link(site, _build["site_url"], lang, rec.id)
    return {
        "rule": [RefLine(label["rec_short_link"], [Link(short, short)])],
        "sources": [Quotes(quotes)],
        "terms": [LinkList(terms)],
        "examples": [LinkList(examples, empty=label["rec_no_examples"])],
        "related": [LinkList(related)],
    }


def _output_block(examples_page, example_id: str) -> str | None:
    """The checked output shown for an example: the first `output-…` code block in its section."""
    inside = False
    for segment in examples_page.segments:
        if segment.id == example_id:
            inside = True
        elif inside and segment.kind == "heading":
            return None
        elif inside and segment.kind == "code" and segment.id.startswith("output-"):
            return segment.id
    return None


def _checklist_blocks(lang, href, label) -> dict[str, list]:
    site, recommendations = _build["site"], _build["recs"]
    items = [ChecklistItem(r, recs.title(site, r, lang), recs.rule(site, r, lang), href(f"{recs.FOLDER}/{r}.md"),
                           recs.short_link(site, _build["site_url"], lang, r)) for r in recommendations]
    exports = _exports(lang)
    downloads = [Link(f"{label['checklist_download']} {suffix[1:].upper()}",
                      href(f"../{_export_source(lang, suffix)}"))
                 for suffix in (".md", ".csv", ".json")]
    return {
        "checklist-items": [Checklist(items, f"processes-checklist-{lang}", label["checklist_progress"],
                                      label["checklist_clear"])],
        "export-intro": [Downloads(label["checklist_copy"], label["checklist_copied"], exports[".md"], downloads)],
    }


def on_env(env, config, files):
    _build["env"] = env
    return env


def on_post_build(config) -> None:
    """Short links: /r/<id>/ (and /<lang>/r/<id>/) redirect to the recommendation, keeping a #fragment."""
    if not _build.get("recs"):
        return
    site, lang = _build["site"], _lang(config)
    template = _build["env"].get_template("partials/short-link.html")
    label = _strings(lang)
    for rec_id in _build["recs"]:
        folder = Path(config.site_dir) / recs.short_path(site, lang, rec_id)
        folder.mkdir(parents=True, exist_ok=True)
        page = f"{recs.FOLDER}/{rec_id}.md"
        title = recs.title(site, rec_id, lang)
        (folder / "index.html").write_text(template.render(
            lang=lang, title=title, relative_target=f"../../{recs.FOLDER}/{rec_id}/",
            canonical=recs.page_url(site, _build["site_url"], lang, page),
            heading=label["redirect_title"], text=label["redirect_text"].format(title=title)), encoding="utf-8")
