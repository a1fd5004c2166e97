"""The files a build writes beside the pages, as functions on a built site folder: short links, a 404 page per
language, the search index per language, the sitemap and robots.txt, the term base and the recommendations' exports,
and the whole knowledge base on one page per language (processes_kb/whole_base.py).

The MkDocs adapter calls `finish_language` after each language's build; `kb finish-site SITE_DIR` calls `finish_site`
on a site built by any builder (so a builder that runs no MkDocs plugins, such as Zensical today, still gets them).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

from processes_kb import recommendations as recs
from processes_kb.built_html import (BuiltSiteError, absolute_path, apply_edits, element_end, read_page, site_path,
                                     tags, url_attributes, whole_lines, with_attribute, write_page)
from processes_kb.fingerprint import fingerprint_site
from processes_kb.search_index import SearchIndexReport, build_search_index
from processes_kb.site_build import SiteBuild
from processes_kb.site_map import write_site_map
from processes_kb.whole_base import WholeBaseReport, write_whole_base

SHORT_LINK_TEMPLATE = "short-link.html"  # overrides/partials/: a theme may override it
NOT_FOUND = "404.html"
NOT_FOUND_TEMPLATE = "not-found.html"  # overrides/partials/: the 404 page's text (overrides/404.html includes it)
LANGUAGE_OFFER = "assets/language-offer.json"  # partials/alternate.html points language-switch.js to it


@dataclass
class LanguageFiles:
    lang: str
    short_links: int
    search: SearchIndexReport
    whole_base: WholeBaseReport | None = None  # <lang>/all.html, the whole knowledge base on one page


def _templates(build: SiteBuild) -> jinja2.Environment:
    folder = (build.config.theme_dir or build.config.root / "overrides") / "partials"
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True)


def write_short_links(build: SiteBuild, site_dir: Path, lang: str) -> int:
    """/r/<id>/ (and /<lang>/r/<id>/): pages that send the reader to the recommendation, keeping a #fragment. The
    default language's short links, the ones a team shares, offer the recommendation in every language whose page is
    built in `site_dir` (partials/short-link.html picks the reader's)."""
    site, label = build.site, build.inputs.labels(lang)
    template = _templates(build).get_template(SHORT_LINK_TEMPLATE)
    for rec_id in build.inputs.recommendations:
        short = recs.short_path(site, lang, rec_id)
        up = "../" * short.count("/")
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


def keep_not_found_page(build: SiteBuild, site_dir: Path, lang: str, kept: dict[str, bytes]) -> None:
    """Every language's build writes the same /404.html: keep each under its language's folder and put the default
    language's back at the root. `kept` carries the default language's page between the builds of one site."""
    page = site_dir / NOT_FOUND
    if not page.is_file():
        return
    if lang == build.site.default_lang:
        kept[str(site_dir)] = page.read_bytes()
        return
    (site_dir / build.site.url_prefix(lang)).mkdir(exist_ok=True)
    (site_dir / build.site.url_prefix(lang) / NOT_FOUND).write_bytes(page.read_bytes())
    if str(site_dir) in kept:
        page.write_bytes(kept[str(site_dir)])


# What a language's home page holds about itself, not about a page-not-found: left out of the 404 page made from it.
# Material for MkDocs' markup (what Zensical writes too); a home page without these elements is used as it is.
def _about_the_home_page(tag) -> bool:
    rel = set(tag.attrs.get("rel", "").lower().split())
    return ((tag.name == "link" and bool(rel & {"canonical", "prev", "next"}))
            or (tag.name == "script" and tag.attrs.get("type") == "application/ld+json")  # the page's schema.org data
            or (tag.name == "a" and "md-skip" in tag.classes())                 # "skip to content": the first heading
            or (tag.name == "nav" and bool(tag.classes() & {"md-nav--secondary", "md-footer__inner"}))  # contents, next
            or (tag.name in ("input", "label") and "__toc" in (tag.attrs.get("id"), tag.attrs.get("for"))))


_ACTIVE = re.compile(r"\s*\bmd-nav__(?:item|link)--active\b")  # the home page's entry, marked as the page shown
_SCRIPT_URLS = (re.compile(r"""(new URL\((["']))([^"'\\]*)(\2\s*,\s*location\))"""),  # Material's storage scope
                re.compile(r"""("(?:base|search)"\s*:\s*("))([^"\\]*)(")"""))      # Material's __config


def not_found_page(home: str, home_path: str, base: str, article: str, title: str, description: str = "") -> str:
    """A 404 page made from a language's built home page (`home`, published at `home_path`: `uk/index.html`): its
    head, header and menus, with `article` in place of the home page's <article> content, `title` as its <title>,
    `description` as its meta description, and every relative URL made an absolute path under `base`
    (`/processes/`), so that the page works at whatever address a host serves it for. Raises ValueError when the
    page has no <article>."""
    found = tags(home)
    edits: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    def replace(start: int, end: int, text: str) -> None:
        if free(start, end):
            edits.append((start, end, text))
            taken.append((start, end))

    articles = [i for i, tag in enumerate(found) if tag.name == "article" and not tag.closing]
    if not articles:
        raise ValueError("no <article> to put the page-not-found text in")
    opening = found[articles[0]]
    closing = element_end(found, articles[0])
    replace(opening.end, home.rfind("</", 0, closing), f"\n{article}\n")
    for index, tag in enumerate(found):
        if tag.closing:
            continue
        if _about_the_home_page(tag):
            replace(*whole_lines(home, tag.start, element_end(found, index)), "")
        elif tag.name == "title":
            replace(tag.end, home.find("<", tag.end), html.escape(title))
        elif tag.name == "meta" and tag.attrs.get("name") == "description" and description:  # the site's
            replace(tag.start, tag.end, with_attribute(home[tag.start:tag.end], "content", description))
        elif tag.name == "div" and tag.attrs.get("data-md-component") == "header-topic":
            inner = found[index + 1]  # the topic shown on scrolling: the page's title, none for a 404
            if inner.name == "span" and not inner.closing:
                replace(inner.end, home.rfind("</", 0, element_end(found, index + 1)), "")
        elif tag.name == "script" and "src" not in tag.attrs:
            content_end = home.rfind("</", tag.end, element_end(found, index))
            content = home[tag.end:content_end]
            for pattern in _SCRIPT_URLS:
                content = pattern.sub(lambda m: m[1] + absolute_path(m[3], home_path, base) + m[4], content)
            if content != home[tag.end:content_end]:
                replace(tag.end, content_end, content)
    for tag in found:  # URLs of the tags kept
        if tag.closing or not free(tag.start, tag.end):
            continue
        raw = home[tag.start:tag.end]
        new = raw
        for name in url_attributes(tag):
            if absolute_path(tag.attrs[name], home_path, base) != tag.attrs[name]:
                new = with_attribute(new, name, absolute_path(tag.attrs[name], home_path, base))
        if "class" in tag.attrs and _ACTIVE.search(tag.attrs["class"]):
            new = with_attribute(new, "class", _ACTIVE.sub("", tag.attrs["class"]))
        if new != raw:
            replace(tag.start, tag.end, new)
    return apply_edits(home, edits)


def write_not_found_pages(build: SiteBuild, site_dir: Path) -> list[str]:
    """A 404 page for each language whose builder made none (`<lang>/404.html`; the default language's at the
    root): its home page as the shell, partials/not-found.html as the text. A builder's own 404 page is kept.
    Returns the languages written for; raises BuiltSiteError for a home page that cannot be read or used."""
    site, written = build.site, []
    base = site_path(build.config.site_url)
    template = _templates(build).get_template(NOT_FOUND_TEMPLATE)
    for lang in site.languages:
        target = site_dir / site.url_prefix(lang) / NOT_FOUND
        if target.exists():
            continue
        home_path = site.page_path(lang, "index.md") + "index.html"
        home = site_dir / home_path
        if not home.is_file():
            raise BuiltSiteError(home, "built page missing (a 404 page is made from it)", unreadable=True)
        language, default = build.config.language(lang), build.config.languages[0]
        title = (language.site_name if language else "") or default.site_name
        description = (language.site_description if language else "") or default.site_description
        article = template.render(config={"extra": {"ui_strings": build.inputs.labels(lang)}},
                                  home=base + site.page_path(lang, "index.md"))
        try:
            page = not_found_page(read_page(home), home_path, base, article, title, description)
        except ValueError as error:
            raise BuiltSiteError(home, str(error)) from None
        write_page(target, page)
        written.append(lang)
    return written


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
