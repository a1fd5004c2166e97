"""The recommendations: data cross-references are checked (one fixture per rule, exact messages), every
recommendation exists in every language, and the exports teams use are valid."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import ROOT

from processes_kb.checks import run_checks
from processes_kb.content import load_site
from processes_kb.recommendations import (
    checklist_export, export_checklist_csv, export_checklist_json, export_markdown, export_rows, load_recommendations,
    rule, title,
)

pytestmark = pytest.mark.toolkit

SITE = load_site(ROOT)
RECOMMENDATIONS, DATA_PROBLEMS = load_recommendations(ROOT)
SITE_URL = "https://docs.example.org/processes/"


@pytest.mark.content
def test_at_least_twelve_recommendations_in_every_language():
    assert DATA_PROBLEMS == []
    assert len(RECOMMENDATIONS) >= 12
    for rec_id in RECOMMENDATIONS:
        for lang in SITE.languages:
            assert title(SITE, rec_id, lang) != rec_id, (lang, rec_id)
            assert rule(SITE, rec_id, lang).strip(), (lang, rec_id)
        titles = {title(SITE, rec_id, lang) for lang in SITE.languages}
        assert len(titles) == len(SITE.languages), f"{rec_id}: a title is left in another language"


@pytest.mark.content
def test_every_practice_of_the_text_has_a_recommendation():
    practices = [s.id for s in SITE.originals["processes.md"].segments if s.id.startswith("practice-")]
    sources = {source for rec in RECOMMENDATIONS.values() for source in rec.sources}
    assert len(practices) == 6
    assert all(f"processes.md#{practice}" in sources for practice in practices)


@pytest.mark.content
@pytest.mark.parametrize("lang", SITE.languages)
def test_exports_are_valid_markdown_csv_and_json(lang):
    rows = export_rows(SITE, RECOMMENDATIONS, lang, SITE_URL)
    prefix = "" if lang == SITE.default_lang else f"{lang}/"
    markdown = export_markdown(rows, lang).splitlines()
    assert len(markdown) == len(RECOMMENDATIONS) and all(line.startswith("- [ ] **") for line in markdown)
    export = checklist_export(rows, lang, SITE.tag(lang), {})  # the published downloads' rows and columns
    table = list(csv.DictReader(io.StringIO(export_checklist_csv(export).removeprefix("\ufeff")),
                                delimiter=export["delimiter"]))
    assert [row["id"] for row in table] == list(RECOMMENDATIONS)
    assert table[0]["short_link"] == f"{SITE_URL}{prefix}r/{table[0]['id']}/"
    data = json.loads(export_checklist_json(export))
    assert data["language"] == lang and len(data["recommendations"]) == len(RECOMMENDATIONS)
    assert all(source.startswith(f"{SITE_URL}{prefix}") and "#" in source
               for entry in data["recommendations"] for source in entry["sources"])


# ---------------------------------------------------------------- broken cross-references, one fixture each

PROCESSES = """\
# Processes { #processes }

