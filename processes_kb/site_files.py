"""The files a build writes beside the pages, as functions on a built site folder: short links, a 404 page per
language, the search index per language, the sitemap and robots.txt, the term base and the recommendations' exports,
and the whole knowledge base on one page per language (processes_kb/whole_base.py).

The MkDocs adapter calls `finish_language` after each language's build; `kb finish-site SITE_DIR` calls `finish_site`
on a site built by any builder (so a builder that runs no MkDocs plugins, such as Zensical today, still gets them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


from processes_kb import recommendations as recs
from processes_kb.fingerprint import fingerprint_site
from processes_kb.not_found import write_not_found_pages
from processes_kb.search_index import SearchIndexReport, build_search_index
from processes_kb.site_build import SiteBuild
from processes_kb.site_map import write_site_map
from processes_kb.whole_base import WholeBaseReport, write_whole_base

SHORT_LINK_TEMPLATE = "short-link.html"  # overrides/partials/: a theme may override it
LANGUAGE_OFFER = "assets/language-offer.json"  # partials/alternate.html points language-switch.js to it


@dataclass
class LanguageFiles:
    lang: str
    short_links: int
    search: SearchIndexReport
    whole_base: WholeBaseReport | None = None  # <lang>/all.html, the whole knowledge base on one page


def write_short_links(build: SiteBuild, site_dir: Path, lang: str) -> int:
    """/r/<id>/ (and /<lang>/r/<id>/): pages that send the reader to the recommendation, keeping a #fragment. The
    default language's short links, the ones a team shares, offer the recommendation in every language whose page is
    built in `site_dir` (partials/short-link.html picks the reader's)."""
    site, label = build.site, build.inputs.labels(lang)
    template = build.partials.get_template(SHORT_LINK_TEMPLATE)
    for rec_id in build.inputs.recommendations:
        short = recs.short_path(site, lang, rec_id)
        up = site.to_root(short)
        folder = site_dir / short
        folder.mkdir(parents=True, exist_ok=True)
        page = f"{recs.FOLDER}/{rec_id}.md"
        title = recs.title(site, rec_id, lang)
        choices = [{"code": code, "tag": site.tag(code), "href": up + site.page_path(code, page)}
                   for code in site.languages
                   if (site_dir / site.page_path(code, page) / "index.html").is_file()] \
            if lang == site.default_lang else []
        (folder / "index.html").write_text(template.render(
            lang=site.tag(lang), title=title, relative_target=up + site.page_path(lang, page), choices=choices,
            canonical=recs.page_url(site, build.config.site_url, lang, page),
            heading=label["redirect_title"], text=label["redirect_text"].format(title=title)), encoding="utf-8")
    return len(build.inputs.recommendations)


def write_language_offer(build: SiteBuild, site_dir: Path) -> None:
    """LANGUAGE_OFFER: the words of the notice that offers a page in the reader's language, in each language (the
    notice speaks the language it offers, so a page needs them all; language-switch.js reads this file only when
    it has a language to offer)."""
    words = {lang: {"tag": build.site.tag(lang), **{key: text for key, text in build.inputs.labels(lang).items()
                                                     if key.startswith("lang_notice_")}}
             for lang in build.site.languages}
    target = site_dir / LANGUAGE_OFFER
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(words, ensure_ascii=False, indent=1), encoding="utf-8")


def write_generated_files(build: SiteBuild, site_dir: Path, lang: str) -> None:
    """The term base, the recommendations' exports and the examples archive (a builder adapter may publish them as
    its own files)."""
    for published, content in build.generated_files(lang).values():
        target = site_dir / published
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):  # the examples archive (processes_kb.examples_archive)
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def finish_language(build: SiteBuild, site_dir: Path, lang: str) -> LanguageFiles:
    """What follows one language's pages: its short links, its search index, and the sitemap of every language."""
    links = write_short_links(build, site_dir, lang)
    if lang != build.site.default_lang:  # the shared short links offer each language once its pages are built
        write_short_links(build, site_dir, build.site.default_lang)
    if lang == build.site.default_lang:  # the words of every language: once per site (the first language built)
        write_language_offer(build, site_dir)
    whole_base = write_whole_base(build, site_dir, lang)  # before the search index: it adds a link to the home page
    search = build_search_index(build.site, site_dir, lang)
    # Each language's build may rewrite the root sitemap: write the whole one every time.
    write_site_map(build.site, site_dir, build.config.site_url)
    return LanguageFiles(lang, links, search, whole_base)


def finish_site(build: SiteBuild, site_dir: Path, say: Callable[[str], None] = lambda line: None) \
        -> list[LanguageFiles]:
    """Every language's files on a site whose pages are built (`kb finish-site`); `say` is told what was done."""
    config = build.config
    fingerprints = fingerprint_site(site_dir, list(config.extra_css), list(config.extra_javascript), config.site_url)
    say(f"fingerprinted {fingerprints.pages} page(s), {len(fingerprints.written)} hashed file(s) written")
    for lang in write_not_found_pages(build, site_dir):
        say(f"404 page written for {lang}")
    done = []
    for lang in build.site.languages:
        write_generated_files(build, site_dir, lang)
        done.append(finish_language(build, site_dir, lang))
    return done
