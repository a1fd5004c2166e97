"""The recommendations: stable IDs tied to the passages they come from, the terms they use, the examples that
demonstrate them and each other — one data file of IDs (`data/recommendations.yml`), the words in aligned pages
(`docs/<lang>/recommendations/<id>.md`).

Used by `kb check` (unknown IDs, recommendations without a source, practices without a recommendation, page
structure), by the build (both-way links, index, checklist, exports, short links) and by the tests.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from babel.numbers import get_decimal_symbol

from processes_kb.content import VALID_ID, Problem, Site, plain_text
from processes_kb.datafile import LinedMap, load_yaml
from processes_kb.glossary import Glossary
from processes_kb.typography import colon
from processes_kb.ui_strings import cldr_locale

RECOMMENDATIONS = "data/recommendations.yml"
FOLDER = "recommendations"
INDEX_PAGE = "recommendations/index.md"
CHECKLIST_PAGE = "checklist.md"
EXAMPLES_PAGE = "examples.md"
PRACTICES = ("processes.md", "practice-")  # every practice of the text needs a recommendation
# Headings every recommendation page has; the build fills those marked True from the data.
PAGE_HEADINGS = {"why": False, "sources": True, "anti-patterns": False, "how-to-check": False, "terms": True,
                 "examples": True, "related": True}
KEYS = ("sources", "terms", "examples", "related")


@dataclass
class Recommendation:
    id: str
    line: int  # in the data file
    sources: list[str] = field(default_factory=list)  # "page.md#segment-id"
    terms: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)  # heading IDs on examples.md
    related: list[str] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def page(self) -> str:
        return f"{FOLDER}/{self.id}.md"


def load_recommendations(root: Path) -> tuple[dict[str, Recommendation] | None, list[Problem]]:
    """The recommendations in data order, and schema problems; None when the project has none."""
    if not (root / RECOMMENDATIONS).is_file():
        return None, []
    data = load_yaml(root, RECOMMENDATIONS)
    if not isinstance(data, LinedMap):
        return None, [Problem("recommendations-format", RECOMMENDATIONS, 1, "expected a mapping of recommendation IDs")]
    found, problems = {}, []
    for rec_id, value in data.items():
        line = data.lines[rec_id]
        if not isinstance(rec_id, str) or not VALID_ID.match(rec_id):
            problems.append(Problem("recommendations-format", RECOMMENDATIONS, line,
                                    f"recommendation ID '{rec_id}' is not valid: use lowercase letters, digits and "
                                    "dashes"))
            continue
        if not isinstance(value, LinedMap):
            problems.append(Problem("recommendations-format", RECOMMENDATIONS, line,
                                    f"'{rec_id}' needs `sources:`, `terms:`, `examples:` and `related:` lists"))
            continue
        recommendation = Recommendation(rec_id, line, key_lines=dict(value.lines))
        for key in value:
            if key not in KEYS:
                problems.append(Problem("recommendations-format", RECOMMENDATIONS, value.lines[key],
                                        f"'{rec_id}': unknown key '{key}' (use {', '.join(KEYS)})"))
        for key in KEYS:
            items = value.get(key, [])
            if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
                problems.append(Problem("recommendations-format", RECOMMENDATIONS, value.lines.get(key, line),
                                        f"'{rec_id}': `{key}` must be a list of IDs"))
                continue
            setattr(recommendation, key, items)
        found[rec_id] = recommendation
    return found, problems


def cross_reference_problems(site: Site, glossary: Glossary | None, recommendations: dict[str, Recommendation],
                             renamed: dict[str, str] | None = None) -> list[Problem]:
    """Every ID in the data leads somewhere; every recommendation has a source and a page; every practice has a
    recommendation."""
    problems = []
    originals = site.originals
    example_ids = {s.id for s in originals[EXAMPLES_PAGE].segments if s.kind == "heading" and s.level == 2} \
        if EXAMPLES_PAGE in originals else set()

    def report(code: str, rec: Recommendation, key: str, message: str) -> None:
        problems.append(Problem(code, RECOMMENDATIONS, rec.key_lines.get(key, rec.line), f"'{rec.id}': {message}"))

    for rec in recommendations.values():
        if not rec.sources:
            report("recommendation-source-missing", rec, "sources",
                   "has no source segment: list the passages of the factor it comes from")
        for source in rec.sources:
            page, _, segment = source.partition("#")
            if source in (renamed or {}):
                report("recommendation-source-renamed", rec, "sources",
                       f"source segment '{source}' was renamed to '{renamed[source]}': use the new ID")
            elif page not in originals or not segment or originals[page].segment(segment) is None:
                report("recommendation-id-unknown", rec, "sources", f"unknown source segment '{source}' (expected "
                                                                    f"page.md#segment-id of docs/{site.default_lang}/)")
        for term in rec.terms:
            if glossary is None or term not in glossary.entries:
                report("recommendation-id-unknown", rec, "terms",
                       f"unknown glossary term '{term}' (the terms are in data/glossary.yml)")
        for example in rec.examples:
            if example not in example_ids:
                report("recommendation-id-unknown", rec, "examples", f"unknown example '{example}' (the examples "
                                                                     f"are the `##` headings of docs/"
                                                                     f"{site.default_lang}/{EXAMPLES_PAGE})")
        for related in rec.related:
            if related not in recommendations or related == rec.id:
                what = "itself" if related == rec.id else f"unknown recommendation '{related}'"
                report("recommendation-id-unknown", rec, "related", f"is related to {what}")
        page = originals.get(rec.page)
        where = f"docs/{site.default_lang}/{rec.page}"
        if page is None:
            report("recommendation-page-missing", rec, "", f"has no page: create {where}")
            continue
        first = page.segments[0] if page.segments else None
        if first is None or first.kind != "heading" or first.level != 1 or first.id != rec.id:
            problems.append(Problem("recommendation-page-structure", page.path, first.line if first else 1,
                                    f"the page of recommendation '{rec.id}' must start with `# Title {{ #{rec.id} }}`"))
        if page.segment("rule") is None:
            problems.append(Problem("recommendation-page-structure", page.path, 1,
                                    "a recommendation page needs its rule: one sentence with `{: #rule }` right "
                                    "after the title"))
        for heading in PAGE_HEADINGS:
            segment = page.segment(heading)
            if segment is None or segment.kind != "heading":
                problems.append(Problem("recommendation-page-structure", page.path, 1,
                                        f"a recommendation page needs the heading `## … {{ #{heading} }}`"))
    for name, page in originals.items():
        if name.startswith(f"{FOLDER}/") and name != INDEX_PAGE and name[len(FOLDER) + 1:-3] not in recommendations:
            problems.append(Problem("recommendation-page-unknown", page.path, 1,
                                    f"'{name[len(FOLDER) + 1:-3]}' is not a recommendation of {RECOMMENDATIONS}: add "
                                    "it there"))
    grounded = {source for rec in recommendations.values() for source in rec.sources}
    page_name, prefix = PRACTICES
    for segment in originals[page_name].segments if page_name in originals else []:
        if segment.id.startswith(prefix) and f"{page_name}#{segment.id}" not in grounded:
            problems.append(Problem("practice-without-recommendation", originals[page_name].path, segment.line,
                                    f"practice '{segment.id}' has no recommendation: add '{page_name}#{segment.id}' "
                                    f"to the sources of one in {RECOMMENDATIONS}"))
    return problems


def recommendation_problems(site: Site, root: Path, glossary: Glossary | None,
                            renamed: dict[str, str] | None = None) -> list[Problem]:
    """`renamed`: 'page.md#old-id' -> 'page.md#new-id', the moves recorded in the published anchors."""
    recommendations, problems = load_recommendations(root)
    if recommendations is None:
        return problems
    return problems + cross_reference_problems(site, glossary, recommendations, renamed)


# ---------------------------------------------------------------- the words of a recommendation in a language


def title(site: Site, rec_id: str, lang: str) -> str:
    page = site.pages[lang].get(f"{FOLDER}/{rec_id}.md")
    return plain_text(page.segments[0].text) if page and page.segments else rec_id


def rule(site: Site, rec_id: str, lang: str) -> str:
    page = site.pages[lang].get(f"{FOLDER}/{rec_id}.md")
    segment = page.segment("rule") if page else None
    return plain_text(segment.text) if segment else ""


def grounded_by(recommendations: dict[str, Recommendation]) -> dict[str, list[str]]:
    """'page.md#segment-id' -> the recommendations that derive from it."""
    found: dict[str, list[str]] = {}
    for rec in recommendations.values():
        for source in rec.sources:
            found.setdefault(source, []).append(rec.id)
    return found


def using(recommendations: dict[str, Recommendation], key: str) -> dict[str, list[str]]:
    """Term or example ID -> the recommendations that list it under `key` ('terms' or 'examples')."""
    found: dict[str, list[str]] = {}
    for rec in recommendations.values():
        for item in getattr(rec, key):
            found.setdefault(item, []).append(rec.id)
    return found


# ---------------------------------------------------------------- exports for teams


def short_path(site: Site, lang: str, rec_id: str) -> str:
    """A recommendation's short link, from the site root: `r/<id>/`, `uk/r/<id>/`."""
    return f"{site.url_prefix(lang)}r/{rec_id}/"


