"""The files a build writes beside the pages, as functions on a built site folder: short links, a 404 page per
language, the search index per language, the sitemap and robots.txt, the term base and the recommendations' exports.

The MkDocs adapter calls `finish_language` after each language's build; `kb finish-site SITE_DIR` calls `finish_site`
on a site built by any builder (so a builder that runs no MkDocs plugins, such as Zensical today, still gets them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from processes_kb import recommendations as recs
from processes_kb.search_index import SearchIndexReport, build_search_index
from processes_kb.site_build import SiteBuild
from processes_kb.site_map import write_site_map

SHORT_LINK_TEMPLATE = "short-link.html"  # overrides/partials/: a theme may override it
NOT_FOUND = "404.html"


@dataclass
class LanguageFiles:
    lang: str
    short_links: int
    search: SearchIndexReport


def _templates(build: SiteBuild) -> jinja2.Environment:
    folder = (build.config.theme_dir or build.config.root / "overrides") / "partials"
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True)


def write_short_links(build: SiteBuild, site_dir: Path, lang: str) -> int:
    """/r/<id>/ (and /<lang>/r/<id>/): pages that send the reader to the recommendation, keeping a #fragment."""
    site, label = build.site, build.inputs.labels(lang)
    template = _templates(build).get_template(SHORT_LINK_TEMPLATE)
    for rec_id in build.inputs.recommendations:
        folder = site_dir / recs.short_path(site, lang, rec_id)
        folder.mkdir(parents=True, exist_ok=True)
        page = f"{recs.FOLDER}/{rec_id}.md"
        title = recs.title(site, rec_id, lang)
        (folder / "index.html").write_text(template.render(
            lang=site.tag(lang), title=title, relative_target=f"../../{recs.FOLDER}/{rec_id}/",
            canonical=recs.page_url(site, build.config.site_url, lang, page),
            heading=label["redirect_title"], text=label["redirect_text"].format(title=title)), encoding="utf-8")
    return len(build.inputs.recommendations)


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


def write_generated_files(build: SiteBuild, site_dir: Path, lang: str) -> None:
    """The term base and the recommendations' exports (a builder adapter may publish them as its own files)."""
    for published, content in build.generated_files(lang).values():
        target = site_dir / published
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def finish_language(build: SiteBuild, site_dir: Path, lang: str) -> LanguageFiles:
    """What follows one language's pages: its short links, its search index, and the sitemap of every language."""
    links = write_short_links(build, site_dir, lang)
    search = build_search_index(build.site, site_dir, lang)
    # Each language's build may rewrite the root sitemap: write the whole one every time.
    write_site_map(build.site, site_dir, build.config.site_url)
    return LanguageFiles(lang, links, search)


def finish_site(build: SiteBuild, site_dir: Path) -> list[LanguageFiles]:
    """Every language's files on a site whose pages are built (`kb finish-site`)."""
    done = []
    for lang in build.site.languages:
        write_generated_files(build, site_dir, lang)
        done.append(finish_language(build, site_dir, lang))
    return done
