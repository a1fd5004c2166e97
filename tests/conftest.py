"""Shared test helpers: the project root, small fixture projects, a copy of the real project."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FIXTURE_MKDOCS_YML = """\
site_name: Fixture
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - locale: en
          name: English
          default: true
        - locale: uk
          name: Українська
# The site's block syntax (kb check renders every page with these, as the build does)
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: ["."]
"""


@pytest.fixture
def make_project(tmp_path):
    """Write a small project: `files` maps paths (relative to the project) to their text."""

    def make(files: dict[str, str | bytes], mkdocs_yml: str = FIXTURE_MKDOCS_YML) -> Path:
        (tmp_path / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
        for relative, content in files.items():
            path = tmp_path / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return tmp_path

    return make


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the real project to break on purpose."""
    for item in ("mkdocs.yml", "docs", "overrides", "scripts", "examples", "data", "processes_kb"):
        source = ROOT / item
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / item)
    return tmp_path


def replace_in(path: Path, old: str, new: str) -> str:
    """Replace text in a file (it must be there); returns the original text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def pytest_sessionstart(session):
    """The real docs first: a translator's mistake is one clear failure naming file and line, not hundreds of
    failing tests built on broken docs."""
    from processes_kb.checks import run_checks
    from processes_kb.content import ContentError

    try:
        problems = run_checks(ROOT).problems
    except ContentError as error:
        problems = [error]
    if problems:
        listing = "\n".join(str(problem) for problem in problems)
        pytest.exit(f"the docs have {len(problems)} problem(s); fix them first (`bash scripts/kb.sh check` lists the "
                    f"same):\n{listing}", returncode=1)
