"""The glossary page a reader can use: each entry's "Used in" list folded under a summary that gives its number, the
page's length on a phone and on paper within a budget, the list's excerpts out of the search index, and the terms as
schema.org data (JSON-LD) for machines."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree

import pytest

from conftest import ROOT, SITE_URL, page_url, real_site, soup

from processes_kb.build_inputs import load_inputs
from processes_kb.glossary import GLOSSARY_PAGE, definition, load_glossary
from processes_kb.search_index import EXCLUDED_SELECTORS
from processes_kb.ui_strings import format_count

pytestmark = pytest.mark.content

SITE = real_site()
LANGS = SITE.languages
GLOSSARY = load_glossary(ROOT, LANGS)[0]
USED_IN = {lang: load_inputs(ROOT).labels(lang)["glossary_used_in"] for lang in LANGS}

# Measured in Chromium (390×844 phone viewport; page.pdf(format="A4")), with a little room. Before the list was folded:
# 43–52 screens and 26–32 pages. The targets (10 screens, 8 pages) are out of reach while every entry's
# definition and explanation stay on the page: their prose and headings alone are about 10.4 screens in Ukrainian.
SCREENS = {"en": 18, "uk": 22, "vi": 21, "fr": 22, "pt": 22}
PRINTED_PAGES = {"en": 8, "uk": 10, "vi": 10, "fr": 10, "pt": 10}


def test_entry_uses_are_folded_under_a_summary_and_kept_out_of_search():
    import markdown

    from processes_kb.markdown_extension.model import EntryDetails
    from processes_kb.markdown_extension.terms import EntryDetailsWriter

    entries = {"process": EntryDetails([], "Used in (2)", [("Home › Lead", "index.md#lead", "…processes…"),
                                                           ("Memory › Cache", "memory.md#cache", "…a process…")],
                                       "Not used yet"),
               "memory": EntryDetails([], "Used in", [], "Not used yet")}

    class EntryDetailsOnly(markdown.Extension):
        def extendMarkdown(self, md):
            md.treeprocessors.register(EntryDetailsWriter(md, entries), "glossary_entry_details", 7.2)

    page = "### Process { #process }\n\nA program.\n{: #process-definition }\n\n" \
           "### Memory { #memory }\n\nWhat it holds.\n{: #memory-definition }\n"
    html = markdown.Markdown(extensions=["attr_list", EntryDetailsOnly()]).convert(page)
    used, unused = etree.fromstring(f"<body>{html}</body>").findall("dl")
    folded = used.find("dd[@class='glossary-used-in']/details")
    assert folded is not None and "open" not in folded.attrib
    assert folded.get("data-pagefind-ignore") == "all"
    assert folded.find("summary").text == "Used in (2)"
    assert [a.get("href") for a in folded.findall("ul/li/a")] == ["index.md#lead", "memory.md#cache"]
    assert used.find("dt").get("hidden") == "hidden"  # the summary names the list
    assert [(e.tag, e.text, e.attrib) for e in unused] == [("dt", "Used in", {}), ("dd", "Not used yet", {})]
    assert ".glossary-used-in" in EXCLUDED_SELECTORS


@pytest.mark.parametrize("lang", LANGS)
def test_every_used_in_summary_gives_the_number_of_passages_as_the_language_writes_it(built_site, lang):
    page = soup(built_site, lang, GLOSSARY_PAGE)
    folded = page.select("dl.glossary-details dd.glossary-used-in > details")
    assert len(folded) >= len(GLOSSARY.entries) - 3
    for details in folded:
        assert not details.has_attr("open")
        assert details["data-pagefind-ignore"] == "all"
        count = format_count(len(details.select(":scope > ul > li")), SITE.tag(lang))
        assert details.summary.get_text() == f"{USED_IN[lang]} ({count})"


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_page_fits_its_budget_on_a_phone_and_on_paper(page, site_url, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + page_url(lang, GLOSSARY_PAGE), wait_until="load")
    assert page.evaluate("document.querySelectorAll('.glossary-used-in details[open]').length") == 0
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= SCREENS[lang] * 844, f"{lang}: {height / 844:.1f} screens"
    printed = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", page.pdf(format="A4")))
    assert printed <= PRINTED_PAGES[lang], f"{lang}: {printed} A4 pages"


def structured_data(built_site, lang: str) -> dict:
    scripts = soup(built_site, lang, GLOSSARY_PAGE).select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_page_carries_its_terms_as_schema_org_data(built_site, lang):
    data, tag = structured_data(built_site, lang), SITE.tag(lang)
    page = SITE_URL + SITE.page_path(lang, GLOSSARY_PAGE)
    assert (data["@context"], data["@type"], data["url"], data["inLanguage"]) == \
        ("https://schema.org", "DefinedTermSet", page, tag)
    assert data["name"] == SITE.pages[lang][GLOSSARY_PAGE].meta["title"]
    terms = {term["termCode"]: term for term in data["hasDefinedTerm"]}
    assert list(terms) == list(GLOSSARY.entries)
    for term_id, term in terms.items():
        names = GLOSSARY.names(term_id, lang)
        assert term["@type"] == "DefinedTerm" and term["inLanguage"] == tag
        assert term["name"] == names.term
        assert term["description"] == definition(SITE, term_id, lang) != ""
        assert term.get("alternateName", []) == names.synonyms
        assert term["url"] == term["@id"] == f"{page}#{term_id}"
        assert term["sameAs"] == [SITE_URL + SITE.page_path(other, f"{GLOSSARY_PAGE}#{term_id}")
                                  for other in LANGS if other != lang]


def test_other_pages_carry_no_glossary_data(built_site):
    assert not soup(built_site, SITE.default_lang, "processes.md").select('script[type="application/ld+json"]')
