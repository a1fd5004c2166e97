"""The whole knowledge base on one page per language (<lang>/all.html, processes_kb/whole_base.py): every page a
reader takes along, in reading order, with working in-page links, linked from the home page, kept out of search and
the sitemap, and printable (one Chromium test prints a language to PDF).

Print-site plugins break links here: mkdocs-print-site-plugin rewrites heading IDs but not paragraph IDs (428 of 573
in-page links broken on this site). These tests hold every in-page link of every language's page to an ID on it.
"""

from __future__ import annotations

import gzip
import posixpath
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, SITE_URL, parse_html, real_site
from processes_kb.bench import pdf_page_count
from processes_kb.recommendations import load_recommendations
from processes_kb.whole_base import WHOLE_BASE_FILE, part_anchor

pytestmark = pytest.mark.content

SITE = real_site()
LANGS = SITE.languages
LEFT_OUT = {"checklist.md", "parallel.md", "translation-status.md"}  # on screen only: ticks, a form, a live table


def whole_base_file(site_dir: Path, lang: str) -> Path:
    return site_dir / SITE.url_prefix(lang) / WHOLE_BASE_FILE


def expected_order() -> list[str]:
    """The navigation's pages less those left out, each recommendation's page after the recommendations' index in
    data/recommendations.yml's order."""
    recommendations = list(load_recommendations(ROOT)[0])
    order = []
    for name in SITE.nav:
        if name in LEFT_OUT:
            continue
        order.append(name)
        if name == "recommendations/index.md":
            order += [f"recommendations/{rec_id}.md" for rec_id in recommendations]
    return order


def test_the_reading_order_is_the_navigations_with_the_recommendations_after_their_index():
    order = expected_order()
    assert order[:3] == ["index.md", "processes.md", "recommendations/index.md"]
    assert order[-3:] == ["examples.md", "glossary.md", "sources.md"]
    assert len(order) == len(SITE.nav) - len(LEFT_OUT) + len(load_recommendations(ROOT)[0])


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_taken_along_is_joined_in_reading_order_with_all_its_segments(built_site, lang):
    page = parse_html(whole_base_file(built_site, lang))
    parts = page.select("article section.whole-base-part")
    assert [part["id"] for part in parts] == [part_anchor(name) for name in expected_order()]
    for part, name in zip(parts, expected_order()):
        prefix = f"{part_anchor(name)}--"
        found = [element["id"].removeprefix(prefix) for element in part.find_all(id=True)]
        wanted = SITE.pages[lang][name].ids
        assert [found_id for found_id in found if found_id in wanted] == wanted, name
        assert all(element_id.startswith(prefix) for element_id in (e["id"] for e in part.find_all(id=True))), name
    # The contents list every part, and the pages left out are not there.
    contents = [link["href"] for link in page.select(".whole-base-contents a")]
    assert contents == [f"#{part_anchor(name)}" for name in expected_order()]
    assert page.html["lang"] == SITE.tag(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_ids_are_unique_and_every_in_page_link_reaches_one(built_site, lang):
    path = whole_base_file(built_site, lang)
    page = parse_html(path)
    ids = Counter(element["id"] for element in page.find_all(id=True))
    assert [element_id for element_id, count in ids.items() if count > 1] == []
    in_page = [element["href"] for element in page.find_all(href=True) if element["href"].startswith("#")]
    assert len(in_page) > 1000  # every link between the pages joined is one of them
    assert [href for href in in_page if href != "#" and href[1:] not in ids] == []
    for attribute in ("aria-labelledby", "aria-describedby", "for"):
        for element in page.find_all(attrs={attribute: True}):
            assert all(one in ids for one in element[attribute].split()), (attribute, element[attribute])
    # No link in the joined pages leads to another page that is joined: they are all in-page links now.
    joined = {SITE.page_path(lang, name) for name in expected_order()}
    folder = posixpath.dirname(path.relative_to(built_site).as_posix())
    for element in page.select("article [href], article [src]"):
        value = element.get("href") or element.get("src")
        if value.startswith(("#", "http:", "https:", "mailto:")):
            continue
        target = posixpath.normpath(posixpath.join(folder or ".", value.split("#")[0]))
        target = "" if target == "." else target + "/"
        assert target not in joined, value
        file = built_site / target
        assert (file / "index.html" if file.is_dir() else built_site / target.rstrip("/")).is_file(), value


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_links_to_it_and_search_and_sitemap_leave_it_out(built_site, lang):
    home = parse_html(built_site / SITE.page_path(lang, "index.md") / "index.html")
    links = home.select("article p.whole-base-link a")
    assert [link["href"] for link in links] == [WHOLE_BASE_FILE]
    assert whole_base_file(built_site, lang).is_file()
    page = parse_html(whole_base_file(built_site, lang))
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert not page.select("article .whole-base-link")  # the home page's part does not link to its own page
    # The language menu leads to every language's copy of this page.
    menu = [link["href"] for link in page.select("a.md-select__link")]
    assert menu and all(href.endswith(f"/{WHOLE_BASE_FILE}") for href in menu)
    assert WHOLE_BASE_FILE not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    fragments = list((built_site / SITE.url_prefix(lang) / "pagefind/fragment").glob("*.pf_fragment"))
    assert len(fragments) >= len(SITE.pages[lang])
    assert not any(WHOLE_BASE_FILE.encode() in gzip.decompress(f.read_bytes()) for f in fragments)


def test_writing_it_again_on_a_built_site_changes_nothing(built_site, tmp_path, monkeypatch):
    """`kb finish-site` may run on a site the build has finished: one link on the home page, the same page."""
    from processes_kb.build_inputs import load_inputs
    from processes_kb.project import ProjectConfig
    from processes_kb.site_build import SiteBuild
    from processes_kb.whole_base import write_whole_base

    site = tmp_path / "site"
    shutil.copytree(built_site / "uk", site / "uk")
    monkeypatch.setenv("SITE_URL", SITE_URL)  # the address built_site was built for (mkdocs.yml reads it)
    build = SiteBuild(ProjectConfig.read(ROOT), load_inputs(ROOT))
    home = site / "uk/index.html"
    before = home.read_bytes(), (site / "uk" / WHOLE_BASE_FILE).read_bytes()
    report = write_whole_base(build, site, "uk")
    assert (home.read_bytes(), report.path.read_bytes()) == before
    assert report.parts == len(expected_order())


def test_it_prints_as_a_document_of_many_a4_pages_without_the_sites_navigation(site_url, page):
    page.goto(f"{site_url}uk/{WHOLE_BASE_FILE}#processes--sticky-sessions")
    assert page.evaluate("document.getElementById('processes--sticky-sessions').getBoundingClientRect().top") < 200
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer']
        .map(selector => getComputedStyle(document.querySelector(selector)).display)""")
    assert hidden == ["none"] * 4
    breaks = page.evaluate("""() => [...document.querySelectorAll('.whole-base-part')]
        .map(part => getComputedStyle(part).breakBefore)""")
    assert breaks == ["page"] * len(expected_order())
    assert page.evaluate("getComputedStyle(document.querySelector('.whole-base-part a[href^=\"http\"]'), '::after')"
                         ".content").startswith('" <http')
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf_page_count(pdf) > len(expected_order())
    assert page.console_errors == []
