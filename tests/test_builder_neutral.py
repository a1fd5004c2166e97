"""The core does not depend on MkDocs: a later builder (Zensical runs no MkDocs hooks or plugins today) needs only a
new adapter. Measured facts behind these rules: ../shared/FACTS.md, "The builder after Material"."""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITE_URL
from processes_kb.build_inputs import load_inputs
from processes_kb.fingerprint import fingerprint_page, fingerprint_site, plan
from processes_kb.project import ProjectConfig
from processes_kb.site_build import SiteBuild
from processes_kb.not_found import write_not_found_pages
from processes_kb.ui_strings import read_ui_strings

pytestmark = pytest.mark.toolkit

ADAPTER = "processes_kb/mkdocs_plugin.py"


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_the_adapter_imports_mkdocs():
    importing = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "processes_kb").rglob("*.py")
                       if any(m == "mkdocs" or m.startswith("mkdocs.") for m in imported_modules(path)))
    assert importing == [ADAPTER]


def test_the_theme_folder_holds_templates_and_assets_only():
    """A builder that publishes `custom_dir` (Zensical does) must not publish code."""
    custom_dir = ProjectConfig.read(ROOT).theme_dir
    code = [path.relative_to(ROOT).as_posix() for path in custom_dir.rglob("*") if path.suffix in (".py", ".pyc")]
    assert custom_dir.is_dir() and code == []


