"""One build of the site, independent of the builder: the loaded inputs, what each language's build computes once,
and the order in which a page's markup is made.

A builder adapter (processes_kb/mkdocs_plugin.py for MkDocs) makes one `SiteBuild` per state of the input files,
tells it which page it renders (`start_page`), and calls the file-writing steps after each language's build
(`finish_language`). The Markdown extension (processes_kb.markdown_extension) asks it for the page's markup
(`current_markup`) and reports what the renderer made (`record_rendered`). Nothing here imports MkDocs.

The page's markup is made in one order, written once in `PAGE_STEPS`: segments (¶ titles, kept anchors), diagrams,
glossary (term links, then the entries' details), cross-references (which add to the entries' details), translation
notices, the page's own generated blocks (status table, parallel view), the concepts' names for the site search.
"""

from __future__ import annotations

import functools
import posixpath
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from processes_kb import recommendations as recs
from processes_kb.anchors import moved_anchors
from processes_kb.build_inputs import BuildInputs
from processes_kb.content import Page, Problem, plain_text
from processes_kb.diagrams import LAYOUTS, figure
from processes_kb.examples_archive import ARCHIVE, examples_archive
from processes_kb.glossary import GLOSSARY_PAGE, TERM_BASE, concept_names, defined_term_set, definition, \
    term_base_csv, term_base_tbx, usages
from processes_kb.markdown_extension.blocks import SearchTerms
from processes_kb.markdown_extension.model import CodeFiles
from processes_kb.markdown_extension.model import (Checklist, ChecklistItem, Downloads, EntryDetails, InlineRefs, Link,
                                                   LinkList, Notice, PageMarkup, ParallelView, Quotes, RefLine,
                                                   StatusTable, TermLinks)
from processes_kb.project import ProjectConfig
from processes_kb.rendering import RenderedPage, rendering_problems
from processes_kb.staleness import OUTDATED, UNTRANSLATED, UP_TO_DATE, LanguageStatus, english_change_dates, \
    language_status, tracked
from processes_kb.typography import colon
from processes_kb.ui_strings import format_count, format_share

STATUS_PAGE = "translation-status.md"
PARALLEL_PAGE = "parallel.md"
EXPORTS = "assets/recommendations/processes-recommendations.{lang}{suffix}"


def export_source(lang: str, suffix: str) -> str:
    """A generated export's source name: a `.md` one would be taken for a page, so it is `.md.txt` and published
    as `.md` (links in pages name the source; the builder rewrites them to the published name)."""
    return EXPORTS.format(lang=lang, suffix=suffix + (".txt" if suffix == ".md" else ""))


@dataclass
class PageContext:
    """The page being made: its language, name inside the language folder, and the words of its language."""

    lang: str
    name: str
    labels: dict[str, str]
    markup: PageMarkup

    to_root: str  # from this page's published folder to the site's root: "../../" for uk/processes/

    def href(self, target: str) -> str:
        """A Markdown-relative link from this page to `page.md#id` (the builder resolves and validates it)."""
        path, _, fragment = target.partition("#")
        relative = posixpath.relpath(path, posixpath.dirname(self.name) or ".") if path != self.name else ""
        return relative + (f"#{fragment}" if fragment else "")


