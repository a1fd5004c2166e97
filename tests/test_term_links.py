"""Glossary terms and their senses: a `never` phrase and `<span class="no-term">` / `<span lang="…">` keep words from
being a term, alike for the build's links, the "Used in" lists and the term checks; the aligned term check compares
the terms the build links in each translated segment with the English (exact messages, file:line), honours the
deliberate differences recorded in data, and, like every rule that compares with the English, leaves outdated
segments to `kb status`; the markup survives the PO/XLIFF round trip."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import markdown
import pytest
from translate.storage import factory

from conftest import ROOT

from processes_kb.checks import run_checks
from processes_kb.content import load_site, parse_page
from processes_kb.glossary import TermMatcher, load_glossary, term_text, usages
from processes_kb.markdown_extension.model import TermLinks
from processes_kb.markdown_extension.terms import TermLinker
from processes_kb.staleness import OUTDATED, language_status, mark_reviewed

pytestmark = pytest.mark.toolkit  # the real docs' tests at the end are content tests too


def kb(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=120, cwd=root)


# ---------------------------------------------------------------- finding terms: `never` phrases and silencing spans


def test_a_never_phrase_hides_the_form_inside_it_and_nothing_else():
    matcher = TermMatcher({"процес*": "process"}, never=["фактор* «Процеси»"])
    text = "Фактор «Процеси» каже: процеси без стану; фактора «Процеси» теж, а «Процеси» — ні."
    assert [(m[0], term_id) for m, term_id in matcher.find(text)] == [
        ("процеси", "process"), ("Процеси", "process")]


def segment(markdown_text: str):
    page = parse_page(f"{markdown_text}\n{{: #s }}\n", "uk", "page.md", "docs/uk/page.md")
    return page.segments[0]


@pytest.mark.parametrize(("text", "expected"), [
    ('Процес читає <span class="no-term">конфігурацію</span> балансувальника.', "Процес читає балансувальника."),
    ('Слово «<span lang="en">stateless</span>» і процес.', "Слово « » і процес."),
    ('<span lang="uk">внутрішній *стан* процесу</span> і процес', "і процес"),
    ('<span class="x">процес</span> без <span>стану</span>', "процес без стану"),
    ('<span lang="en">one <span class="x">two</span> three</span> four', "four"),
], ids=["no-term", "quotation", "emphasis inside", "other spans", "nested"])
def test_the_term_checks_read_no_words_inside_a_silencing_span(text, expected):
    assert " ".join(term_text(segment(text)).replace("\x00", " ").split()) == expected


def test_no_term_runs_across_a_tag():
    matcher = TermMatcher({"sticky sessions": "sticky-sessions"})
    assert matcher.find(term_text(segment('<span class="x">sticky</span> sessions'))) == []


# ---------------------------------------------------------------- the build's linker


def linked_html(text: str, forms: dict[str, str], never: tuple[str, ...] = ()) -> str:
    links = TermLinks(TermMatcher(forms, list(never)).find, lambda term_id: f"#{term_id}", lambda term_id: term_id)

    class TermsOnly(markdown.Extension):  # the linker alone, where the site's extension runs it
        def extendMarkdown(self, md):
            md.treeprocessors.register(TermLinker(md, links), "glossary_terms", 7.1)

    return markdown.Markdown(extensions=["attr_list", TermsOnly()]).convert(textwrap.dedent(text))


def test_the_linker_skips_silenced_words_and_links_the_next_mention():
    html = linked_html("""\
        The Processes factor: the English says “<span lang="uk">процес</span>” and
        “<span class="no-term">*config* here</span>”, then a process reads its config.
        {: #p }
        """, {"process": "process", "config": "config"}, never=("Processes factor",))
    assert html == ('<p id="p">The Processes factor: the English says “<span lang="uk">процес</span>” and\n'
                    '“<span class="no-term"><em>config</em> here</span>”, then a <a class="glossary-term" '
                    'href="#process" title="process">process</a> reads its <a class="glossary-term" href="#config" '
                    'title="config">config</a>.</p>')


def test_the_linker_links_every_term_once_per_section_around_spans():
    html = linked_html("""\
        A <span class="no-term">cache</span> and a cache, a <span>process</span> and a process.
        {: #p }
        """, {"cache": "cache", "process": "process"})
    assert html == ('<p id="p">A <span class="no-term">cache</span> and a <a class="glossary-term" href="#cache" '
                    'title="cache">cache</a>, a <span><a class="glossary-term" href="#process" title="process">process'
                    '</a></span> and a process.</p>')


# ---------------------------------------------------------------- the aligned term check, on a fixture project

GLOSSARY_YML = "process: {related: []}\nsticky-sessions: {related: []}\nconfig: {related: []}\n"
EN_TERMS = ("process: {term: process, forms: [processes], never: [Processes factor]}\n"
            "sticky-sessions: {term: sticky sessions}\nconfig: {term: config}\n")
UK_TERMS = ("process: {term: процес, forms: [процес*], never: [фактор* «Процеси»]}\n"
            "sticky-sessions: {term: липкі сесії, forms: [липк* сесі*]}\n"
            "config: {term: конфігурація, forms: [конфігураці*]}\n")
EN_PAGE = """\
# Page { #page }

The Processes factor asks one thing: keep no sticky sessions in a process.
{: #first }

## Settings { #settings }

The load balancer has settings of its own.
{: #second }

A process reads its config from the environment.
{: #third }
"""
UK_PAGE = """\
# Сторінка { #page }

Фактор «Процеси» вимагає одного: не тримайте липких сесій у\u00a0процесі.
{: #first }

## Налаштування { #settings }

Балансувальник навантаження має власні налаштування.
{: #second }

Процес читає конфігурацію зі змінних середовища.
{: #third }
"""


def glossary_page(title: str, entries: dict[str, tuple[str, str]]) -> str:
    """A glossary page: term ID -> (heading, definition)."""
    return f"# {title} {{ #glossary }}\n\n" + "".join(f"### {term} {{ #{term_id} }}\n\n{definition}\n"
                                                      f"{{: #{term_id}-definition }}\n\n"
                                                      for term_id, (term, definition) in entries.items())


FILES = {
    "docs/en/page.md": EN_PAGE, "docs/uk/page.md": UK_PAGE,
    "docs/en/glossary.md": glossary_page("Glossary", {
        "process": ("process", "A running program."), "sticky-sessions": ("sticky sessions", "Visitors pinned."),
        "config": ("config", "Everything that varies between deploys.")}),
    "docs/uk/glossary.md": glossary_page("Глосарій", {
        "process": ("процес", "Запущена програма."), "sticky-sessions": ("липкі сесії", "Привʼязані відвідувачі."),
        "config": ("конфігурація", "Усе, що змінюється між розгортаннями.")}),
    "data/glossary.yml": GLOSSARY_YML, "data/glossary-terms/en.yml": EN_TERMS, "data/glossary-terms/uk.yml": UK_TERMS,
}


def check(make_project, **changes) -> list[str]:
    files = {**FILES, **changes}
    return [str(problem) for problem in run_checks(make_project({k: v for k, v in files.items() if v is not None}))
            .problems]


EXTRA_CONFIG = UK_PAGE.replace("власні налаштування", "власну конфігурацію")
EXTRA_MESSAGE = ("docs/uk/page.md:8: segment 'second': «конфігурацію» is linked to *config*; the English links nothing "
                 "here: if these words mean something else here, write <span class=\"no-term\">конфігурацію</span>; "
                 "if the difference is deliberate, record why in data/term-differences/uk.yml")


def test_the_fixture_links_the_same_terms_in_both_languages(make_project):
    assert check(make_project) == []


def test_a_term_linked_only_in_the_translation_is_reported_at_its_words_with_what_it_cascades_to(make_project):
    assert check(make_project, **{"docs/uk/page.md": EXTRA_CONFIG}) == [
        EXTRA_MESSAGE,
        "docs/uk/page.md:11: segment 'third': the English links “config” to *config* here; this translation links "
        "no *config* (it is linked earlier in this section, in 'second'): use the term where the English does; if "
        "the difference is deliberate, record why in data/term-differences/uk.yml"]


def test_a_no_term_mark_settles_the_difference_and_leaves_the_used_in_list(make_project):
    marked = UK_PAGE.replace("власні налаштування", 'власну <span class="no-term">конфігурацію</span>')
    assert check(make_project, **{"docs/uk/page.md": marked}) == []
    site = load_site(make_project({**FILES, "docs/uk/page.md": marked}))
    glossary, _ = load_glossary(site.root, site.languages)
    assert [use.segment.id for use in usages(site, glossary, "uk")["config"]] == ["third"]
    assert [use.segment.id for use in usages(site, glossary, "uk")["process"]] == ["first", "third"]


def test_the_factor_name_is_no_term_in_either_language(make_project):
    named = {"docs/en/page.md": EN_PAGE.replace(" in a process.", "."),
             "docs/uk/page.md": UK_PAGE.replace(" у\u00a0процесі.", ".")}
    assert check(make_project, **named) == []
    site = load_site(make_project({**FILES, **named}))
    glossary, _ = load_glossary(site.root, site.languages)
    for lang in site.languages:
        assert [use.segment.id for use in usages(site, glossary, lang)["process"]] == ["third"], lang


def test_a_recorded_difference_is_not_reported_and_a_stale_one_is(make_project):
    extra = UK_PAGE.replace("не тримайте", "не тримайте в\u00a0конфігурації")
    record = "page.md#first:\n  config: The translation names the config where the English leaves it implicit.\n"
    assert check(make_project, **{"docs/uk/page.md": extra, "data/term-differences/uk.yml": record}) == []
    assert check(make_project, **{"data/term-differences/uk.yml": record}) == [
        "data/term-differences/uk.yml:2: 'page.md#first' 'config': the translation and the English link this term "
        "alike here now: remove the record"]


def test_a_record_also_stands_for_the_term_check_of_its_segment(make_project):
    without = UK_PAGE.replace("Процес читає конфігурацію", "Процес читає налаштування")
    problems = check(make_project, **{"docs/uk/page.md": without})
    assert [p.split(": ", 1)[0] for p in problems] == ["docs/uk/page.md:11", "docs/uk/page.md:11"]
    assert "English uses “config”; use «конфігурація»" in problems[0] + problems[1]
    record = "page.md#third:\n  config: The translation says «налаштування» here.\n"
    assert check(make_project, **{"docs/uk/page.md": without, "data/term-differences/uk.yml": record}) == []


@pytest.mark.parametrize(("data", "expected"), [
    ("page.md#nope:\n  config: Why.\n",
     "data/term-differences/uk.yml:1: 'page.md#nope' names no segment of docs/uk/: correct it or remove the record"),
    ("page.md#first:\n  conf: Why.\n", "data/term-differences/uk.yml:2: 'conf' is not a term of data/glossary.yml"),
    ("page.md#first:\n  config: ''\n",
     "data/term-differences/uk.yml:2: 'page.md#first' 'config': say why the difference is deliberate, in one line"),
    ("page.md:\n  config: Why.\n", "data/term-differences/uk.yml:1: cannot read 'page.md': `page.md#segment-id:` then "
                                   "one `term-id: why the difference is deliberate` line per term"),
    ("- page.md#first\n", "data/term-differences/uk.yml:1: expected a mapping: `page.md#segment-id:` then one "
                          "`term-id: why the difference is deliberate` line per term"),
], ids=["unknown segment", "unknown term", "no reason", "no segment ID", "not a mapping"])
def test_a_bad_record_is_reported_with_file_and_line_to_its_language(make_project, data, expected):
    root = make_project({**FILES, "data/term-differences/uk.yml": data})
    assert [(str(p), p.lang) for p in run_checks(root).problems] == [(expected, "uk")]


@pytest.mark.parametrize(("page", "expected"), [
    (UK_PAGE.replace("власні налаштування", 'власні <span class="no-term">налаштування</span>'),
     "docs/uk/page.md:8: segment 'second': <span class=\"no-term\"> marks “налаштування”, which is no glossary term: "
     "remove the mark"),
    (UK_PAGE.replace("власні налаштування", 'власну <span class="no-term">конфігурацію'),
     "docs/uk/page.md:8: segment 'second': <span class=\"no-term\"> is not closed: end it with </span> after the "
     "words it marks"),
], ids=["marks no term", "not closed"])
def test_a_no_term_mark_must_mark_a_term_and_be_closed(make_project, page, expected):
    assert expected in check(make_project, **{"docs/uk/page.md": page})


@pytest.mark.parametrize(("terms", "expected"), [
    (UK_TERMS.replace("never: [фактор* «Процеси»]", "never: [фактор «Двигуни»]"),
     "data/glossary-terms/uk.yml:1: 'process': the `never` phrase “фактор «Двигуни»” contains no form of the term, "
     "so it changes nothing: write it as the text has it, the form and the words around it"),
    (UK_TERMS.replace("never: [фактор* «Процеси»]", "never: [конфігурація]"),
     "data/glossary-terms/uk.yml:1: 'process': “конфігурація” is listed under `never` but is a form of 'config' "
     "(line 3): remove one of them"),
], ids=["no form inside", "a form itself"])
def test_a_never_phrase_must_hide_a_form(make_project, terms, expected):
    assert expected in check(make_project, **{"data/glossary-terms/uk.yml": terms})


# ---------------------------------------------------------------- the policy: outdated segments are kb status's


def test_an_english_only_edit_that_brings_a_term_and_a_link_does_not_fail_the_translation(make_project):
    """The English author adds a term and a link to a paragraph: the Ukrainian paragraph is outdated (kb status
    says so), not a term or link error; once the translator marks it reviewed unchanged, the rules apply again."""
    root = make_project(FILES)
    mark_reviewed(load_site(root), root, "uk", None)
    assert [str(p) for p in run_checks(root).problems] == []
    edited = EN_PAGE.replace("keep no sticky sessions in a process.",
                             "keep no [sticky sessions](page.md#third) in a process or its config.")
    (root / "docs/en/page.md").write_text(edited, encoding="utf-8")
    status, _ = language_status(load_site(root), root, "uk")
    assert [(s.key, s.state) for s in status.segments if s.state != "up to date"] == [("page.md#first", OUTDATED)]
    assert [str(p) for p in run_checks(root).problems] == []
    result = kb(root, "check", "--lang", "uk")
    assert result.returncode == 0, result.stdout + result.stderr
    mark_reviewed(load_site(root), root, "uk", ["page.md#first"])  # reviewed without following the English
    assert sorted(p.code for p in run_checks(root).problems) == [
        "links-differ", "term-inconsistent", "term-links-differ", "term-links-differ"]


@pytest.mark.content
def test_on_the_real_docs_an_english_term_added_to_a_paragraph_blocks_no_translation(project_copy):
    """The case of issue 23: an English author brings “process type” into a paragraph; every translation of it is
    outdated, and `kb check --lang uk` passes (it says how many segments are outdated)."""
    english = project_copy / "docs/en/processes.md"
    text = english.read_text(encoding="utf-8")
    assert "Processes must be independent of one another." in text
    english.write_text(text.replace("Processes must be independent of one another.",
                                    "Processes of every process type must be independent of one another."),
                       encoding="utf-8")
    result = kb(project_copy, "check", "--lang", "uk")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Translation of 'uk': 1 outdated" in result.stderr


# ---------------------------------------------------------------- the markup survives the PO/XLIFF round trip


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_a_no_term_mark_goes_through_a_cat_tool_and_back(make_project, suffix):
    root = make_project({**FILES, "docs/uk/page.md": EXTRA_CONFIG})
    assert kb(root, "export", "uk", "-o", f"uk{suffix}").returncode == 0
    store = factory.getobject(str(root / f"uk{suffix}"))
    unit = next(u for u in store.getunits() if (u.getcontext() if suffix == ".po" else u.xmlelement.get("id"))
                == "page.md#second")
    assert unit.target == "Балансувальник навантаження має власну конфігурацію."
    unit.target = 'Балансувальник навантаження має власну <span class="no-term">конфігурацію</span>.'
    (root / f"uk{suffix}").write_bytes(bytes(store))
    result = kb(root, "import", "uk", f"uk{suffix}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'має власну <span class="no-term">конфігурацію</span>.\n{: #second }' in \
        (root / "docs/uk/page.md").read_text(encoding="utf-8")
    assert [str(p) for p in run_checks(root).problems] == []
    assert kb(root, "export", "uk", "-o", f"again{suffix}").returncode == 0
    again = kb(root, "import", "uk", f"again{suffix}")
    assert (again.returncode, again.stdout.strip()) == (0, "Nothing changed: no file was written.")


# ---------------------------------------------------------------- the real docs


@pytest.fixture(scope="module")
def real_links():
    from processes_kb.content import project_config
    from processes_kb.rendering import render_check
    from processes_kb.term_links import TermLinkReader

    config = project_config(ROOT)
    site = load_site(ROOT, config)
    reader = TermLinkReader(load_glossary(ROOT, site.languages)[0])
    render_check(site, config, reader)
    return site, reader.linked


def links_in(linked, lang: str, page: str, segment_id: str) -> set[tuple[str, str]]:
    return {(link.term_id, link.words) for link in linked[(lang, page)] if link.segment == segment_id}


@pytest.mark.content
def test_the_factor_name_is_never_linked_as_the_term_process(real_links):
    site, linked = real_links
    for lang in site.languages:
        assert {t for t, _ in links_in(linked, lang, "sources.md", "sources-intro")} == set(), lang
        intro = site.pages[lang]["recommendations/index.md"].segments[1].id
        assert "process" not in {t for t, _ in links_in(linked, lang, "recommendations/index.md", intro)}, lang


QUOTED = {"uk": ["внутрішній стан", "внутрішньго", "внутрішнього"], "fr": ["doivent"], "en": ["stateless", "stateful"],
          "pt-BR": ["afinidade de sessão", "sessões persistentes"]}


@pytest.mark.content
def test_quotations_in_another_language_carry_their_language_and_no_links(real_links):
    site, linked = real_links
    for lang in site.languages:
        sources = site.pages[lang]["sources.md"]
        text = " ".join((sources.segment("choice-corrections").text + " " +
                         sources.segment("choice-portuguese-text").text).split())
        for quoted_lang, words in QUOTED.items():
            if quoted_lang.startswith(lang) or (lang, quoted_lang) in (("uk", "pt-BR"), ("vi", "en"), ("pt", "en")):
                continue
            for word in words:
                assert f'<span lang="{quoted_lang}">{word}' in text, (lang, word)
        if lang != "en":
            assert {words for _, words in links_in(linked, lang, "sources.md", "choice-corrections")} & {
                "stateless", "stateful"} == set(), lang
        assert {t for t, _ in links_in(linked, lang, "sources.md", "provenance-factor")} & {
            "memcached", "redis", "execution-environment"} == set(), lang


def test_a_new_english_paragraph_does_not_turn_later_links_of_its_section_into_errors(project_copy):
    """A term is linked at its first mention in a section: a new English item that mentions a term earlier moves the
    English link away from the items after it. Until the translations follow, those items are not compared."""
    english = project_copy / "docs/en/processes.md"
    text = english.read_text(encoding="utf-8")
    anchor = "- Give every process a health check"
    assert anchor in text
    english.write_text(text.replace(anchor, "- Keep every process small and quick to start, so that a health check "
                                            "answers soon after a restart.\n  {: #practice-quick-start }\n"
                                            + anchor, 1), encoding="utf-8")
    synced = kb(project_copy, "add-missing")
    assert synced.returncode == 0, synced.stderr
    result = kb(project_copy, "check", "--lang", "uk")
    assert "term-links-differ" not in result.stdout and "is linked to" not in result.stdout, result.stdout
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- kb check renders again only what changed


def test_kb_check_renders_again_only_the_pages_whose_inputs_changed(make_project):
    root = make_project(FILES)

    def cached() -> tuple[int, list[str]]:  # with what a fresh run finds
        report = run_checks(root, cached=True)
        assert report.problems == run_checks(root).problems
        return report.rendered, [str(p) for p in report.problems]

    pages = sum(map(len, run_checks(root).site.pages.values()))
    assert cached() == (pages, [])
    assert cached() == (0, [])
    (root / "docs/uk/page.md").write_text(textwrap.dedent(EXTRA_CONFIG), encoding="utf-8")
    rendered, problems = cached()
    assert (rendered, problems[0]) == (1, EXTRA_MESSAGE)
    assert cached() == (0, problems)  # the term links of a kept render are compared again
    terms = root / "data/glossary-terms/uk.yml"
    terms.write_text(terms.read_text(encoding="utf-8").replace("[конфігураці*]", "[конфігурація]"), encoding="utf-8")
    rendered, problems = cached()  # a term's words decide what the render links: every page again
    assert rendered == pages
    assert any("segment 'third': the English links “config” to *config* here" in p for p in problems), problems
