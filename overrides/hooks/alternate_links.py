"""Build hook: gives templates an `absolute_url` filter, for the hreflang alternates search engines need.

mkdocs-static-i18n hands Material site-relative alternate links (`uk/processes/`); `overrides/main.html`
turns them into absolute URLs with this filter and adds `x-default`.
"""

from __future__ import annotations

from urllib.parse import urljoin


def on_env(env, config, files):
    site_url = config.site_url or "/"
    if not site_url.endswith("/"):
        site_url += "/"
    env.filters["absolute_url"] = lambda link: urljoin(site_url, link or "")
    return env
