"""The CI lane of a change (processes_kb/ci_lane.py, the first job of .github/workflows/tests.yml): one translation's
files take the content lane; anything else the full suite."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

from processes_kb.ci_lane import decide, lane_for

pytestmark = pytest.mark.toolkit

LANGUAGES = ["en", "uk", "vi", "fr", "pt"]


@pytest.mark.parametrize(("changed", "lane", "langs", "reason"), [
    (["docs/uk/processes.md"], "content", ("uk",), "content lane for uk: all 1 changed file(s) are its own"),
    (["docs/uk/processes.md", "data/glossary-terms/uk.yml", "data/translations/uk.lock"], "content", ("uk",),
     "content lane for uk: all 3 changed file(s) are its own"),
    (["docs/pt/index.md", "docs/uk/index.md"], "content", ("uk", "pt"),
     "content lane for uk, pt: all 2 changed file(s) are their own"),
    (["docs/uk/index.md", "processes_kb/cli.py"], "full", (),
     "full lane: processes_kb/cli.py belongs to no one translation"),
    (["docs/uk/index.md", "data/ui-strings.yml"], "full", (),
     "full lane: data/ui-strings.yml belongs to no one translation"),
    (["data/translations/english.yml"], "full", (),
     "full lane: data/translations/english.yml belongs to no one translation"),
    (["docs/uk/index.md", "docs/en/processes.md"], "full", (),
     "full lane: docs/en/processes.md is the original (en), which every translation follows"),
    (["docs/de/index.md"], "full", (), "full lane: docs/de/index.md is of 'de', which mkdocs.yml does not configure"),
    ([], "full", (), "full lane: no changed file found"),
])
def test_only_translations_files_take_the_content_lane(changed, lane, langs, reason):
    found = lane_for(changed, LANGUAGES)
    assert (found.name, found.langs, found.reason) == (lane, langs, reason)
    assert found.outputs() == f"lane={lane}\nlangs={' '.join(langs)}\n"


def git(root, *args) -> str:
    result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=root,
                            capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repository(make_project):
    root = make_project({"docs/en/index.md": "# Home { #home }\n", "docs/uk/index.md": "# Головна { #home }\n"})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    git(root, "switch", "-q", "-c", "change")
    return root


def test_the_lane_of_a_branch_is_read_from_git(repository):
    (repository / "docs/uk/index.md").write_text("# Головна сторінка { #home }\n", encoding="utf-8")
    git(repository, "commit", "-q", "-am", "uk: title")
    assert decide(repository, "main").langs == ("uk",)
    git(repository, "mv", "docs/uk/index.md", "docs/uk/home.md")
    git(repository, "commit", "-q", "-m", "uk: rename")
    assert decide(repository, "main").langs == ("uk",)
    git(repository, "mv", "docs/uk/home.md", "home.md")  # a rename out of the language: both paths count
    git(repository, "commit", "-q", "-m", "move")
    assert decide(repository, "main").reason == "full lane: home.md belongs to no one translation"


def test_an_unknown_base_takes_the_full_lane_with_git_s_reason(repository):
    lane = decide(repository, "no-such-branch")
    assert (lane.name, lane.langs) == ("full", ())
    assert lane.reason.startswith("full lane: git diff no-such-branch...HEAD failed: fatal: ")


def test_ci_runs_it_with_pyyaml_alone_and_reads_its_output(repository):
    (repository / "docs/uk/index.md").write_text("# Головна сторінка { #home }\n", encoding="utf-8")
    git(repository, "commit", "-q", "-am", "uk: title")
    result = subprocess.run([sys.executable, "-m", "processes_kb.ci_lane", "--base", "main"], cwd=repository,
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "lane=content\nlangs=uk\n", "content lane for uk: all 1 changed file(s) are its own\n")
    imported = subprocess.run([sys.executable, "-c", "import sys, processes_kb.ci_lane; print(sorted({m.split('.')[0] "
                               "for m in sys.modules} & {'markdown_it', 'mkdocs', 'typer', 'markdown', 'lxml'}))"],
                              cwd=ROOT, capture_output=True, text=True)
    assert imported.stdout == "[]\n", imported.stderr


def test_kb_ci_lane_says_the_same(repository):
    result = subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(repository), "ci-lane",
                             "docs/uk/index.md", "docs/fr/index.md"], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "lane=full\nlangs=\n", "full lane: docs/fr/index.md is of 'fr', which mkdocs.yml does not configure\n")