def test_mkdocs_yml_has_no_tags_another_builder_rejects():
    """`!relative` is MkDocs-only (Zensical rejects it); `!ENV` is understood by both."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    tags = {word for line in text.splitlines() if not line.lstrip().startswith("#")
            for word in line.split() if word.startswith("!")}
    assert tags <= {"!ENV"}


def test_finish_site_writes_the_files_beside_the_pages_of_a_built_site(preview_site, tmp_path):
    """`kb finish-site` on a built site: what a builder without our plugin still gets (short links, search, sitemap)."""
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    shutil.copytree(preview_site, site)  # the session's build of the real site, for mkdocs.yml's own address
    for generated in ("r", "uk/r", "pagefind", "uk/pagefind", "sitemap.xml", "robots.txt", "uk/404.html"):
        path = site / generated
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    config = ProjectConfig.read(ROOT)  # one page as a builder without our plugin writes it, with the sources beside
    found = plan(config.docs_dir, list(config.extra_css), list(config.extra_javascript))
    for source in found.replaced:
        shutil.copyfile(config.docs_dir / source, site / source)
    page = site / "uk/processes/index.html"
    page.write_text(unfingerprinted(page.read_text(encoding="utf-8"), found), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(ROOT), "finish-site", str(site)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("fingerprinted 1 page(s), 0 hashed file(s) written\n404 page written for uk\n")
    assert page.read_bytes() == (preview_site / "uk/processes/index.html").read_bytes()
    assert '<html lang="uk"' in (site / "uk/404.html").read_text(encoding="utf-8")
    assert "uk: 14 short link(s), search index of 23 page(s)" in result.stdout
    assert (site / "r/no-sticky-sessions/index.html").is_file()
    assert '<html lang="uk"' in (site / "uk/r/no-sticky-sessions/index.html").read_text(encoding="utf-8")
    assert (site / "uk/pagefind/pagefind.js").is_file()
    assert "/uk/processes/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_finish_site_without_a_built_site_is_bad_input(tmp_path):
    result = subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(ROOT), "finish-site",
                             str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path / 'nowhere'}: no such folder (build the site first)\n"


# ---------------------------------------------------------------- fingerprints and 404 pages on a built site

# Pages at depth 0, 1 and 2 (relative references) and a 404 page (absolute-path references, under SITE_URL's path).
FINGERPRINTED_PAGES = ["index.html", "uk/index.html", "uk/processes/index.html", "uk/404.html"]


def unfingerprinted(text: str, found) -> str:
    """A built page as a builder without our plugin writes it: every listed stylesheet linked under its own name,
    every script under its source name."""
    for bundle in set(found.stylesheets.values()):
        members = [source for source, name in found.stylesheets.items() if name == bundle]
        link = re.compile(r'^( *)<link rel="stylesheet" href="([^"]*)%s">$' % re.escape(posixpath.basename(bundle)),
                          re.MULTILINE)
        text = link.sub(lambda m: "\n".join(f'{m[1]}<link rel="stylesheet" href="{m[2]}{posixpath.basename(s)}">'
                                            for s in members), text)
    for source, name in found.scripts.items():
        text = text.replace(f'/{posixpath.basename(name)}"', f'/{posixpath.basename(source)}"')
    return text


def test_fingerprinting_a_built_site_gives_the_adapters_names_and_pages(built_site, tmp_path):
    """`fingerprint_site` on pages that name the sources turns them into the very pages the MkDocs adapter built,
    writes the files `plan` names, and changes nothing when run again (on an already fingerprinted site)."""
    config = ProjectConfig.read(ROOT)
    found = plan(config.docs_dir, list(config.extra_css), list(config.extra_javascript))
    assert len(set(found.stylesheets.values())) == 1 and len(found.scripts) >= 5  # one bundle, each script
    site = tmp_path / "site"
    for source in found.replaced:
        (site / source).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(config.docs_dir / source, site / source)
    built = {}
    for name in FINGERPRINTED_PAGES:
        built[name] = (built_site / name).read_bytes()
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        plain = unfingerprinted(built[name].decode("utf-8"), found)
        assert plain != built[name].decode("utf-8") and "segments.css" in plain and "touch.js" in plain
        (site / name).write_bytes(plain.encode("utf-8"))
    first = fingerprint_site(site, list(config.extra_css), list(config.extra_javascript), SITE_URL)
    assert first.pages == len(FINGERPRINTED_PAGES)
    assert sorted(first.written) == sorted(found.generated)
    for published, content in found.generated.items():
        assert (site / published).read_bytes() == content == (built_site / published).read_bytes()
    for name in FINGERPRINTED_PAGES:
        assert (site / name).read_bytes() == built[name], name  # byte for byte what the adapter built
    second = fingerprint_site(site, list(config.extra_css), list(config.extra_javascript), SITE_URL)
    assert (second.pages, second.written) == (0, [])
    assert all((site / name).read_bytes() == built[name] for name in FINGERPRINTED_PAGES)


def test_a_language_without_a_404_page_gets_one_made_from_its_home_page(built_site, tmp_path):
    """The builder made no uk/404.html: one is made from the Ukrainian home page, in Ukrainian, with the links of
    the 404 page MkDocs makes (absolute paths under SITE_URL's path, so it works at any depth); the others are kept."""
    build = SiteBuild(dataclasses.replace(ProjectConfig.read(ROOT), site_url=SITE_URL), load_inputs(ROOT))
    site = tmp_path / "site"
    kept = [f"{build.site.url_prefix(lang)}404.html" for lang in build.site.languages if lang != "uk"]
    for name in ["uk/index.html", *kept]:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built_site / name, site / name)
    (site / "fr/404.html").write_text("the builder's own", encoding="utf-8")
    assert write_not_found_pages(build, site) == ["uk"]
    assert (site / "fr/404.html").read_text(encoding="utf-8") == "the builder's own"
    assert all((site / name).read_bytes() == (built_site / name).read_bytes() for name in kept if name != "fr/404.html")

    made, mkdocs = (BeautifulSoup((folder / "uk/404.html").read_text(encoding="utf-8"), "lxml")
                    for folder in (site, built_site))
    strings = read_ui_strings(ROOT, build.site.languages)[0]
    assert made.html["lang"] == "uk" and made.title.get_text() == mkdocs.title.get_text()
    article = made.select_one("article")
    assert article.h1.get_text() == strings["not_found_title"]["uk"]
    assert strings["not_found_text"]["uk"] in article.get_text()
    assert article.select_one("a.md-button")["href"] == "/processes/uk/"
    assert made.select('link[rel="canonical"], script[type="application/ld+json"], .md-nav--secondary a, .md-skip, '
                       '.md-footer__inner, .md-nav__link--active') == []

    def addresses(page):  # every address but the language menu's (MkDocs' 404 page offers an arbitrary page there)
        return [tag.get("href") or tag.get("src") for tag in page.select("[href], [src]")
                if "md-select__link" not in tag.get("class", [])
                and not (tag.get("href") or tag.get("src")).startswith(("#", "https:"))]

    links = addresses(made)
    assert len(links) > 20 and all(link.startswith("/processes/") for link in links)
    for link in links:
        path = built_site / link.removeprefix("/processes/").split("#")[0]
        assert (path / "index.html" if link.endswith("/") else path).is_file(), link
    assert links == addresses(mkdocs)  # the 404 page MkDocs makes: the same pages linked, the same files loaded
    assert not re.search(r"""=["'](\./|\.\./|pagefind/)""", str(made))  # no relative address in any attribute
    assert made.select_one("#site-search")["data-bundle"] == mkdocs.select_one("#site-search")["data-bundle"]
    made_config, mkdocs_config = (json.loads(page.select_one("#__config").string) for page in (made, mkdocs))
    assert (made_config["base"], made_config["search"]) == (mkdocs_config["base"], mkdocs_config["search"])
    assert 'new URL("/processes/",location)' in str(made.head)


