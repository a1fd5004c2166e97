"""A translator's preview (`bash scripts/serve.sh --lang uk`, KB_PREVIEW_LANG in mkdocs.yml): English and that
language only are built, and only that language's warnings and the shared ones are shown."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, replace_in

pytestmark = pytest.mark.toolkit


def build(project, site_dir, preview: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d",
                           str(site_dir)], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_PREVIEW_LANG": preview})


def test_a_preview_builds_english_and_one_language_and_warns_only_about_them(project_copy, tmp_path):
    replace_in(project_copy / "docs/uk/index.md", "— пʼятьма", "— п'ятьма")
    replace_in(project_copy / "docs/fr/index.md", "Exécutez l’application", "Exécutez \"l’application\"")
    replace_in(project_copy / "docs/en/index.md", "“Execute the app as one or more stateless processes”",
               "\"Execute the app as one or more stateless processes\"")
    with (project_copy / "data/published-anchors.txt").open("a", encoding="utf-8") as anchors:
        anchors.write("not an anchor line\n")
    anchors_line = len((project_copy / "data/published-anchors.txt").read_text(encoding="utf-8").splitlines())
    result = build(project_copy, tmp_path / "site", "uk")
    assert result.returncode == 0, result.stderr
    assert [line.removeprefix("WARNING -  ") for line in result.stderr.splitlines() if line.startswith("WARNING")] == [
        f"data/published-anchors.txt:{anchors_line}: cannot read 'not an anchor line': expected `page.md#id` or "
        "`page.md#old-id -> page.md#new-id`",
        "docs/uk/index.md:9: apostrophe ''' in a Ukrainian word: use ʼ (U+02BC)",
    ]
    assert "INFO    -  2 problem(s) of languages other than 'uk' are not shown in this preview; `kb check` lists " \
           "them." in result.stderr.splitlines()
    assert "INFO    -  Preview of 'uk': building en and uk only; showing the warnings of 'uk' and the shared ones." \
           in result.stderr.splitlines()
    built = sorted(path.name for path in (tmp_path / "site").iterdir() if (path / "index.html").is_file())
    assert "uk" in built and not {"vi", "fr", "pt"} & set(built)
    switcher = (tmp_path / "site/uk/index.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' in switcher and 'hreflang="fr"' not in switcher  # the menu offers the built languages


def test_an_unknown_preview_language_stops_with_the_configured_ones(tmp_path):
    result = build(ROOT, tmp_path / "site", "xx")
    assert result.returncode == 1
    assert "preview language 'xx' is not configured in mkdocs.yml (en, uk, vi, fr, pt)" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_sh_wants_a_language_after_lang():
    for args in (["--lang"], ["--lang", "--dirty"], ["--lang="]):
        result = subprocess.run(["bash", str(ROOT / "scripts/serve.sh"), *args], capture_output=True, text=True)
        assert (result.returncode, result.stderr) == (
            2, "error: --lang needs a language code, such as: bash scripts/serve.sh --lang uk\n"), args


def test_the_preview_benchmark_edits_the_first_heading_before_its_id():
    from processes_kb.bench import BenchError, edited

    assert edited("---\ntitle: T\n---\n\n# Процеси { #home }\n\nText.\n{: #lead }\n", "kbbench0") == \
        "---\ntitle: T\n---\n\n# Процеси kbbench0 { #home }\n\nText.\n{: #lead }\n"
    with pytest.raises(BenchError, match="no heading with an ID to edit"):
        edited("Text.\n{: #lead }\n", "kbbench0")
