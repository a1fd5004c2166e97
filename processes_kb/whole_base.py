"""The whole knowledge base on one page per language, to take along: printed, or saved as PDF by the browser.

A step on a BUILT site, like the other files beside the pages (processes_kb/site_files.py), so it serves any builder:
it joins the articles of one language's built pages in reading order (the navigation's order from mkdocs.yml; a
section's pages outside the navigation, such as each recommendation's, after the section's index, in the order of
data/recommendations.yml), and writes them into a copy of that language's built home page (`all.html` beside it:
same folder, so every relative address of the shell stays right).

- Every ID of a page is prefixed with the page's part ID (`processes--sticky-sessions`; `--` cannot occur in a
  segment ID), so IDs stay unique and an anchor reads the same in every language's copy.
- Every link between the pages joined becomes an in-page link (`glossary/#stateless` -> `#glossary--stateless`);
  links to pages left out (checklist, parallel view, translation status: they work on screen only) and to files are
  rewritten to stay right from the new page's folder; links that leave the site are kept (print shows their address).
- The page is not for search engines (it repeats every page): `noindex`, no search index, not in the sitemap.
- Each language's built home page gets a link to it (overrides/partials/whole-base.html, `home_link`).

Markup comes from the template overrides/partials/whole-base.html; words from data/ui-strings.yml (`whole_*`).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


from processes_kb import recommendations as recs
from processes_kb.built_html import Tag, replace_elements, rewrite_attributes
from processes_kb.site_build import PARALLEL_PAGE, STATUS_PAGE, SiteBuild, navigation_order

WHOLE_BASE_FILE = "all.html"  # beside each language's home page; a page's URL always ends with "/", never ".html"
TEMPLATE = "whole-base.html"  # overrides/partials/
# Pages that work on screen only (ticks kept in the browser, a form, a live table): left out of the paper copy.
LEFT_OUT = (recs.CHECKLIST_PAGE, PARALLEL_PAGE, STATUS_PAGE)
SEPARATOR = "--"  # part ID + SEPARATOR + the page's own ID; segment IDs never hold "--" (content.ID_PATTERN)
# Attributes that name IDs of the same page: one ID, or several separated by spaces.
ID_ATTRIBUTES = ("id", "for", "headers", "list", "form", "aria-labelledby", "aria-describedby", "aria-controls",
                 "aria-owns", "aria-details", "aria-flowto", "aria-activedescendant", "aria-errormessage")
URL_ATTRIBUTES = ("href", "src", "xlink:href", "action", "poster")
HOME_LINK_START, HOME_LINK_END = "<!-- whole-base-link -->", "<!-- /whole-base-link -->"
HOME_LINK = re.compile(re.escape(HOME_LINK_START) + ".*?" + re.escape(HOME_LINK_END) + "\n?", re.S)
ARTICLE_START = re.compile(r"<article\b[^>]*>")
# Hidden per-page blocks that mean nothing on the joined page: the search terms (Pagefind reads them per page).
HIDDEN_BLOCKS = re.compile(r'<p class="kb-search-terms[^"]*"[^>]*>.*?</p>', re.S)


class WholeBaseError(Exception):
    """The built site lacks what the page is made from (a page, its article); the message names the file."""


@dataclass
class Part:
    name: str  # page name inside the language folder
    anchor: str  # the part's ID on the joined page, the prefix of its IDs
    title: str  # the page's h1, as text
    html: str = ""  # the page's article, IDs prefixed and links rewritten
    children: list["Part"] = field(default_factory=list)  # a section's pages outside the navigation


@dataclass
class WholeBaseReport:
    lang: str
    path: Path
    parts: int


# ---------------------------------------------------------------- which pages, in which order


def part_anchor(name: str) -> str:
    """`index.md` -> `index`, `recommendations/index.md` -> `recommendations`, `recommendations/health-check.md`
    -> `recommendations_health-check`."""
    stem = name.removesuffix(".md")
    stem = stem.removesuffix("/index") if stem != "index" else stem
    return stem.replace("/", "_")


def reading_order(build: SiteBuild, lang: str) -> list[tuple[str, list[str]]]:
    """(page, its section's pages outside the navigation) in the navigation's order, less the pages LEFT_OUT."""
    order: list[tuple[str, list[str]]] = []
    for name in navigation_order(build, build.site.pages.get(lang, {})):
        if name in LEFT_OUT:
            continue
        if name in build.site.nav:
            order.append((name, []))
        elif order and order[-1][0] == f"{posixpath.dirname(name)}/index.md":  # right after its section's index
            order[-1][1].append(name)
    return order


def whole_base_path(build: SiteBuild, lang: str) -> str:
    """From the site root: `all.html`, `uk/all.html`."""
    path = build.site.url_prefix(lang) + WHOLE_BASE_FILE
    for name in build.site.pages.get(lang, {}):  # a page folder named `all.html` (docs/en/all.html.md) would clash
        if build.site.page_path(lang, name).rstrip("/") == path:
            raise WholeBaseError(f"docs/{lang}/{name}: published at {path}/, where the whole knowledge base is "
                                 "written; rename the page")
    return path


# ---------------------------------------------------------------- rewriting one page's article


@dataclass
class _Linker:
    """Rewrites one page's IDs and links for the joined page."""

    page_dir: str  # the page's published folder from the site root: "uk/recommendations/health-check/"
    base_dir: str  # the joined page's folder from the site root: "uk/"
    anchor: str  # the page's part ID
    joined: dict[str, str]  # published path of every page joined ("uk/glossary/") -> its part ID

    def ids(self, value: str) -> str:
        return " ".join(f"{self.anchor}{SEPARATOR}{one}" for one in value.split())

    def url(self, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or value.startswith("/"):
            return value  # leaves the site, or already from its root
        if not parts.path:  # "#id" on the same page
            return f"#{self.anchor}{SEPARATOR}{parts.fragment}" if parts.fragment else f"#{self.anchor}"
        resolved = posixpath.normpath(posixpath.join(self.page_dir, parts.path))
        resolved = "" if resolved == "." else resolved
        is_folder = parts.path.endswith("/") or posixpath.basename(parts.path) in (".", "..")
        folder = resolved + "/" if resolved else ""
        if resolved.endswith("/index.html") or resolved == "index.html":
            folder, is_folder = resolved.removesuffix("index.html"), True
        if is_folder and folder in self.joined:
            target = self.joined[folder]
            return f"#{target}{SEPARATOR}{parts.fragment}" if parts.fragment else f"#{target}"
        relative = posixpath.relpath(resolved or ".", self.base_dir.rstrip("/") or ".")
        relative = "./" if relative == "." and is_folder else relative + ("/" if is_folder and relative != "." else "")
        query = f"?{parts.query}" if parts.query else ""
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return relative + query + fragment

    def __call__(self, tag: Tag, name: str, value: str) -> str:
        if name in ID_ATTRIBUTES or (name == "name" and tag.name == "a"):
            return self.ids(value)
        if name in URL_ATTRIBUTES:
            return self.url(value)
        return value


def article_span(text: str, path: Path) -> tuple[int, int]:
    """Where the built page's article content starts and ends (inside `<article …>`)."""
    start, end = ARTICLE_START.search(text), text.rfind("</article>")
    if start is None or end < start.end():
        raise WholeBaseError(f"{path}: no <article> in the built page (was the site built with the site's theme?)")
    return start.end(), end


def _strip_tags(fragment: str) -> str:
    without_links = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", without_links)).split())


def read_part(site_dir: Path, build: SiteBuild, lang: str, name: str, joined: dict[str, str]) -> Part:
    page_dir = build.site.page_path(lang, name)
    built = site_dir / page_dir / "index.html"
    if not built.is_file():
        raise WholeBaseError(f"{built}: built page missing, cannot join docs/{lang}/{name} into {WHOLE_BASE_FILE}")
    text = built.read_text(encoding="utf-8")
    start, end = article_span(text, built)
    article = HIDDEN_BLOCKS.sub("", HOME_LINK.sub("", text[start:end]))
    heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", article, re.S)
    anchor = part_anchor(name)
    linker = _Linker(page_dir, build.site.url_prefix(lang), anchor, joined)
    return Part(name, anchor, _strip_tags(heading.group(1)) if heading else name, rewrite_attributes(article, linker))


# ---------------------------------------------------------------- the shell: the built home page


def _toc_list(tag: Tag) -> bool:
    return tag.name == "ul" and tag.attrs.get("data-md-component") == "toc" and "md-nav__list" in tag.classes()


def _footer_nav(tag: Tag) -> bool:
    return tag.name == "nav" and "md-footer__inner" in tag.classes()


def make_page(shell: str, shell_path: Path, macros, parts: list[Part], words: dict, own_url: str) -> str:
    """The built home page with its article replaced by the joined parts and its head and navigation adapted."""
    start, end = article_span(shell, shell_path)
    head_end = shell.find("</head>")
    head, body_before, body_after = shell[:head_end], shell[head_end:start], shell[end:]
    head = re.sub(r"<title>.*?</title>", lambda _: f"<title>{html.escape(words['title'])}</title>", head, count=1,
                  flags=re.S)
    head = re.sub(r'(<meta name="description" content=")[^"]*(")',
                  lambda m: m.group(1) + html.escape(words["lead"], quote=True) + m.group(2), head, count=1)
    head = re.sub(r'(<link rel="canonical" href=")[^"]*(")',
                  lambda m: m.group(1) + html.escape(own_url, quote=True) + m.group(2), head, count=1)
    head = re.sub(r'\s*<link rel="(?:prev|next)"[^>]*>', "", head)
    head += str(macros.head()) + "\n"
    # The contents of this page in both tables of contents; no "next page" in the footer; the skip link to the title.
    toc = str(macros.toc(parts))
    body_before = replace_elements(body_before, _toc_list, lambda element: element[:element.find(">") + 1]
                                   + toc + "</ul>")
    body_before = re.sub(r'(<a href=")#[^"]*(" class="md-skip")', r"\1#whole-base\2", body_before, count=1)
    # The language menu leads to each language's copy of this page (the menu's script keeps the #anchor).
    body_before = rewrite_attributes(body_before, _language_menu)
    body_after = replace_elements(body_after, _footer_nav, lambda element: "")
    article = str(macros.article(parts, words))
    return head + body_before + "\n" + article + "\n" + body_after


def _language_menu(tag: Tag, name: str, value: str) -> str:
    """A language menu item's link (to that language's home page) -> that language's copy of this page."""
    menu_item = tag.name == "a" and name == "href" and "md-select__link" in tag.classes()
    return value + WHOLE_BASE_FILE if menu_item and value.endswith("/") else value


def words(build: SiteBuild, lang: str, own_url: str) -> dict:
    labels = build.inputs.labels(lang)
    return {"title": labels["whole_title"], "lead": labels["whole_lead"], "contents": labels["whole_contents"],
            "online": labels["whole_online"], "url": own_url}


def write_whole_base(build: SiteBuild, site_dir: Path, lang: str) -> WholeBaseReport:
    """Join one language's built pages into `<lang>/all.html` and link it from that language's built home page."""
    site = build.site
    path = whole_base_path(build, lang)
    order = reading_order(build, lang)
    joined = {site.page_path(lang, name): part_anchor(name)
              for parent, children in order for name in [parent, *children]}
    parts = []
    for parent, children in order:
        part = read_part(site_dir, build, lang, parent, joined)
        part.children = [read_part(site_dir, build, lang, child, joined) for child in children]
        parts.append(part)
    home_path = site_dir / site.page_path(lang, "index.md") / "index.html"
    if not home_path.is_file():
        raise WholeBaseError(f"{home_path}: built home page missing, the whole knowledge base is written beside it")
    macros = build.partials.get_template(TEMPLATE).module
    own_url = build.config.site_url.rstrip("/") + "/" + path
    home = HOME_LINK.sub("", home_path.read_text(encoding="utf-8"))
    page = make_page(home, home_path, macros, parts, words(build, lang, own_url), own_url)
    target = site_dir / path
    target.write_text(page, encoding="utf-8")
    # The home page links to it: at the end of its article, once (a second run replaces the link).
    labels = build.inputs.labels(lang)
    before, _, after = labels["whole_home_text"].partition("{link}")
    link = str(macros.home_link(before, labels["whole_home_link"], after, WHOLE_BASE_FILE))
    _, end = article_span(home, home_path)
    home_path.write_text(home[:end] + HOME_LINK_START + link + HOME_LINK_END + "\n" + home[end:], encoding="utf-8")
    return WholeBaseReport(lang, target, sum(1 + len(part.children) for part in parts))
