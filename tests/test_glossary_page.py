"""The glossary page a reader can use: each term with its one-sentence definition, the rest of its entry (explanation,
other names, related terms, uses) folded, still searched and printed, opened by a link into it; each entry's "Used in"
list folded under a summary that gives its number; the page's length on a phone and on paper within a budget, the
list's excerpts out of the search index, and the terms as schema.org data (JSON-LD) for machines."""

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
MORE = {lang: load_inputs(ROOT).labels(lang)["glossary_fold_more"] for lang in LANGS}

# The targets, measured in Chromium (390×844 phone viewport; page.pdf(format="A4")). With every entry
# open: 43–52 screens and 26–32 pages; with "Used in" folded, 17–22 screens and 8–10 pages; with all but the
# definition folded (and the print layout set closer, every explanation printed), 7.2–8.0 screens and 6–7 pages.
SCREENS = dict.fromkeys(LANGS, 10)
PRINTED_PAGES = dict.fromkeys(LANGS, 8)


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


def test_all_but_the_definition_is_folded_under_a_summary_and_still_searched():
    import markdown

    from processes_kb.markdown_extension.model import GENERATED, EntryDetails
    from processes_kb.markdown_extension.terms import EntryDetailsWriter

    entries = {term_id: EntryDetails([("Related terms", [("Memory", "#memory")])], "Used in", [], "Not used yet",
                                     more="Explanation and details") for term_id in ("process", "memory", "cache")}

    class EntryDetailsOnly(markdown.Extension):
        def extendMarkdown(self, md):
            md.treeprocessors.register(EntryDetailsWriter(md, entries), "glossary_entry_details", 7.2)

    page = "### Process { #process }\n\nA program.\n{: #process-definition }\n\n" \
           "It runs.\n{: #process-explanation }\n\n" \
           "### Memory { #memory }\n\nWhat it holds.\n{: #memory-definition }\n\n" \
           "### Cache { #cache }\n\nNo definition yet.\n{: #cache-explanation }\n"
    html = markdown.Markdown(extensions=["attr_list", EntryDetailsOnly()]).convert(page)
    blocks = list(etree.fromstring(f"<body>{html}</body>"))
    assert [block.get("id") or block.get("class") for block in blocks] == [
        "process", "process-definition", "glossary-more", "memory", "memory-definition", "glossary-more",
        "cache", "cache-explanation", "glossary-details"]  # no definition: nothing would be left to read, not folded
    for fold, inside in ((blocks[2], ["process-explanation", "glossary-details"]), (blocks[5], ["glossary-details"])):
        assert fold.tag == "details" and "open" not in fold.attrib and "data-pagefind-ignore" not in fold.attrib
        summary, *folded = list(fold)
        assert (summary.tag, summary.text, summary.get("class")) == ("summary", "Explanation and details", GENERATED)
        assert [block.get("id") or block.get("class") for block in folded] == inside


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_shows_its_definition_and_folds_the_rest_where_search_still_finds_it(built_site, lang):
    page = soup(built_site, lang, GLOSSARY_PAGE)
    excluded = {id(element) for element in page.select(", ".join(EXCLUDED_SELECTORS))}
    for term_id in GLOSSARY.entries:
        definition_block = page.find(id=f"{term_id}-definition")
        fold = definition_block.find_next_sibling()
        assert definition_block.parent.name == "article"
        assert definition_block.find_previous(["h2", "h3"])["id"] == term_id
        assert fold.name == "details" and "glossary-more" in fold["class"] and not fold.has_attr("open"), term_id
        assert fold.summary.get_text() == MORE[lang]
        explanation = fold.find(id=f"{term_id}-explanation", recursive=False)
        assert explanation is not None and fold.find("dl", class_="glossary-details", recursive=False) is not None
        # Searched: neither it nor anything around it is left out of the index; the summary is.
        assert not any(id(e) in excluded or e.has_attr("data-pagefind-ignore")
                       for e in [explanation, *explanation.parents]), term_id
        assert id(fold.summary) in excluded
        # Its first mention of another term is still linked, with the definition as the tooltip.
        for link in explanation.select("a.glossary-term"):
            assert link["title"] == definition(SITE, link["href"].split("#")[-1], lang)


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_page_fits_its_budget_on_a_phone_and_on_paper(page, site_url, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + page_url(lang, GLOSSARY_PAGE), wait_until="load")
    assert page.evaluate("document.querySelectorAll('.glossary-used-in details[open]').length") == 0
    assert page.evaluate("document.querySelectorAll('details.glossary-more:not([open])').length") == \
        len(GLOSSARY.entries)
    visible = """ids => ids.map(id => document.getElementById(id).checkVisibility())"""
    definitions = [f"{term_id}-definition" for term_id in GLOSSARY.entries]
    explanations = [f"{term_id}-explanation" for term_id in GLOSSARY.entries]
    assert all(page.evaluate(visible, definitions)) and not any(page.evaluate(visible, explanations))
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= SCREENS[lang] * 844, f"{lang}: {height / 844:.1f} screens"
    # On paper, everything but the "Used in" lists: the explanations printed, the fold's summary not.
    page.emulate_media(media="print")
    assert all(page.evaluate(visible, explanations))
    assert not page.locator("details.glossary-more > summary").first.is_visible()
    printed = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", page.pdf(format="A4")))
    assert printed <= PRINTED_PAGES[lang], f"{lang}: {printed} A4 pages"


def test_a_link_into_a_folded_entry_opens_it_and_printing_opens_them_all(page, site_url):
    page.set_viewport_size({"width": 390, "height": 844})
    url = site_url + page_url("uk", GLOSSARY_PAGE)
    opened = "() => Array.from(document.querySelectorAll('details.glossary-more[open]'), " \
             "d => d.previousElementSibling.id)"
    # A link to an explanation (a ¶ link copied from it): its entry opens and the explanation is on the screen.
    page.goto(url + "#sticky-sessions-explanation", wait_until="load")
    assert page.evaluate(opened) == ["sticky-sessions-definition"]
    box = page.locator("#sticky-sessions-explanation").bounding_box()
    assert box and 0 <= box["y"] < 844 / 2, box
    # A link to an entry (a term in the text, a related term on this page): the entry opens under its heading.
    page.evaluate("location.hash = '#horizontal-scaling'")
    page.wait_for_function("document.querySelector('#horizontal-scaling-definition + details').open")
    assert page.evaluate(opened) == ["sticky-sessions-definition", "horizontal-scaling-definition"]
    page.evaluate("location.hash = '#group-processes'")  # a group heading opens nothing
    # Printing opens every entry, and closes afterwards those the reader had not opened.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert len(page.evaluate(opened)) == len(GLOSSARY.entries)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(opened) == ["sticky-sessions-definition", "horizontal-scaling-definition"]
    assert page.console_errors == []


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