def short_link(site: Site, site_url: str, lang: str, rec_id: str) -> str:
    return f"{site_url.rstrip('/')}/{short_path(site, lang, rec_id)}"


def page_url(site: Site, site_url: str, lang: str, page: str) -> str:
    return f"{site_url.rstrip('/')}/{site.page_path(lang, page)}"


def export_rows(site: Site, recommendations: dict[str, Recommendation], lang: str, site_url: str) -> list[dict]:
    return [{"id": rec.id, "title": title(site, rec.id, lang), "rule": rule(site, rec.id, lang),
             "short_link": short_link(site, site_url, lang, rec.id),
             "sources": [page_url(site, site_url, lang, source) for source in rec.sources]}
            for rec in recommendations.values()]


def export_markdown(rows: list[dict], lang: str) -> str:
    """A GitHub/GitLab task list: paste it into an issue."""
    return "".join(f"- [ ] **{row['title']}**{colon(lang)}{row['rule']} ({row['short_link']})\n" for row in rows)


# ---------------------------------------------------------------- the checklist's downloads, as people open them

# The checklist page's CSV and JSON downloads: the file published beside the pages (no ticks: what a reader without
# JavaScript gets) and, on a click, the same file with the reader's ticks, written by checklist.js from
# `checklist_export` (the two must stay alike: tests/test_checklist_exports.py compares them).
CHECKLIST_COLUMNS = ("id", "title", "done", "rule", "short_link", "sources")  # each a ui-strings key checklist_column_…