Keep processes stateless.
{: #stateless }

- Keep state outside.
  {: #practice-state-outside }
"""
EXAMPLES = "# Examples { #examples }\n\n## A demo { #example-demo }\n\nIt runs.\n{: #example-demo-text }\n"
REC_PAGE = """\
# Keep it stateless { #stateless-processes }

Keep nothing in a process.
{: #rule }

## Why { #why }

## From the factor { #sources }

## Anti-patterns { #anti-patterns }

## How to check { #how-to-check }

## Terms { #terms }

## Runnable examples { #examples }

## Related { #related }
"""
DATA = """\
stateless-processes:
  sources: [processes.md#stateless, processes.md#practice-state-outside]
  terms: []
  examples: [example-demo]
  related: []
"""


def problems_for(make_project, data: str = DATA, page: str | None = REC_PAGE, processes: str = PROCESSES,
                 extra: dict | None = None) -> list[str]:
    files = {"docs/en/processes.md": processes, "docs/uk/processes.md": processes,
             "docs/en/examples.md": EXAMPLES, "docs/uk/examples.md": EXAMPLES,
             "data/recommendations.yml": data, **(extra or {})}
    if page is not None:
        files.update({"docs/en/recommendations/stateless-processes.md": page,
                      "docs/uk/recommendations/stateless-processes.md": page})
    return [str(problem) for problem in run_checks(make_project(files)).problems]


def test_fixture_is_clean(make_project):
    assert problems_for(make_project) == []


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"data": DATA.replace("processes.md#stateless,", "processes.md#stateles,")},
     "data/recommendations.yml:2: 'stateless-processes': unknown source segment 'processes.md#stateles' (expected "
     "page.md#segment-id of docs/en/)"),
    ({"data": DATA.replace("terms: []", "terms: [stateles]")},
     "data/recommendations.yml:3: 'stateless-processes': unknown glossary term 'stateles' (the terms are in "
     "data/glossary.yml)"),
    ({"data": DATA.replace("[example-demo]", "[example-dmo]")},
     "data/recommendations.yml:4: 'stateless-processes': unknown example 'example-dmo' (the examples are the `##` "
     "headings of docs/en/examples.md)"),
    ({"data": DATA.replace("related: []", "related: [no-such-thing]")},
     "data/recommendations.yml:5: 'stateless-processes': is related to unknown recommendation 'no-such-thing'"),
    ({"data": DATA.replace("related: []", "related: [stateless-processes]")},
     "data/recommendations.yml:5: 'stateless-processes': is related to itself"),
    ({"data": DATA.replace("processes.md#stateless, processes.md#practice-state-outside", "")},
     "data/recommendations.yml:2: 'stateless-processes': has no source segment: list the passages of the factor "
     "it comes from"),
    ({"data": DATA.replace(", processes.md#practice-state-outside", "")},
     "docs/en/processes.md:6: practice 'practice-state-outside' has no recommendation: add "
     "'processes.md#practice-state-outside' to the sources of one in data/recommendations.yml"),
    ({"data": DATA + "  examples_of: []\n"},
     "data/recommendations.yml:6: 'stateless-processes': unknown key 'examples_of' (use sources, terms, examples, "
     "related)"),
    ({"page": None},
     "data/recommendations.yml:1: 'stateless-processes': has no page: create "
     "docs/en/recommendations/stateless-processes.md"),
    ({"page": REC_PAGE.replace("{ #stateless-processes }", "{ #stateless }")},
     "docs/en/recommendations/stateless-processes.md:1: the page of recommendation 'stateless-processes' must start "
     "with `# Title { #stateless-processes }`"),
    ({"page": REC_PAGE.replace("## Terms { #terms }\n\n", "")},
     "docs/en/recommendations/stateless-processes.md:1: a recommendation page needs the heading `## … { #terms }`"),
    ({"extra": {"data/published-anchors.txt": "processes.md#processes\nprocesses.md#stateless\nprocesses.md#"
                                              "practice-state-outside\nprocesses.md#stateless -> processes.md#keep\n"},
      "processes": PROCESSES.replace("{: #stateless }", "{: #keep }")},
     "data/recommendations.yml:2: 'stateless-processes': source segment 'processes.md#stateless' was renamed to "
     "'processes.md#keep': use the new ID"),
    ({"extra": {"docs/en/recommendations/extra.md": "# Extra { #extra }\n", "docs/uk/recommendations/extra.md":
                "# Extra { #extra }\n"}},
     "docs/en/recommendations/extra.md:1: 'extra' is not a recommendation of data/recommendations.yml: add it there"),
], ids=["unknown source", "unknown term", "unknown example", "unknown related", "related to itself", "no source",
        "practice without recommendation", "unknown key", "page missing", "title without the ID", "heading missing",
        "source renamed", "page without data"])
def test_broken_cross_reference_is_reported_with_file_and_line(make_project, kwargs, expected):
    problems = problems_for(make_project, **kwargs)
    assert expected in problems, "\n".join(problems)