@dataclass
class SiteBuild:
    config: ProjectConfig
    inputs: BuildInputs
    current: tuple[str, str] | None = None  # (lang, page name) being rendered
    rendering: list[Problem] = field(default_factory=list)  # the current page's rendering problems
    _markup: dict[tuple[str, str], PageMarkup] = field(default_factory=dict)
    _definitions: dict[str, dict[str, str]] = field(default_factory=dict)
    _exports: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def site(self):
        return self.inputs.site

    @functools.cached_property
    def partials(self) -> jinja2.Environment:
        """The theme's partial templates (overrides/partials/), for the steps that write files beside the pages."""
        folder = (self.config.theme_dir or self.config.root / "overrides") / "partials"
        return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True)

    # ------------------------------------------------------------ what the Markdown extension asks

    def start_page(self, lang: str, name: str) -> None:
        self.current, self.rendering = (lang, name), []

    def current_page(self) -> Page | None:
        """The content model of the page being rendered; None for a page outside the model (a 404 page)."""
        return self.site.pages.get(self.current[0], {}).get(self.current[1]) if self.current else None

    def current_markup(self) -> PageMarkup:
        """The markup settings of the page being rendered (a page outside the model gets none)."""
        if self.current_page() is None:
            return PageMarkup()
        if self.current not in self._markup:
            self._markup[self.current] = self.page_markup(*self.current)
        return self._markup[self.current]

    def record_rendered(self, rendered: RenderedPage) -> None:
        page = self.current_page()
        if page is not None and not page.problems:  # the model's own message is the clearer one
            self.rendering = rendering_problems(page, rendered)

    def page_markup(self, lang: str, name: str) -> PageMarkup:
        labels = self.inputs.labels(lang)
        markup = PageMarkup(labels.get("permalink", ""), colon(lang), moved_anchors(self.inputs.anchors, name))
        context = PageContext(lang, name, labels, markup, self.site.to_root(self.site.page_path(lang, name)))
        for step in PAGE_STEPS:
            step(self, context)
        return markup

    # ------------------------------------------------------------ computed once per language

    def status(self, lang: str) -> LanguageStatus:
        """Worked out once per language: language_status keeps it with the loaded site."""
        return language_status(self.site, self.inputs.root, lang)[0]

    def definitions(self, lang: str) -> dict[str, str]:
        if lang not in self._definitions:
            glossary = self.inputs.glossary
            self._definitions[lang] = {term_id: definition(self.site, term_id, lang)
                                       for term_id in (glossary.entries if glossary else {})}
        return self._definitions[lang]

    def exports(self, lang: str) -> dict[str, str]:
        """The recommendations as Markdown, CSV and JSON: written as files, and copied by the checklist's button."""
        if lang not in self._exports:
            checklist = self.checklist_export(lang)  # as the checklist downloads them, without the reader's ticks
            self._exports[lang] = {".md": recs.export_markdown(checklist["rows"], lang),
                                   ".csv": recs.export_checklist_csv(checklist),
                                   ".json": recs.export_checklist_json(checklist)}
        return self._exports[lang]

    def checklist_export(self, lang: str) -> dict:
        """The checklist's rows and the reader's words that its CSV and JSON are written from (checklist.js too)."""
        rows = recs.export_rows(self.site, self.inputs.recommendations, lang, self.config.site_url)
        return recs.checklist_export(rows, lang, self.site.tag(lang), self.inputs.labels(lang))

    def structured_data(self, lang: str, name: str) -> dict | None:
        """schema.org data (JSON-LD) that a page carries in its head: the glossary's terms on the glossary page."""
        if name != GLOSSARY_PAGE or self.inputs.glossary is None:
            return None
        return defined_term_set(self.site, self.inputs.glossary, lang, self.config.site_url)

    @functools.cached_property
    def term_base(self) -> dict[str, str]:
        """The glossary's term base (CSV, TBX): the same file for every language's build, made once."""
        glossary = self.inputs.glossary
        if glossary is None:
            return {}
        return {TERM_BASE + ".csv": term_base_csv(self.site, glossary),
                TERM_BASE + ".tbx": term_base_tbx(self.site, glossary)}

    @functools.cached_property
    def examples_archive(self) -> dict[str, bytes]:
        """The examples folder as a zip (processes_kb.examples_archive), when the project has one: made once."""
        return {ARCHIVE: examples_archive(self.config.root)} if (self.config.root / "examples").is_dir() else {}

    def generated_files(self, lang: str) -> dict[str, tuple[str, str | bytes]]:
        """Files a language's build publishes that no page is: source name -> (published name, content)."""
        files = {path: (path, content) for path, content in self.term_base.items()}
        files.update({path: (path, content) for path, content in self.examples_archive.items()})
        if self.inputs.recommendations:
            for suffix, content in self.exports(lang).items():
                files[export_source(lang, suffix)] = (EXPORTS.format(lang=lang, suffix=suffix), content)
        return files


# ---------------------------------------------------------------- the steps of a page's markup, in order


def _diagrams(build: SiteBuild, page: PageContext) -> None:
    model = build.site.pages[page.lang][page.name]
    if build.inputs.diagrams is None:
        return
    for marker in model.markers:
        if marker.id in LAYOUTS:  # an unknown one stops the build (the checks)
            page.markup.diagrams[marker.id] = figure(build.inputs.diagrams, marker.id, page.lang,
                                                     build.site.default_lang)


def _glossary(build: SiteBuild, page: PageContext) -> None:
    glossary = build.inputs.glossary
    if glossary is None:
        return
    on_glossary = page.name == GLOSSARY_PAGE
    to_glossary = "" if on_glossary else page.href(GLOSSARY_PAGE)
    page.markup.terms = TermLinks(glossary.matcher(page.lang).find, lambda term_id: f"{to_glossary}#{term_id}",
                                  build.definitions(page.lang).get, own_entries=on_glossary)
    if on_glossary:
        page.markup.entries = _entry_details(build, page)


