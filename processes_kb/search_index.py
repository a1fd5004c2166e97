"""The site search: one Pagefind bundle per language, made from that language's built pages only.

Each language's pages load the bundle under their own root (`/pagefind/`, `/uk/pagefind/` …), so a search finds
pages in the reader's language and nothing else. Only the article is indexed (not the navigation), and only the
aligned pages of the content model (not the 404 page, nor the short-link redirect pages). Pagefind stems words per
language; it has no Ukrainian stemmer, and the Russian one recovers most Ukrainian inflection (measured on the
query set in tests/data/search-queries.yml).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from processes_kb.content import Site
from processes_kb.markdown_extension.blocks import SEARCH_TERMS
from processes_kb.markdown_extension.model import GENERATED

BUNDLE = "pagefind"
ROOT_SELECTOR = "article.md-content__inner"
# Not prose a reader searches for: ¶ links, generated cross-reference lists (they repeat other pages' words),
# the parallel view's form, no-script notes, the labels inside diagrams (their captions are indexed), the glossary's
# "Used in" excerpts (other pages' words: the glossary would rank for every query).
# The concepts' names in every language (a hidden generated block) are indexed: they are what search is for.
EXCLUDED_SELECTORS = [".headerlink", f".{GENERATED}:not(.{SEARCH_TERMS})", "form", "select", "noscript", ".md-source-file", "svg",
                      ".glossary-used-in"]
STEMMER_FOR = {"uk": "ru"}
# Pagefind also writes UIs the site does not load; leaving them out keeps each language's bundle small.
UNUSED_FILES = ["pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-modular-ui.js",
                "pagefind-modular-ui.css", "pagefind-highlight.js"]


class SearchIndexError(Exception):
    pass


@dataclass
class SearchIndexReport:
    lang: str
    pages: int
    distinct_words: int
    bundle: Path


def bundle_dir(site: Site, site_dir: Path, lang: str) -> Path:
    return site_dir / site.url_prefix(lang) / BUNDLE


def build_search_index(site: Site, site_dir: Path, lang: str) -> SearchIndexReport:
    """Index the built pages of one language (call after that language's pages are written)."""
    output = bundle_dir(site, site_dir, lang)
    with tempfile.TemporaryDirectory(prefix=f"search-{lang}-") as staging:
        # Pagefind indexes a folder: give it this language's pages only, at their paths from the language's root
        # (the search UI puts result links under the folder that holds the bundle).
        prefix = site.url_prefix(lang)
        for name in site.pages[lang]:
            built = site_dir / (site.page_path(lang, name) + "index.html")
            if not built.is_file():
                raise SearchIndexError(f"{built}: built page missing, cannot index docs/{lang}/{name}")
            staged = Path(staging) / built.relative_to(site_dir / prefix)
            staged.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built, staged)
        command = [str(_pagefind_binary()), "--site", staging, "--output-path", str(output),
                   "--root-selector", ROOT_SELECTOR, "--exclude-selectors", ", ".join(EXCLUDED_SELECTORS)]
        if lang in STEMMER_FOR:
            command += ["--force-language", STEMMER_FOR[lang]]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed for {lang} (exit {result.returncode}): {result.stdout}{result.stderr}")
    for name in UNUSED_FILES:
        (output / name).unlink(missing_ok=True)
    words = re.search(r"Indexed (\d+) words", result.stdout)
    return SearchIndexReport(lang, len(site.pages[lang]), int(words.group(1)) if words else 0, output)


def _pagefind_binary() -> Path:
    # The binary ships inside the `pagefind[bin]` wheel: nothing is downloaded.
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise SearchIndexError("the pagefind binary is missing: run `bash scripts/setup_env.sh` "
                               "(it installs pagefind[bin] from requirements.txt)")
    return binary
