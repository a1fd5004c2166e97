"""The real site: a strict build of all five languages, and what a reader (and a search engine) gets from it."""

from __future__ import annotations

import gzip
import json
import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest

from conftest import (REPO_URL, ROOT, SITE_URL, html_ids, mkdocs_build, page_file, page_url, parse_html, real_site,
                      replace_in, soup)

from processes_kb.anchors import read_published_anchors
from processes_kb.ui_strings import read_ui_strings

pytestmark = pytest.mark.content

SITE = real_site()
LANGS = SITE.languages
PAGES = sorted(SITE.pages[SITE.default_lang])
UI_STRINGS = read_ui_strings(ROOT, LANGS)[0]


def ids_in(element) -> dict:
    """id -> element inside `element` (one pass over it, instead of one search per id)."""
    return {found["id"]: found for found in element.find_all(id=True)}


ALL_PAGES = [(lang, name) for lang in LANGS for name in PAGES]


@pytest.mark.parametrize(("lang", "name"), ALL_PAGES)
def test_every_segment_is_an_anchor_in_the_same_order_in_every_language(built_site, lang, name):
    english_ids = SITE.pages[SITE.default_lang][name].ids
    article = soup(built_site, lang, name).select_one("article")
    found = [element["id"] for element in article.find_all(id=True) if element["id"] in english_ids]
    assert found == english_ids


@pytest.mark.parametrize(("lang", "name"), ALL_PAGES)
def test_html_lang_and_no_alternate_links_for_materials_script_to_follow(built_site, lang, name):
    page = soup(built_site, lang, name)
    assert page.html["lang"] == SITE.tag(lang)
    # Material fetches a sitemap.xml next to every alternate link: the alternates live in the sitemap instead.
    assert page.select('link[rel="alternate"]') == []


def test_one_sitemap_lists_every_page_in_every_language_with_its_alternates(built_site):
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ElementTree.parse(built_site / "sitemap.xml").getroot().findall("s:url", namespaces)
    listed = {}
    for url in urls:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", namespaces)}
        listed[url.find("s:loc", namespaces).text] = alternates
    assert len(listed) == len(urls) == len(ALL_PAGES)
    for lang, name in ALL_PAGES:
        expected = {SITE.tag(other): SITE_URL + page_url(other, name) for other in LANGS}
        expected["x-default"] = SITE_URL + page_url(SITE.default_lang, name)
        assert listed[SITE_URL + page_url(lang, name)] == expected
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()
    assert sorted(str(p.relative_to(built_site)) for p in built_site.rglob("sitemap.xml*")) == \
        ["sitemap.xml", "sitemap.xml.gz"], "a partial sitemap is left in a language folder"
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots and "Allow: /" in robots


@pytest.mark.parametrize(("lang", "name"), ALL_PAGES)
def test_language_switcher_keeps_the_reader_on_the_same_page(built_site, lang, name):
    here = "/processes/" + page_url(lang, name)
    links = soup(built_site, lang, name).select("a.md-select__link")
    targets = {link["hreflang"]: urlsplit(urljoin(here, link["href"])).path for link in links}
    assert targets == {SITE.tag(other): "/processes/" + page_url(other, name) for other in LANGS}


@pytest.mark.parametrize(("lang", "name"), ALL_PAGES)
def test_navigation_titles_and_description_are_in_the_page_language(built_site, lang, name):
    page = soup(built_site, lang, name)
    meta = SITE.pages[lang][name].meta
    assert page.select_one('meta[name="description"]')["content"] == meta["description"]
    nav_labels = [label.get_text(strip=True) for label in page.select("nav.md-nav--primary .md-nav__link")]
    for other in PAGES:
        if not other.startswith("recommendations/") or other == "recommendations/index.md":  # the rest: not_in_nav
            assert SITE.pages[lang][other].meta["title"] in nav_labels


@pytest.mark.parametrize(("lang", "name"), ALL_PAGES)
def test_every_segment_has_a_permalink_titled_in_the_page_language(built_site, lang, name):
    title = UI_STRINGS["permalink"][lang]
    article = soup(built_site, lang, name).select_one("article")
    ids = ids_in(article)
    for segment in SITE.pages[lang][name].segments:
        if segment.kind == "code":
            continue
        assert segment.id in ids, f"{lang}/{name}: no element with id '{segment.id}' in the article"
        links = ids[segment.id].select(f'a.headerlink[href="#{segment.id}"]')
        assert [link["title"] for link in links] == [title], f"{lang}/{name}#{segment.id}: {links}"
    if lang != "en":
        assert "Permanent link" not in str(article)