def _entry_details(build: SiteBuild, page: PageContext) -> dict[str, EntryDetails]:
    site, glossary, label, lang = build.site, build.inputs.glossary, page.labels, page.lang
    translated = lang != site.default_lang
    details = {}
    for term_id, uses in usages(site, glossary, lang).items():
        entry, names = glossary.entries[term_id], glossary.names(term_id, lang)
        english = glossary.names(term_id, site.default_lang)
        rows = []
        english_term = english.term.casefold() if english and translated else None
        synonyms = [s for s in names.synonyms if s.casefold() != english_term] if names else []  # shown once
        if synonyms:
            rows.append((label["glossary_synonyms"], [(synonym, None) for synonym in synonyms]))
        if english and translated:
            rows.append((label["glossary_english"], [(english.term, None)]))
        related = [(glossary.names(r, lang).term if glossary.names(r, lang) else r, f"#{r}") for r in entry.related]
        if related:
            rows.append((label["glossary_related"], related))
        listed = [(f"{use.page.meta.get('title', use.page.name)} › {use.section}", f"{use.page.name}#{use.segment.id}",
                   use.excerpt) for use in uses]
        # The list is folded: its summary says how many passages there are ("Used in (12)")
        used_in = f"{label['glossary_used_in']} ({format_count(len(listed), site.tag(lang))})" if listed \
            else label["glossary_used_in"]
        details[term_id] = EntryDetails(rows, used_in, listed, label["glossary_not_used"],
                                        english.term if english and translated else None, colon(lang),
                                        more=label["glossary_fold_more"])  # all but the definition folded
    return details


def _cross_references(build: SiteBuild, page: PageContext) -> None:
    recommendations = build.inputs.recommendations
    if not recommendations:
        return
    site, lang, name, markup, label = build.site, page.lang, page.name, page.markup, page.labels

    def rec_link(rec_id: str, note: str = "") -> Link:
        return Link(recs.title(site, rec_id, lang), page.href(f"{recs.FOLDER}/{rec_id}.md"), note)

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
                    (label["glossary_recommendations"],
                     [(recs.title(site, r, lang), page.href(f"{recs.FOLDER}/{r}.md")) for r in rec_ids]))
    # A recommendation's page -> its sources, terms, examples, related recommendations
    rec_id = name[len(recs.FOLDER) + 1:-3] if name.startswith(f"{recs.FOLDER}/") else None
    if rec_id in recommendations:
        markup.blocks.update(_recommendation_blocks(build, page, recommendations[rec_id], rec_link))
    if name == recs.INDEX_PAGE:
        markup.blocks["all-recommendations"] = [
            LinkList([rec_link(r, recs.rule(site, r, lang)) for r in recommendations], ordered=True)]
    if name == recs.CHECKLIST_PAGE:
        markup.blocks.update(_checklist_blocks(build, page))


def _recommendation_blocks(build: SiteBuild, page: PageContext, rec, rec_link) -> dict[str, list]:
    site, glossary, lang, label = build.site, build.inputs.glossary, page.lang, page.labels
    quotes = []
    for source in rec.sources:
        page_name, _, segment_id = source.partition("#")
        model = site.pages[lang].get(page_name)
        segment = model.segment(segment_id) if model else None
        if segment is not None:
            quotes.append((plain_text(segment.text), page.href(source), label["rec_read_in_context"]))
    terms = [Link(glossary.names(t, lang).term if glossary and glossary.names(t, lang) else t,
                  page.href(f"{GLOSSARY_PAGE}#{t}"), definition(site, t, lang)) for t in rec.terms]
    examples = []
    examples_page = site.pages[lang].get(recs.EXAMPLES_PAGE)
    for example_id in rec.examples:
        heading = examples_page.segment(example_id) if examples_page else None
        if heading is None:
            continue
        output = _output_block(examples_page, example_id)
        extra = [(label["rec_checked_output"], page.href(f"{recs.EXAMPLES_PAGE}#{output}"))] if output else []
        examples.append(Link(plain_text(heading.text), page.href(f"{recs.EXAMPLES_PAGE}#{example_id}"), "", extra))
    related = [rec_link(r, recs.rule(site, r, lang)) for r in rec.related]
    short = recs.short_link(site, build.config.site_url, lang, rec.id)
    return {
        "rule": [RefLine(label["rec_short_link"], [Link(short, short)])],
        "sources": [Quotes(quotes)],
        "terms": [LinkList(terms)],
        "examples": [LinkList(examples, empty=label["rec_no_examples"])],
        "related": [LinkList(related)],
    }


