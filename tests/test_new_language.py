"""`kb new-lang`: a sixth language, in a copy of the project, checks, reports its status and builds at once; what it
leaves to translate (site name and description, style sheet) is named, and every copied segment is untranslated."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

pytestmark = pytest.mark.toolkit


def kb(root, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})


def strict_build(project, site_dir) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site_dir)], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_a_new_language_checks_reports_and_builds_at_once(project_copy, tmp_path):
    shutil.copy(ROOT / "CONTRIBUTING.md", project_copy / "CONTRIBUTING.md")
    created = kb(project_copy, "new-lang", "de", "--name", "Deutsch")
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines()[:-1] == [
        "created: docs/de/ (the en pages, to translate)",
        "modified: mkdocs.yml (de in the i18n plugin's languages, with the en site name and description to translate)",
        "modified: data/ui-strings.yml (the en strings, to translate)",
        "modified: data/diagrams.yml (the en labels, to translate)",
        "created: data/glossary-terms/de.yml (the en words, to replace)",
        "modified: CONTRIBUTING.md (a style sheet for de to write, under “Style sheets”)",
    ]
    check = kb(project_copy, "check")
    assert check.returncode == 0, check.stdout
    assert "Translation of 'de': 0 outdated and " in check.stderr
    status = kb(project_copy, "status", "de")
    assert "docs/de/processes.md:" in status.stdout and "untranslated: 'stateless-share-nothing'" in status.stdout
    # every copied segment is untranslated, the short ones (“The factor”) too: none counts as outdated
    assert "untranslated: 'the-factor'" in status.stdout and "outdated: '" not in status.stdout
    assert status.stdout.rstrip().splitlines()[-1].startswith("de: 0 of ")
    result = strict_build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "out/de/processes/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "de"
    paragraph = page.find(id="stateless-share-nothing")
    assert paragraph["lang"] == "en" and paragraph.select_one(".kb-notice a")["href"].endswith(
        "processes/#stateless-share-nothing")
    assert [page.find(id=heading)["lang"] for heading in ("processes", "the-factor")] == ["en", "en"]


MKDOCS_YML = """\
site_name: Fixture
site_description: A site to test with.
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - locale: en
          name: English
          default: true
        - locale: uk
          name: Українська
          site_name: Фікстура
          site_description: Сайт для тестів.
markdown_extensions:
  - attr_list
"""


@pytest.fixture
def small_project(make_project):
    return make_project({"docs/en/index.md": "# Home { #home }\n", "docs/uk/index.md": "# Головна { #home }\n"},
                        mkdocs_yml=MKDOCS_YML)


def test_the_site_name_and_description_are_the_english_and_named_until_translated(small_project):
    created = kb(small_project, "new-lang", "de", "--name", "Deutsch")
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines()[:2] == [
        "created: docs/de/ (the en pages, to translate)",
        "modified: mkdocs.yml (de in the i18n plugin's languages, with the en site name and description to translate)",
    ]
    assert "CONTRIBUTING" not in created.stdout  # the small project has none: nothing to add a style sheet to
    mkdocs_yml = small_project / "mkdocs.yml"
    assert mkdocs_yml.read_text(encoding="utf-8").endswith(textwrap.dedent("""\
                - locale: de
                  name: Deutsch
                  build: true
                  # the English site name and description, to translate (`kb check` names them until then)
                  site_name: Fixture
                  site_description: >-
                    A site to test with.
        markdown_extensions:
          - attr_list
        """))
    lines = mkdocs_yml.read_text(encoding="utf-8").splitlines()
    name_line = max(n for n, line in enumerate(lines, start=1) if line.strip() == "site_name: Fixture")
    description_line = max(n for n, line in enumerate(lines, start=1) if line.strip() == "site_description: >-")
    notes = [f"mkdocs.yml:{name_line}: site_name of 'de' is still the English text: translate it (it heads every page)",
             f"mkdocs.yml:{description_line}: site_description of 'de' is still the English text: translate it "
             "(search engines show it under the site's name)"]
    check = kb(small_project, "check", "--lang", "de")
    assert check.returncode == 0, check.stdout + check.stderr  # notes, like untranslated segments: nothing fails
    assert check.stdout.splitlines()[1:] == notes
    github = kb(small_project, "check", "--format", "github")
    assert github.returncode == 0
    assert f"::notice file=mkdocs.yml,line={name_line},title=site-text-untranslated::site_name of 'de' is still " \
           "the English text: translate it (it heads every page)" in github.stdout.splitlines()
    assert kb(small_project, "check", "--lang", "uk").stdout.count("site-text") == 0
    text = mkdocs_yml.read_text(encoding="utf-8")
    mkdocs_yml.write_text(text.replace("  site_name: Fixture\n          site_description: >-\n            A site to "
                                       "test with.", "  site_name: Testseite\n          site_description: >-\n"
                                                     "            Eine Seite zum Testen."), encoding="utf-8")
    assert "still the English" not in kb(small_project, "check", "--lang", "de").stdout


CONTRIBUTING = """\
# Contributing

## Style sheets

### English (en)

**Typography.** Curly quotes:

```markdown
## Not a section { #inside-a-fence }
```

## Reviewers

Data.
"""


def test_a_style_sheet_skeleton_ends_the_style_sheets_section(small_project):
    (small_project / "CONTRIBUTING.md").write_text(CONTRIBUTING, encoding="utf-8")
    created = kb(small_project, "new-lang", "de", "--name", "Deutsch")
    assert created.returncode == 0, created.stderr
    assert "modified: CONTRIBUTING.md (a style sheet for de to write, under “Style sheets”)" in created.stdout
    text = (small_project / "CONTRIBUTING.md").read_text(encoding="utf-8")
    before, _, after = text.partition("## Reviewers\n")
    assert after == "\nData.\n"
    assert before.startswith(CONTRIBUTING.partition("## Reviewers")[0].rstrip("\n") + "\n\n### Deutsch (de)\n\n")
    assert before.endswith("{ hreflang=en } (…)`.\n\n")
    assert re.findall(r"^\*\*(\w+)\.\*\*", before, re.MULTILINE) == ["Typography", "Register", "Naming", "Terms",
                                                                     "Typography"]
    assert "`data/glossary-terms/de.yml`" in before
    assert max(len(line) for line in text.splitlines()) <= 120


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
