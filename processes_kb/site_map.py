"""What search engines read: one sitemap of every page in every language, each with its alternates, and robots.txt.

The language alternates (hreflang) are given here, in the sitemap, and not as `<link rel="alternate">` in each
page's head: Material's script fetches a `sitemap.xml` next to every such link, which from a preview or a local copy
means requests to the production host. Search engines accept either place.
Written here rather than left to MkDocs and mkdocs-static-i18n: theirs has no x-default, and each language's
build leaves a partial copy in its folder. Alternates name each language by the tag its pages declare (`pt-BR` for
the pages under /pt/).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urljoin
from xml.sax.saxutils import quoteattr

from processes_kb.content import Site

SITEMAP = "sitemap.xml"


def absolute(site_url: str, path: str) -> str:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def sitemap_xml(site: Site, site_url: str) -> str:
    """Every aligned page in every language, with the page's other languages (by language tag) and x-default (the
    default language)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for name in sorted(site.originals):
        languages = [lang for lang in site.languages if name in site.pages[lang]]
        alternates = [(site.tag(lang), absolute(site_url, site.page_path(lang, name))) for lang in languages]
        alternates.append(("x-default", absolute(site_url, site.page_path(site.default_lang, name))))
        for lang in languages:
            lines.append("  <url>")
            lines.append(f"    <loc>{absolute(site_url, site.page_path(lang, name))}</loc>")
            lines += [f'    <xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(url)}/>' for code, url in alternates]
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site_url, SITEMAP)}\n"


def write_site_map(site: Site, site_dir: Path, site_url: str) -> None:
    """The sitemap (and its gzip copy) and robots.txt at the site root; the partial per-language sitemaps that each
    language's build leaves in its folder are removed, so only the complete one is served."""
    xml = sitemap_xml(site, site_url)
    (site_dir / SITEMAP).write_text(xml, encoding="utf-8")
    (site_dir / f"{SITEMAP}.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
    (site_dir / "robots.txt").write_text(robots_txt(site_url), encoding="utf-8")
    for lang in site.languages:
        if lang != site.default_lang:
            for name in (SITEMAP, f"{SITEMAP}.gz"):
                (site_dir / site.url_prefix(lang) / name).unlink(missing_ok=True)