def _output_block(examples_page: Page, example_id: str) -> str | None:
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


def _checklist_blocks(build: SiteBuild, page: PageContext) -> dict[str, list]:
    site, lang, label = build.site, page.lang, page.labels
    items = [ChecklistItem(r, recs.title(site, r, lang), recs.rule(site, r, lang), page.href(f"{recs.FOLDER}/{r}.md"),
                           recs.short_link(site, build.config.site_url, lang, r))
             for r in build.inputs.recommendations]
    exports = build.exports(lang)
    # The counter for every number of ticks, made here: the language's plural form and digits (CLDR) for each
    progress = [label["checklist_progress"].format(done=done, total=len(items)) for done in range(len(items) + 1)]
    downloads = [Link(f"{label['checklist_download']} {suffix[1:].upper()}",
                      page.href(f"../{export_source(lang, suffix)}"))
                 for suffix in (".md", ".csv", ".json")]
    return {
        # one set of ticks for every language, keyed by recommendation ID; each language's own set of before merged in
        "checklist-items": [Checklist(items, "processes-checklist", progress, label["checklist_clear"],
                                      [f"processes-checklist-{code}" for code in site.languages],
                                      label.get("checklist_cleared", ""), label.get("checklist_undo", ""),
                                      label.get("checklist_restored", ""))],
        "export-intro": [Downloads(label["checklist_copy"], label["checklist_copied"], exports[".md"], downloads,
                                   build.checklist_export(lang))],
    }


def _translation_notices(build: SiteBuild, page: PageContext) -> None:
    site, lang, name = build.site, page.lang, page.name
    if lang == site.default_lang or not tracked(build.inputs.root):
        return
    # a missing segment has nothing on the page to note; the status page counts it
    lagging = [item for item in build.status(lang).segments
               if item.page.name == name and item.state in (OUTDATED, UNTRANSLATED)]
    dates = english_change_dates(build.inputs.root, site.originals[name].path, [i.source for i in lagging]) \
        if lagging else {}
    for item in lagging:
        untranslated = item.state == UNTRANSLATED
        text = page.labels["notice_untranslated" if untranslated else "notice_outdated"]
        english = page.to_root + site.page_path(site.default_lang, f"{name}#{item.segment.id}")
        page.markup.notices[item.segment.id] = Notice(text, page.labels["notice_read_english"], english,
                                                      site.tag(lang), untranslated,
                                                      "" if untranslated else dates.get(item.segment.id, ""))


def _page_blocks(build: SiteBuild, page: PageContext) -> None:
    if page.name == STATUS_PAGE:
        page.markup.blocks["status-table"] = [_status_table(build, page)]
    if page.name == PARALLEL_PAGE:
        page.markup.blocks["parallel-compare"] = [_parallel_view(build, page)]


def _status_table(build: SiteBuild, page: PageContext) -> StatusTable:
    site, label = build.site, page.labels
    counts: dict[str, dict[str, tuple[int, int]]] = {}
    for other in site.languages[1:]:
        for page_name, items in build.status(other).pages().items():
            counts.setdefault(page_name, {})[other] = (sum(i.state == UP_TO_DATE for i in items), len(items))
    rows = []
    for page_name, model in sorted(site.pages[page.lang].items()):
        per_lang = counts.get(page_name, {})
        english = len([s for s in site.originals[page_name].segments if s.kind != "code"])
        per_lang[site.default_lang] = (english, english)
        rows.append((model.meta.get("title", page_name), page_name, per_lang))
    total: dict[str, tuple[int, int]] = {}
    for _, _, per_lang in rows:
        for code, (done, all_) in per_lang.items():
            total[code] = (total.get(code, (0, 0))[0] + done, total.get(code, (0, 0))[1] + all_)
    rows.insert(0, (label["status_whole_site"], "#status-table", total))
    tag = site.tag(page.lang)  # the shares are written as the reader's language writes a percentage

    def shares(per_lang: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int, str]]:
        shown = {}
        for code in site.languages:
            done, all_ = per_lang.get(code, (0, 0))
            shown[code] = (done, all_, format_share(done, all_, tag))
        return shown

    languages = [(code, build.config.language(code).name if build.config.language(code) else code, site.tag(code))
                 for code in site.languages]
    return StatusTable(languages, [(title, href, shares(per_lang)) for title, href, per_lang in rows],
                       label["status_caption"], label["status_page"])


