"""The page-not-found (404) page of each language, on a built site: kept per language where mkdocs-static-i18n writes
one over the other (`keep_not_found_page`), or made from the language's built home page where a builder wrote none
(`write_not_found_pages`, run by `kb finish-site`)."""

from __future__ import annotations

import html
import re
from pathlib import Path


from processes_kb.built_html import (BuiltSiteError, absolute_path, apply_edits, element_end, read_page, site_path,
                                     tags, url_attributes, whole_lines, with_attribute, write_page)
from processes_kb.site_build import SiteBuild

NOT_FOUND = "404.html"
NOT_FOUND_TEMPLATE = "not-found.html"  # overrides/partials/: the 404 page's text (overrides/404.html includes it)


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
    template = build.partials.get_template(NOT_FOUND_TEMPLATE)
    base = site_path(build.config.site_url)
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
