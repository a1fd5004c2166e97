"""The core does not depend on MkDocs: a later builder (Zensical runs no MkDocs hooks or plugins today) needs only a
new adapter. Measured facts behind these rules: ../shared/FACTS.md, "The builder after Material"."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from processes_kb.project import ProjectConfig

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
    for generated in ("r", "uk/r", "pagefind", "uk/pagefind", "sitemap.xml", "robots.txt"):
        path = site / generated
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    result = subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(ROOT), "finish-site", str(site)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "uk: 14 short link(s), search index of 23 page(s)" in result.stdout
    assert (site / "r/no-sticky-sessions/index.html").is_file()
    assert '<html lang="uk">' in (site / "uk/r/no-sticky-sessions/index.html").read_text(encoding="utf-8")
    assert (site / "uk/pagefind/pagefind.js").is_file()
    assert "/uk/processes/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_finish_site_without_a_built_site_is_bad_input(tmp_path):
    result = subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(ROOT), "finish-site",
                             str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path / 'nowhere'}: no such folder (build the site first)\n"