def test_theme_strings_are_translated(built_site):
    """Site name, search, colour-scheme toggles and header landmarks: a different string in every language."""
    strings = UI_STRINGS
    seen = {}
    for lang in LANGS:
        page = soup(built_site, lang, "index.md")
        seen[lang] = (page.select_one(".md-header__topic .md-ellipsis").get_text(strip=True),
                      page.select_one("[data-site-search-open]")["aria-label"],
                      page.select_one("#site-search-title").get_text(strip=True),
                      page.select_one("[data-site-search-close]")["aria-label"],
                      tuple(sorted(label["title"] for label in page.select(".md-header__option label[title]"))))
        assert seen[lang][3] == strings["search_close"][lang]
        assert set(seen[lang][4]) == {strings["palette_to_dark"][lang], strings["palette_to_light"][lang]}
        assert seen[lang][1] == seen[lang][2] == strings["search_placeholder"][lang]
    assert seen["uk"][0] == "Процеси"
    for position in (0, 1, 3, 4):
        assert len({values[position] for values in seen.values()}) == len(LANGS), [v[position] for v in seen.values()]


def test_each_language_has_its_own_site_description():
    from processes_kb.project import ProjectConfig

    descriptions = [language.site_description for language in ProjectConfig.read(ROOT).languages]
    assert len(set(descriptions)) == len(LANGS) and all(len(d) > 40 for d in descriptions)


RESOURCE_ATTRIBUTES = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
                       "video": "src", "embed": "src", "object": "data"}


def test_no_resource_is_loaded_from_outside_the_site(built_site):
    outside = []
    for html in built_site.rglob("*.html"):
        page = parse_html(html)
        for tag, attribute in RESOURCE_ATTRIBUTES.items():
            outside += [(html, el[attribute]) for el in page.find_all(tag) if "//" in el.get(attribute, "")]
        for link in page.find_all("link", href=True):
            if not {"alternate", "canonical"} & set(link.get("rel", [])) and "//" in link["href"]:
                outside.append((html, link["href"]))
        outside += [(html, m) for m in re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)",
                                                  html.read_text(encoding="utf-8"))]
    for css in built_site.rglob("*.css"):
        outside += [(css, m) for m in re.findall(r"(?:@import|url\()\s*['\"]?(?:https?:)?//[^)'\";]*", css.read_text())]
    assert outside == []


@pytest.mark.parametrize("lang", LANGS)
def test_examples_page_shows_the_checked_files_not_copies(built_site, lang):
    article = soup(built_site, lang, "examples.md").select_one("article")
    code = "\n".join(block.get_text() for block in article.select("pre"))
    assert "--8<--" not in code
    assert "class RedisSessionStore:" in code and "USER 10001:10001" in code
    assert (ROOT / "examples/output/kill_test.txt").read_text(encoding="utf-8").strip() in code


# ---------------------------------------------------------------- a strict build of a broken copy fails


@pytest.mark.parametrize("lang", LANGS)
def test_every_published_anchor_leads_somewhere_in_every_language(built_site, lang):
    anchors = read_published_anchors(ROOT)[0]
    missing = [f"{lang}: {anchor.page}#{anchor.id}" for anchor in anchors
               if anchor.id not in html_ids(page_file(built_site, lang, anchor.page))]
    assert missing == [], "published anchors that lead nowhere on the built pages:\n" + "\n".join(missing)


RENAMES = {"sticky-sessions": ("p", "no-sticky-sessions"), "recommended-practices": ("h2", "practices"),
           "practice-health-check": ("li", "practice-health-checks")}


