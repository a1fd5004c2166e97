"""The glossary: its data and pages are checked (one fixture per rule, exact messages), the terms are found in the
text in every inflected form, and translations use the approved terms."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as etree

import pytest

from conftest import ROOT

from processes_kb.checks import run_checks
from processes_kb.content import load_site
from processes_kb.glossary import (
    TermMatcher, load_glossary, term_base_csv, term_base_tbx, usages,
)

pytestmark = pytest.mark.toolkit

SITE = load_site(ROOT)
GLOSSARY, GLOSSARY_PROBLEMS = load_glossary(ROOT, SITE.languages)

# ---------------------------------------------------------------- the real glossary


def test_real_glossary_has_every_concept_in_every_language():
    assert GLOSSARY_PROBLEMS == []
    assert len(GLOSSARY.entries) >= 30
    for entry in GLOSSARY.entries.values():
        assert sorted(entry.names) == sorted(SITE.languages), entry.id
        for lang in SITE.languages:
            page = SITE.pages[lang]["glossary.md"]
            assert page.segment(entry.id).kind == "heading"
            assert page.segment(f"{entry.id}-definition") and page.segment(f"{entry.id}-explanation"), (lang, entry.id)


@pytest.mark.parametrize("lang", SITE.languages)
def test_every_text_page_uses_glossary_terms_in_every_language(lang):
    used = usages(SITE, GLOSSARY, lang)
    pages = {use.page.name for uses in used.values() for use in uses}
    assert {"index.md", "processes.md", "examples.md", "sources.md", "recommendations/stateless-processes.md"} <= pages
    for term_id in ("sticky-sessions", "share-nothing", "stateless", "backing-service"):
        assert any(use.page.name == "processes.md" for use in used[term_id]), (lang, term_id)


# ---------------------------------------------------------------- finding terms in text


def test_matcher_prefers_the_longest_form_and_ignores_case():
    matcher = TermMatcher({"process": "process", "processes": "process", "process manager": "process-manager"})
    found = [(m[0], term_id) for m, term_id in matcher.find("Processes need no Process  Manager; a process.")]
    assert found == [("Processes", "process"), ("Process  Manager", "process-manager"), ("process", "process")]


def test_matcher_wildcards_cover_inflection_and_respect_word_boundaries():
    matcher = TermMatcher({"липк* сесі*": "sticky-sessions", "памʼять": "memory"})
    text = "Про липкими сесіями; ЛИПКІ СЕСІЇ. Непамʼять, памʼяті і памʼять."
    assert [(m[0], t) for m, t in matcher.find(text)] == [
        ("липкими сесіями", "sticky-sessions"), ("ЛИПКІ СЕСІЇ", "sticky-sessions"), ("памʼять", "memory")]


def test_vietnamese_loanword_is_a_form_of_the_term():
    names = GLOSSARY.names("sticky-sessions", "vi")
    matcher = GLOSSARY.matcher("vi")
    english_forms = [form for form in names.all_forms if form.isascii()]
    assert english_forms, "Vietnamese writers use the English loanword: it must be recognised"
    assert matcher.find(f"một {english_forms[0].rstrip('*')} khác")[0][1] == "sticky-sessions"


# ---------------------------------------------------------------- data and page rules, one fixture each

ENGLISH_PAGE = """\
# Page { #page }