def _parallel_view(build: SiteBuild, page: PageContext) -> ParallelView:
    site, lang, label = build.site, page.lang, page.labels
    pages = [(site.page_path(site.default_lang, other), site.pages[lang][other].meta.get("title", other))
             for other in navigation_order(build, site.pages[lang]) if other != PARALLEL_PAGE]
    languages = [(code, build.config.language(code).name, site.url_prefix(code), site.tag(code))
                 for code in site.languages]
    chosen = [lang] if lang == site.default_lang else [lang, site.default_lang]
    factor = recs.PRACTICES[0]  # it opens on the factor's own text (Processes), the page the others come from
    return ParallelView(pages, languages, chosen, page.to_root, label["parallel_page"], label["parallel_languages"],
                        label["parallel_no_script"],
                        site.page_path(site.default_lang, factor) if factor in site.pages[lang] else "")


def navigation_order(build: SiteBuild, names) -> list[str]:
    """Page names in the navigation's order (mkdocs.yml `nav`); a page the navigation leaves out (a recommendation)
    right after its folder's page in the navigation (the recommendations' index), in the order of
    data/recommendations.yml, or at the end. The parallel view's menu and the whole base on one page read it."""
    site, listed = build.site, [rec.page for rec in build.inputs.recommendations.values()]

    def key(name: str) -> tuple[int, int, str]:
        if name in site.nav:
            return (site.nav.index(name), 0, "")
        folder = f"{posixpath.dirname(name)}/index.md"
        within = listed.index(name) + 1 if name in listed else len(listed) + 1
        return (site.nav.index(folder) if folder in site.nav else len(site.nav), within, name)
    return sorted(names, key=key)


# Weights of the concepts' names against the page's visible text (Pagefind's default is 1; a heading's is up to 7):
# measured on tests/data/search-queries.yml. 3 on a recommendation, not 2: with 2, vi «kiểm tra tình trạng» fell out of
# the first five once the examples page doubled in length (its syllables match other pages' «trạng thái», «tính»).
ENTRY_NAMES_WEIGHT = 1.0
RECOMMENDATION_NAMES_WEIGHT = 3.0


def _without_diacritics(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                   if not unicodedata.combining(c))


def _searchable(names: list[str]) -> list[str]:
    """The names, and those without diacritics too: readers of Vietnamese, Portuguese and French drop them, and
    Pagefind's own folding misses a word once another page has it unaccented (measured: vi «dac quyen root»)."""
    folded = [_without_diacritics(name) for name in names]
    return [*names, *dict.fromkeys(f for f, name in zip(folded, names) if f != name)]


def _search_terms(build: SiteBuild, page: PageContext) -> None:
    """Hidden, indexed names after each glossary entry's heading and each recommendation's title: a synonym, the
    English term or another language's term finds the entry and the recommendations that use the concept."""
    glossary, lang, name = build.inputs.glossary, page.lang, page.name
    if glossary is None:
        return
    if name == GLOSSARY_PAGE:
        for term_id in glossary.entries:
            page.markup.blocks.setdefault(term_id, []).append(
                SearchTerms(_searchable(concept_names(glossary, term_id, lang)), ENTRY_NAMES_WEIGHT))
    rec_id = name[len(recs.FOLDER) + 1:-3] if name.startswith(f"{recs.FOLDER}/") else None
    rec = (build.inputs.recommendations or {}).get(rec_id)
    if rec is not None and rec.terms:
        names = [name for term_id in rec.terms if term_id in glossary.entries
                 for name in concept_names(glossary, term_id, lang)]
        page.markup.blocks.setdefault(rec.id, []).append(SearchTerms(_searchable(names), RECOMMENDATION_NAMES_WEIGHT))


def _code_files(build: SiteBuild, page: PageContext) -> None:
    """How code blocks that show a file name it: linked to the repository when its address is set."""
    page.markup.code_files = CodeFiles(build.config.repo_url, build.config.root,
                                       page.labels.get("examples_page_output", ""), colon(page.lang))


PAGE_STEPS: tuple[Callable[[SiteBuild, PageContext], None], ...] = (
    _code_files,
    _diagrams,
    _glossary,  # before the cross-references, which add to the glossary entries' details
    _cross_references,
    _translation_notices,
    _page_blocks,
    _search_terms,
)