@pytest.mark.toolkit
def test_renamed_segments_keep_their_old_anchors(project_copy, tmp_path):
    """Paragraph, heading and list item renamed in every language, with the moves recorded: old links still work
    (MkDocs' own anchor validation included, since other pages link the old anchors)."""
    for lang in LANGS:
        for old, (_, new) in RENAMES.items():
            page = project_copy / f"docs/{lang}/processes.md"
            text = page.read_text(encoding="utf-8")
            page.write_text(text.replace(f"{{: #{old} }}", f"{{: #{new} }}").replace(f"{{ #{old} }}", f"{{ #{new} }}"),
                            encoding="utf-8")
    with (project_copy / "data/published-anchors.txt").open("a") as published:
        for old, (_, new) in RENAMES.items():
            published.write(f"processes.md#{old} -> processes.md#{new}\nprocesses.md#{new}\n")
            data = project_copy / "data/recommendations.yml"  # the data follows the rename too
            data.write_text(re.sub(rf"processes\.md#{old}(?=[],])", f"processes.md#{new}", data.read_text()))
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        page = soup(tmp_path / "out", lang, "processes.md")
        for old, (tag, new) in RENAMES.items():
            kept = page.find(tag, id=new).find(True)  # the first element inside the renamed segment
            assert (kept.name, kept.get("id"), kept.get_text()) == ("span", old, ""), (lang, old)


@pytest.mark.toolkit
def test_strict_build_fails_on_misaligned_docs_with_file_and_line(project_copy, tmp_path):
    replace_in(project_copy / "docs/uk/processes.md", "{: #sticky-sessions }", "{: #sticky-session }")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "WARNING -  docs/uk/processes.md:" in result.stderr
    assert "missing segment 'sticky-sessions'" in result.stderr
    assert "extra segment 'sticky-session'" in result.stderr


@pytest.mark.toolkit
def test_build_with_a_missing_snippet_section_stops_with_file_and_line_not_a_traceback(project_copy, tmp_path):
    text = replace_in(project_copy / "docs/uk/examples.md", 'webapp.py:health"', 'webapp.py:healthz"')
    line = text.splitlines().index('--8<-- "examples/webapp.py:health"') + 1
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert (f"docs/uk/examples.md:{line}: snippet section 'healthz' not found in examples/webapp.py "
            "(mark it with `# --8<-- [start:healthz]`)") in result.stderr


def test_internal_files_are_not_published(built_site):
    published = [path.relative_to(built_site).as_posix() for path in built_site.rglob("*") if path.is_file()]
    internal = [path for path in published
                if path.endswith((".py", ".yml", ".yaml", ".txt")) and path != "robots.txt" or "hooks/" in path]
    assert internal == []


@pytest.mark.toolkit
def test_the_readme_serve_command_serves_every_language_and_picks_up_an_edited_string(project_copy):
    """`bash scripts/serve.sh` (the README's first command) serves the live-reloading site; interface strings are
    read on every build, so a translator's edit shows on the next reload. The project served is a copy (serve.sh
    passes `-f` on to mkdocs serve), so that the edit leaves the real strings alone."""
    from processes_kb.process_group import ProcessGroup, answers_http, free_port, wait_until

    port = free_port()
    base = f"http://127.0.0.1:{port}/"

    def page(url: str) -> str:
        try:
            with urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:  # rebuilding
            return ""

    with ProcessGroup() as group:
        group.start(["bash", str(ROOT / "scripts/serve.sh"), "-f", str(project_copy / "mkdocs.yml")],
                    env={"ADDR": f"127.0.0.1:{port}"})
        wait_until(lambda: answers_http(base + "uk/processes/"), 90, "mkdocs serve")
        for lang in LANGS:
            html = page(base + page_url(lang, "processes.md"))
            assert f'<html lang="{SITE.tag(lang)}"' in html and 'id="sticky-sessions"' in html
            assert "livereload" in html
        assert 'title="Посилання на цю частину сторінки"' in page(base + "uk/processes/")
        replace_in(project_copy / "data/ui-strings.yml", "uk: Посилання на цю частину сторінки",
                   "uk: Посилання саме на цей фрагмент")
        wait_until(lambda: 'title="Посилання саме на цей фрагмент"' in page(base + "uk/processes/"), 60,
                   "the edited string")


# ---------------------------------------------------------------- glossary on the built site

from processes_kb.glossary import GLOSSARY_PAGE, TERM_BASE, definition, load_glossary, usages  # noqa: E402

GLOSSARY = load_glossary(ROOT, LANGS)[0]
USAGES = {lang: usages(SITE, GLOSSARY, lang) for lang in LANGS}


def resolve(built_site: Path, lang: str, name: str, href: str) -> tuple[Path, str]:
    """The file and fragment a relative link on a built page leads to."""
    here = "/" + page_url(lang, name)
    target = urlsplit(urljoin(here, href))
    path = built_site / target.path.lstrip("/")
    return (path / "index.html" if target.path.endswith("/") else path), target.fragment