def run_finish_site(site, **env):
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(ROOT), "finish-site", str(site)],
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})


def test_finish_site_with_a_page_it_cannot_read_or_use_is_bad_input(tmp_path):
    """An unreadable page stops `kb finish-site` before it writes anything (exit 2); a home page with no <article>
    for the 404 text is refused (exit 1); no traceback either way."""
    site = tmp_path / "site"
    (site / "assets/stylesheets").mkdir(parents=True)
    shutil.copyfile(ROOT / "docs/assets/stylesheets/segments.css", site / "assets/stylesheets/segments.css")
    (site / "index.html").write_bytes(b'<link rel="stylesheet" href="assets/stylesheets/segments.css">\xff')
    before = sorted(site.rglob("*"))
    result = run_finish_site(site)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"error: {site / 'index.html'}: not UTF-8 text (byte 62)\n"
    assert sorted(site.rglob("*")) == before

    (site / "index.html").write_text("<!doctype html><html lang=en><body><p>Home</p></body></html>", encoding="utf-8")
    result = run_finish_site(site)
    assert result.returncode == 1
    assert result.stderr == f"error: {site / 'index.html'}: no <article> to put the page-not-found text in\n"
    assert not (site / "404.html").exists()


def test_fingerprinting_rewrites_the_tags_a_browser_loads_and_nothing_else(tmp_path):
    """A hand-made page two folders deep: the stylesheet links and the script tag change; a link in a comment, a
    tag inside a script's text, another site's file and a file outside the site's path stay as they are."""
    for name, content in {"a.css": "a{}", "b.css": "b{}", "x.js": "x()"}.items():
        folder = tmp_path / ("assets/stylesheets" if name.endswith(".css") else "assets/javascripts")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, encoding="utf-8")
    found = plan(tmp_path, ["assets/stylesheets/a.css", "assets/stylesheets/b.css"], ["assets/javascripts/x.js"])
    bundle, script = found.stylesheets["assets/stylesheets/a.css"], found.scripts["assets/javascripts/x.js"]
    page = ('<head>\r\n<!-- <link rel="stylesheet" href="../../assets/stylesheets/a.css"> -->\r\n'
            '  <link title="a > b" rel=stylesheet href=\'../../assets/stylesheets/a.css\'>\r\n'
            '  <link rel="stylesheet" href="/docs/assets/stylesheets/b.css">\r\n'
            '  <link rel="stylesheet" href="/elsewhere/assets/stylesheets/b.css">\r\n'
            '<script>let t = \'<script src="../../assets/javascripts/x.js">\';</script>\r\n'
            '<script defer src="../../assets/javascripts/x.js"></script></head>')
    assert fingerprint_page(page, "uk/processes/index.html", found, "/docs/") == page.replace(
        "title=\"a > b\" rel=stylesheet href='../../assets/stylesheets/a.css'",
        f"title=\"a > b\" rel=stylesheet href='../../{bundle}'").replace(
        '  <link rel="stylesheet" href="/docs/assets/stylesheets/b.css">\r\n', "").replace(
        '<script defer src="../../assets/javascripts/x.js">', f'<script defer src="../../{script}">')
