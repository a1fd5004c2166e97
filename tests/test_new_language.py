"""`kb new-lang`: a sixth language, in a copy of the project, checks, reports its status and builds at once."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from test_site_build import mkdocs_build


def kb(root, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=120)


def test_a_new_language_checks_reports_and_builds_at_once(project_copy, tmp_path):
    created = kb(project_copy, "new-lang", "de", "--name", "Deutsch")
    assert created.returncode == 0, created.stderr
    assert "created: docs/de/ (the en pages, to translate)" in created.stdout
    check = kb(project_copy, "check")
    assert check.returncode == 0, check.stdout
    assert "Translation of 'de': " in check.stderr
    status = kb(project_copy, "status", "de")
    assert "docs/de/processes.md:" in status.stdout and "untranslated: 'stateless-share-nothing'" in status.stdout
    assert status.stdout.rstrip().splitlines()[-1].startswith("de: 0 of ")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "out/de/processes/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "de"
    paragraph = page.find(id="stateless-share-nothing")
    assert paragraph["lang"] == "en" and paragraph.select_one(".kb-notice a")["href"].endswith(
        "processes/#stateless-share-nothing")


@pytest.mark.parametrize(("args", "message"), [
    (("new-lang", "uk", "--name", "Українська"), "mkdocs.yml:1: language 'uk' is already configured\n"),
    (("new-lang", "German", "--name", "Deutsch"),
     "mkdocs.yml:1: 'German' is not a language code: use ISO 639-1, such as de or pt_BR\n"),
])
def test_new_lang_rejects_bad_input_and_changes_nothing(project_copy, args, message):
    before = (project_copy / "mkdocs.yml").read_text(encoding="utf-8")
    result = kb(project_copy, *args)
    assert (result.returncode, result.stderr) == (2, message)
    assert (project_copy / "mkdocs.yml").read_text(encoding="utf-8") == before