@pytest.mark.parametrize(("lang", "name"), ALL_PAGES)
def test_glossary_terms_link_once_per_section_with_the_definition_as_title(built_site, lang, name):
    article = soup(built_site, lang, name).select_one("article")
    links = article.select("a.glossary-term")
    uses = [u for uses in USAGES[lang].values() for u in uses if u.page.name == name]
    assert links or not uses or name == GLOSSARY_PAGE
    seen: set[str] = set()
    for element in article.find_all(True):
        if element.name in ("h1", "h2", "h3", "h4"):
            seen = {element.get("id")} if name == GLOSSARY_PAGE else set()
        elif "glossary-term" in (element.get("class") or []):
            file, term_id = resolve(built_site, lang, name, element["href"])
            assert file == built_site / page_url(lang, GLOSSARY_PAGE) / "index.html"
            assert element["title"] == definition(SITE, term_id, lang) != ""
            assert term_id not in seen, f"{term_id} linked twice in one section"
            seen.add(term_id)
            assert not element.find_parent(["h1", "h2", "h3", "h4", "code", "pre", "dl"])
            assert element.parent.name != "a"


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_entries_list_their_uses_linked_to_the_exact_paragraph(built_site, lang):
    page = soup(built_site, lang, GLOSSARY_PAGE)
    details = page.select("dl.glossary-details")
    assert len(details) == len(GLOSSARY.entries)
    uses = 0
    for link in (a for box in details for a in box.select("dd li > a")):
        file, fragment = resolve(built_site, lang, GLOSSARY_PAGE, link["href"])
        target = html_ids(file).get(fragment) if file.is_file() else None
        assert target is not None and target.name in ("p", "li"), f"{lang}: {link['href']}"
        uses += 1
    assert uses >= 60
    sticky = page.find(id="sticky-sessions").find_next("dl", class_="glossary-details")
    assert any("#sticky-sessions" in a["href"] for a in sticky.select("dd li > a"))


@pytest.mark.parametrize("lang", LANGS)
def test_term_base_downloads_from_every_glossary_page(built_site, lang):
    links = soup(built_site, lang, GLOSSARY_PAGE).select("#glossary-downloads a[href]")
    targets = sorted(resolve(built_site, lang, GLOSSARY_PAGE, a["href"])[0] for a in links
                     if not a.get("class"))
    assert targets == [built_site / f"{TERM_BASE}.csv", built_site / f"{TERM_BASE}.tbx"]
    assert all(target.stat().st_size > 5000 for target in targets)


# ---------------------------------------------------------------- recommendations on the built site

from processes_kb import recommendations as recs  # noqa: E402

RECS = recs.load_recommendations(ROOT)[0]
REC_PAGES = [(lang, rec_id) for lang in LANGS for rec_id in RECS]


def target_element(built_site: Path, lang: str, name: str, href: str):
    file, fragment = resolve(built_site, lang, name, href)
    assert file.is_file(), href
    return html_ids(file).get(fragment) if fragment else parse_html(file)


@pytest.mark.parametrize("lang", LANGS)
def test_every_source_passage_links_the_recommendations_it_grounds(built_site, lang):
    grounded = recs.grounded_by(RECS)
    for source, rec_ids in grounded.items():
        name, _, segment_id = source.partition("#")
        segment = soup(built_site, lang, name).find(id=segment_id)
        links = segment.select(".kb-refs a")
        assert [a.get_text() for a in links] == [recs.title(SITE, r, lang) for r in rec_ids], source
        for link, rec_id in zip(links, rec_ids):
            assert target_element(built_site, lang, name, link["href"]).find("h1")["id"] == rec_id


@pytest.mark.parametrize("lang", LANGS)
def test_examples_and_glossary_entries_link_back_to_recommendations(built_site, lang):
    examples = soup(built_site, lang, "examples.md")
    for example_id, rec_ids in recs.using(RECS, "examples").items():
        line = examples.find(id=example_id).find_next_sibling("p")
        assert "kb-refs" in line["class"] and len(line.select("a")) == len(rec_ids), example_id
    glossary = soup(built_site, lang, GLOSSARY_PAGE)
    for term_id, rec_ids in recs.using(RECS, "terms").items():
        details = glossary.find(id=term_id).find_next("dl", class_="glossary-details")
        titles = [a.get_text() for a in details.select("dd a")]
        assert all(recs.title(SITE, r, lang) in titles for r in rec_ids), term_id


