"""Build hook: links between the site's copies: hreflang alternates, and the "edit this page" button.

- Templates get an `absolute_url` filter: mkdocs-static-i18n hands Material site-relative alternate links
  (`uk/processes/`); `overrides/main.html` makes them absolute and adds `x-default`.
- Material's JavaScript fetches `sitemap.xml` next to every `<link rel="alternate">` URL, expecting language roots.
  With per-page alternates that is `/uk/processes/sitemap.xml`, a 404 on every page view; so the site's sitemap
  (which already lists every page's alternates) is also written where the script looks for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urljoin


def on_config(config):
    """The "edit this page" button opens the page's file on the main branch, only when the repository is known."""
    if config.repo_url:
        config.edit_uri = "edit/main/docs/"
    return config


def on_env(env, config, files):
    site_url = config.site_url or "/"
    if not site_url.endswith("/"):
        site_url += "/"
    env.filters["absolute_url"] = lambda link: urljoin(site_url, link or "")
    return env


def on_post_build(config):
    # The i18n plugin runs this once per language, after the root sitemap.xml exists.
    site = Path(config.site_dir)
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    for page_dir in {index.parent for index in site.rglob("index.html")}:
        if page_dir != site and not (page_dir / "sitemap.xml").exists():
            shutil.copyfile(sitemap, page_dir / "sitemap.xml")
