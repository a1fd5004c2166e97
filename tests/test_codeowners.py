"""Each language's reviewers (data/reviewers.yml) and the .github/CODEOWNERS generated from them (`kb codeowners`)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

from processes_kb.codeowners import CODEOWNERS, LANGUAGE_PATTERNS, codeowners_text, read_reviewers
from processes_kb.problems import language_of
from processes_kb.project import ProjectConfig

pytestmark = pytest.mark.toolkit


def kb(root, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), *args], capture_output=True,
                          text=True, env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture
def project(make_project):
    def with_reviewers(reviewers: str):
        return make_project({"docs/en/index.md": "# Home { #home }\n", "docs/uk/index.md": "# Головна { #home }\n",
                             "data/reviewers.yml": reviewers})
    return with_reviewers


def test_two_reviewers_of_a_language_own_its_files(project):
    root = project("en: []\nuk: [example-reviewer-one, \"@example-reviewer-two\"]\n")
    result = kb(root, "codeowners")
    assert (result.returncode, result.stdout) == (0, "created: .github/CODEOWNERS (reviewers of uk: 2)\n")
    assert (root / CODEOWNERS).read_text(encoding="utf-8") == (
        "# Written by `kb codeowners` from data/reviewers.yml: edit that file, then run the command again.\n"
        "# GitHub asks each language's reviewers to review every pull request that changes its files.\n"
        "\n"
        "# Українська (uk)\n"
        "/docs/uk/ @example-reviewer-one @example-reviewer-two\n"
        "/data/glossary-terms/uk.yml @example-reviewer-one @example-reviewer-two\n"
        "/data/translations/uk.lock @example-reviewer-one @example-reviewer-two\n"
        "/data/term-differences/uk.yml @example-reviewer-one @example-reviewer-two\n")
    assert kb(root, "codeowners").stdout == "unchanged: .github/CODEOWNERS (reviewers of uk: 2)\n"


def test_without_reviewers_nothing_is_written_and_it_says_why(project):
    root = project("en: []\nuk: []\n")
    result = kb(root, "codeowners")
    assert (result.returncode, result.stdout) == (
        0, "data/reviewers.yml names no reviewer yet: .github/CODEOWNERS not written. Enter the GitHub user names "
           "of people who agreed to review a language (CONTRIBUTING.md, “Reviewers”), then run this again.\n")
    assert not (root / ".github").exists()


@pytest.mark.parametrize(("reviewers", "message"), [
    ("en: []\nuk: [\"@not a name\"]\n",
     "data/reviewers.yml:2: '@not a name' (a reviewer of 'uk') is not a GitHub user name or organisation/team"),
    ("en: []\nuk: [-dash-first]\n",
     "data/reviewers.yml:2: '-dash-first' (a reviewer of 'uk') is not a GitHub user name or organisation/team"),
    ("en: []\nde: [someone]\n", "data/reviewers.yml:2: 'de' is not a language configured in mkdocs.yml (en, uk)"),
    ("en: []\nuk: someone\n",
     "data/reviewers.yml:2: the reviewers of 'uk' must be a list of GitHub user names, such as [octocat, hubot]"),
    ("- someone\n", "data/reviewers.yml:1: expected one `lang: [user, …]` line per language"),
])
def test_a_wrong_entry_is_named_with_its_line_and_nothing_is_written(project, reviewers, message):
    root = project(reviewers)
    result = kb(root, "codeowners")
    assert (result.returncode, result.stdout) == (1, message + "\n")
    assert result.stderr == "1 problem(s) in data/reviewers.yml: .github/CODEOWNERS not written.\n"
    assert not (root / ".github").exists()


def test_a_reviewers_file_that_is_not_yaml_is_unreadable_input(project):
    result = kb(project("uk: [a\n"), "codeowners")
    assert result.returncode == 2 and result.stderr.startswith("data/reviewers.yml:2: not valid YAML")


def test_the_patterns_are_the_files_a_language_owns():
    assert [language_of(pattern.format(lang="uk").lstrip("/") + ("x.md" if pattern.endswith("/") else ""))
            for pattern in LANGUAGE_PATTERNS] == ["uk"] * len(LANGUAGE_PATTERNS)


def test_the_repository_s_codeowners_is_the_one_its_reviewers_give():
    """No reviewer is entered today, so there is no CODEOWNERS; once one is, `kb codeowners` must have been run."""
    config = ProjectConfig.read(ROOT)
    reviewers, problems = read_reviewers(ROOT, config.codes)
    assert problems == []
    committed = (ROOT / CODEOWNERS).read_text(encoding="utf-8") if (ROOT / CODEOWNERS).is_file() else None
    assert committed == codeowners_text(reviewers, config.languages), "run `bash scripts/kb.sh codeowners`"
