"""Build hook: a 404 page per language (/404.html, /uk/404.html …), in the reader's language with its menus.

mkdocs-static-i18n builds the site once per language and every build writes the same /404.html, so the last
language's page would win for everyone. After each language's build its page is kept under its own folder, and the
default language's page is put back at the root. How static hosts serve them: README, "Serving the site".
"""

from __future__ import annotations

from pathlib import Path

_root_page: dict[str, bytes] = {}  # the default language's 404, per site folder


def on_post_build(config) -> None:
    i18n = config.plugins["i18n"]
    lang, default = i18n.current_language, i18n.default_language
    site = Path(config.site_dir)
    page = site / "404.html"
    if not page.is_file():
        return
    if lang == default:
        _root_page[str(site)] = page.read_bytes()
        return
    (site / lang).mkdir(exist_ok=True)
    (site / lang / "404.html").write_bytes(page.read_bytes())
    if str(site) in _root_page:
        page.write_bytes(_root_page[str(site)])