Keep no sticky sessions in a process.
{: #first }
"""
UKRAINIAN_PAGE = """\
# Сторінка { #page }

Не тримайте липких сесій у процесі.
{: #first }
"""
ENGLISH_GLOSSARY = """\
# Glossary { #glossary }

## Sticky sessions { #sticky-sessions }

Routing a visitor to one process.
{: #sticky-sessions-definition }

### Process { #process }

A running program.
{: #process-definition }
"""
UKRAINIAN_GLOSSARY = ENGLISH_GLOSSARY.replace("## Sticky sessions", "### Липкі сесії").replace(
    "### Process {", "### Процес {").replace("Routing a visitor to one process.", "Привʼязка відвідувача до процесу.")
ENGLISH_GLOSSARY = ENGLISH_GLOSSARY.replace("## Sticky sessions", "### Sticky sessions")
GLOSSARY_YML = "sticky-sessions: {related: [process]}\nprocess: {related: [sticky-sessions]}\n"
EN_TERMS = "sticky-sessions: {term: sticky sessions}\nprocess: {term: process, forms: [processes]}\n"
UK_TERMS = "sticky-sessions: {term: липкі сесії, forms: [липк* сесі*]}\nprocess: {term: процес, forms: [процес*]}\n"


def glossary_problems_for(make_project, **changes) -> list[str]:
    files = {"docs/en/page.md": ENGLISH_PAGE, "docs/uk/page.md": UKRAINIAN_PAGE,
             "docs/en/glossary.md": ENGLISH_GLOSSARY, "docs/uk/glossary.md": UKRAINIAN_GLOSSARY,
             "data/glossary.yml": GLOSSARY_YML, "data/glossary-terms/en.yml": EN_TERMS,
             "data/glossary-terms/uk.yml": UK_TERMS}
    files.update({path.replace("__", "/").replace("_yml", ".yml").replace("_md", ".md"): text
                  for path, text in changes.items()})
    files = {path: text for path, text in files.items() if text is not None}
    return [str(problem) for problem in run_checks(make_project(files)).problems]


def test_fixture_glossary_is_clean(make_project):
    assert glossary_problems_for(make_project) == []


@pytest.mark.parametrize(("changes", "expected"), [
    ({"data__glossary_yml": GLOSSARY_YML.replace("[process]", "[proces]")},
     "data/glossary.yml:1: 'sticky-sessions' is related to unknown term 'proces'"),
    ({"data__glossary_yml": GLOSSARY_YML.replace("[process]", "[sticky-sessions]")},
     "data/glossary.yml:1: 'sticky-sessions' is related to itself"),
    ({"data__glossary_yml": GLOSSARY_YML + "Bad_ID: {}\n"},
     "data/glossary.yml:3: term ID 'Bad_ID' is not valid: use lowercase letters, digits and dashes"),
    ({"data__glossary-terms__uk_yml": None},
     "data/glossary-terms/uk.yml:1: the glossary has no 'uk' terms: create data/glossary-terms/uk.yml with an entry "
     "per term ID (as in data/glossary-terms/en.yml)"),
    ({"data__glossary-terms__uk_yml": UK_TERMS + "sticky: {term: липкі}\n"},
     "data/glossary-terms/uk.yml:3: unknown term ID 'sticky': the IDs are in data/glossary.yml"),
    ({"data__glossary-terms__uk_yml": UK_TERMS.splitlines()[0] + "\n"},
     "data/glossary-terms/uk.yml:1: no 'uk' words for the term 'process': add `process: {term: …}`"),
    ({"data__glossary-terms__uk_yml": UK_TERMS.replace("forms: [процес*]", "forms: [процес*, липкі сесії]")},
     "data/glossary-terms/uk.yml:2: 'process' claims the form “липкі сесії”, already used by 'sticky-sessions' "
     "(line 1): a form names one concept"),
    ({"data__glossary-terms__uk_yml": UK_TERMS.replace("term: процес, ", "")},
     "data/glossary-terms/uk.yml:2: 'process': needs `{term: …}` with the term as a non-empty text"),
    ({"data__glossary-terms__uk_yml": UK_TERMS.replace("forms: [процес*]", "form: [процес*]")},
     "data/glossary-terms/uk.yml:2: 'process': unknown key(s) form: use term, synonyms, forms, never"),
    ({"docs__uk__glossary_md": UKRAINIAN_GLOSSARY.replace("### Процес", "### Процеси")},
     "docs/uk/glossary.md:8: entry 'process' is headed “Процеси” but its term in data/glossary-terms/uk.yml is "
     "“процес”: use the same words"),
    ({"docs__en__glossary_md": ENGLISH_GLOSSARY.replace("### Process { #process }\n\nA running program.\n"
                                                        "{: #process-definition }\n", ""),
      "docs__uk__glossary_md": UKRAINIAN_GLOSSARY.replace("### Процес { #process }\n\nA running program.\n"
                                                          "{: #process-definition }\n", "")},
     "docs/en/glossary.md:1: term 'process' has no entry: add `### process { #process }`, then its "
     "`process-definition` paragraph"),
    ({"docs__uk__page_md": UKRAINIAN_PAGE.replace("липких сесій", "сесій з привʼязкою")},
     "docs/uk/page.md:3: segment 'first': English uses “sticky sessions”; use «липкі сесії»"),
    ({"data__glossary-terms__uk_yml": UK_TERMS.replace("forms: [процес*]", "synonyms: [процедура], forms: [процес*]"),
      "docs__uk__page_md": UKRAINIAN_PAGE.replace("у процесі", "у процедурі")},
     "docs/uk/page.md:3: segment 'first': English uses “process”; use «процес» (or: процедура …)"),
], ids=["unknown related", "related to itself", "invalid ID", "language file missing", "unknown ID in a language",
        "term missing in a language", "form claimed twice", "no term", "unknown key", "heading is not the term",
        "entry missing", "translation without the term", "message lists synonyms"])
def test_glossary_rule_violation_is_reported_with_file_and_line(make_project, changes, expected):
    problems = glossary_problems_for(make_project, **changes)
    assert expected in problems, "\n".join(problems)


# ---------------------------------------------------------------- the term base


def test_term_base_csv_has_a_row_per_concept_and_columns_per_language():
    rows = list(csv.DictReader(io.StringIO(term_base_csv(SITE, GLOSSARY))))
    assert [row["id"] for row in rows] == list(GLOSSARY.entries)
    for row in rows:
        for lang in SITE.languages:
            assert row[lang] == GLOSSARY.names(row["id"], lang).term
            assert row[f"{lang}_definition"].strip(), (row["id"], lang)


def test_term_base_tbx_is_tbx_basic_with_every_language():
    root = etree.fromstring(term_base_tbx(SITE, GLOSSARY).split("\n", 2)[2])
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.tag == "martif" and root.get("type") == "TBX-Basic" and root.find("martifHeader/fileDesc") is not None
    entries = root.findall("text/body/termEntry")
    assert [e.get("id") for e in entries] == list(GLOSSARY.entries)
    for entry in entries:
        assert [s.get(xml_lang) for s in entry.findall("langSet")] == SITE.languages
        for lang_set in entry.findall("langSet"):
            statuses = [t.findtext("termNote") for t in lang_set.findall("tig")]
            assert statuses[0] == "preferredTerm-admn-sts"
            assert lang_set.find("descrip[@type='definition']").text.strip()


# ---------------------------------------------------------------- the details under each entry

ENTRY_PAGE = """\
# Glossary { #glossary }

### Process { #process }

A running program.
{: #process-definition }

A process keeps nothing between requests.
{: #process-explanation }

### Sticky sessions { #sticky-sessions }

Routing a visitor to *one* process.
{: #sticky-sessions-definition }

A load balancer with sticky sessions sends a visitor back to the same process.
{: #sticky-sessions-explanation }

### Memory { #memory }

What a process holds while it runs.
{: #memory-definition }
"""


def test_entry_details_come_after_the_last_paragraph_of_each_entry():
    """The box closes each entry, after its explanation: a paragraph without inline markup is an element with no
    children, and such an element is false in a boolean context (xml.etree), so it must not be tested for truth."""
    import markdown

    from processes_kb.markdown_extension.model import EntryDetails
    from processes_kb.markdown_extension.terms import EntryDetailsWriter

    entries = {term_id: EntryDetails([("Related terms", [("Process", "#process")])], "Used in", [], "Not used yet")
               for term_id in ("process", "sticky-sessions", "memory")}

    class EntryDetailsOnly(markdown.Extension):  # the tree processor alone, where the site's extension runs it
        def extendMarkdown(self, md):
            md.treeprocessors.register(EntryDetailsWriter(md, entries), "glossary_entry_details", 7.2)

    html = markdown.Markdown(extensions=["attr_list", EntryDetailsOnly()]).convert(ENTRY_PAGE)
    blocks = list(etree.fromstring(f"<body>{html}</body>"))
    order = [block.get("id") or block.get("class") for block in blocks]
    assert order == ["glossary",
                     "process", "process-definition", "process-explanation", "glossary-details",
                     "sticky-sessions", "sticky-sessions-definition", "sticky-sessions-explanation", "glossary-details",
                     "memory", "memory-definition", "glossary-details"]