def csv_delimiter(tag: str) -> str:
    """The separator a spreadsheet expects in the reader's language: a semicolon where numbers take a decimal comma
    (uk, vi, fr, pt-BR: Excel's list separator there, since the comma belongs to numbers), a comma elsewhere."""
    return ";" if get_decimal_symbol(cldr_locale(tag)) == "," else ","


def checklist_export(rows: list[dict], lang: str, tag: str, labels: dict[str, str]) -> dict:
    """What checklist.js needs to write the downloads with the reader's ticks: the rows, the headers in the reader's
    language and its words for done and not done."""
    return {"language": lang, "delimiter": csv_delimiter(tag),
            "columns": [labels.get(f"checklist_column_{column}") or column for column in CHECKLIST_COLUMNS],
            "yes": labels.get("checklist_done_yes") or "yes", "no": labels.get("checklist_done_no") or "no",
            "rows": rows}


def export_checklist_csv(export: dict, ticked: frozenset[str] | set[str] = frozenset()) -> str:
    """The checklist as a spreadsheet opens it: a UTF-8 byte-order mark (without it Excel on Windows reads the file
    in the system's code page and garbles Cyrillic and Vietnamese), the headers in the reader's language, and a
    column "done" with the words yes or no of that language: a spreadsheet user filters and counts by a value that
    every row has and that reads the same on screen and on paper (a ✓ or an empty cell does neither)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=export["delimiter"], lineterminator="\r\n")  # RFC 4180's line ends
    writer.writerow(export["columns"])
    for row in export["rows"]:
        done = export["yes"] if row["id"] in ticked else export["no"]
        writer.writerow([row["id"], row["title"], done, row["rule"], row["short_link"], " ".join(row["sources"])])
    return "\ufeff" + out.getvalue()


def export_checklist_json(export: dict, ticked: frozenset[str] | set[str] = frozenset()) -> str:
    """The checklist as readable UTF-8 JSON (no \\u escapes), with a done flag per recommendation."""
    rows = [{**row, "done": row["id"] in ticked} for row in export["rows"]]
    return json.dumps({"language": export["language"], "recommendations": rows}, ensure_ascii=False, indent=2) + "\n"