@pytest.mark.parametrize(("lang", "rec_id"), REC_PAGES)
def test_recommendation_page_quotes_its_sources_and_links_terms_examples_related(built_site, lang, rec_id):
    from processes_kb.content import plain_text

    name, rec = f"recommendations/{rec_id}.md", RECS[rec_id]
    page = soup(built_site, lang, name)
    quotes = page.select(".kb-quotes blockquote")
    assert len(quotes) == len(rec.sources)
    for quote, source in zip(quotes, rec.sources):
        source_page, _, segment_id = source.partition("#")
        expected = plain_text(SITE.pages[lang][source_page].segment(segment_id).text)
        assert quote.p.get_text() == expected
        assert target_element(built_site, lang, name, quote.select_one("a")["href"]) is not None
    for heading, count in (("terms", len(rec.terms)), ("examples", len(rec.examples)), ("related", len(rec.related))):
        block = page.find(id=heading).find_next_sibling()
        assert len(block.select(":scope > li")) == count, heading
        for link in block.select("a"):
            assert target_element(built_site, lang, name, link["href"]) is not None, link["href"]
    short = page.find(id="rule").find_next_sibling("p").select_one("a")["href"]
    assert short == recs.short_link(SITE, SITE_URL, lang, rec_id)


@pytest.mark.parametrize(("lang", "rec_id"), REC_PAGES)
def test_every_short_link_redirects_to_the_recommendation_in_its_language(built_site, lang, rec_id):
    prefix = "" if lang == SITE.default_lang else f"{lang}/"
    page = parse_html(built_site / f"{prefix}r/{rec_id}/index.html")
    assert page.html["lang"] == SITE.tag(lang)
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert page.select_one('link[rel="canonical"]')["href"] == f"{SITE_URL}{prefix}recommendations/{rec_id}/"
    target = page.select_one('meta[http-equiv="refresh"]')["content"].split("url=")[1]
    landing = built_site / f"{prefix}r/{rec_id}" / target / "index.html"
    assert parse_html(landing.resolve()).find("h1")["id"] == rec_id


@pytest.mark.parametrize("lang", LANGS)
def test_index_and_checklist_list_every_recommendation_with_exports(built_site, lang):
    index = soup(built_site, lang, recs.INDEX_PAGE).select("ol.kb-links > li")
    assert len(index) == len(RECS)
    checklist = soup(built_site, lang, recs.CHECKLIST_PAGE)
    items = checklist.select(".kb-checklist input[type=checkbox]")
    assert [box["value"] for box in items] == list(RECS)
    downloads = [resolve(built_site, lang, recs.CHECKLIST_PAGE, a["href"])[0]
                 for a in checklist.select(".kb-downloads a[download]")]
    assert [path.suffix for path in downloads] == [".md", ".csv", ".json"]
    assert all(path.is_file() and path.stat().st_size > 1000 for path in downloads)
    assert json.loads(downloads[2].read_text(encoding="utf-8"))["language"] == lang


def test_edit_button_opens_the_page_file_of_its_language_only_when_the_repository_is_known(built_site, repo_site):
    assert soup(built_site, "uk", "processes.md").select('a[href*="/edit/"]') == []
    for lang in ("en", "uk"):
        page = soup(repo_site, lang, "recommendations/health-check.md")
        edit = page.select_one('a.md-content__button[href*="/edit/"]')
        assert edit["href"] == f"{REPO_URL}/edit/main/docs/{lang}/recommendations/health-check.md"


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_its_own_not_found_page(built_site, lang):
    strings = UI_STRINGS
    prefix = "" if lang == SITE.default_lang else f"{lang}/"
    page = parse_html(built_site / f"{prefix}404.html")
    assert page.html["lang"] == SITE.tag(lang)
    assert page.select_one("article h1").get_text() == strings["not_found_title"][lang]
    home = page.select_one("article a.md-button")["href"]
    assert home == f"/processes/{prefix}"  # SITE_URL's path: the 404 page may be served at any depth
    # The search is offered, with this language's index at an address that holds at any depth.
    assert page.select_one("#site-search")["data-bundle"] == f"/processes/{prefix}pagefind/"
