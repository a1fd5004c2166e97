"""Build hook: links between the site's copies: the sitemap with every page's language alternates, robots.txt, and
the "edit this page" button.

The alternates are in the sitemap only, not in each page's head (processes_kb/site_map.py says why); the language
menu keeps the reader on the same paragraph through assets/javascripts/language-switch.js.
"""

from __future__ import annotations

from pathlib import Path

from processes_kb.build_inputs import build_inputs
from processes_kb.site_map import write_site_map


def on_config(config):
    """The "edit this page" button opens the page's file on the main branch, only when the repository is known."""
    if config.repo_url:
        config.edit_uri = "edit/main/docs/"
    return config


def on_post_build(config):
    # mkdocs-static-i18n runs this once per language, and each language's build rewrites the root sitemap: write the
    # whole one every time, so the last build leaves it complete.
    write_site_map(build_inputs(config).site, Path(config.site_dir), config.site_url or "/")
