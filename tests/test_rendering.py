"""The checks read pages as the renderer does: every segment of the content model (markdown-it) must be an element of
its kind in the page Python-Markdown renders, and no `{: #id }` may reach readers as text (processes_kb/rendering.py).

Each case below is a divergence found by running both parsers over every page with one blank line removed at a time
(or one that looks like a divergence and is not: the check must not cry wolf)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import FIXTURE_MKDOCS_YML, replace_in
from processes_kb.checks import run_checks

pytestmark = pytest.mark.toolkit

MKDOCS_YML = FIXTURE_MKDOCS_YML  # with the site's block extensions

ORIGINAL = """\
# Page { #page }

Intro.
{: #intro }

- One.
  {: #one }
- Two.
  {: #two }
"""

RENDERING_CODES = {"segment-not-rendered", "attributes-shown-as-text"}


def rendering_problems(root) -> list[str]:
    return [str(p) for p in run_checks(root).problems if p.code in RENDERING_CODES]


def project(make_project, english: str, ukrainian: str | None = None):
    return make_project({"docs/en/page.md": english, "docs/uk/page.md": ukrainian or english}, MKDOCS_YML)


def test_aligned_pages_render_every_segment(make_project):
    assert rendering_problems(project(make_project, ORIGINAL)) == []


def test_a_list_glued_to_the_paragraph_before_it_loses_its_ids(make_project):
    glued = ORIGINAL.replace("{: #intro }\n\n- One.", "{: #intro }\n- One.")
    assert rendering_problems(project(make_project, ORIGINAL, glued)) == [
        "docs/uk/page.md:3: a paragraph 'intro' is missing from the rendered page: Python-Markdown reads this block "
        "differently and shows its `{: #intro }` to readers as text; a list, heading or code fence that follows a "
        "paragraph needs a blank line before it",
        "docs/uk/page.md:5: a list item 'one' is missing from the rendered page: Python-Markdown reads this block "
        "differently and shows its `{: #one }` to readers as text; a list, heading or code fence that follows a "
        "paragraph needs a blank line before it",
        "docs/uk/page.md:7: a list item 'two' is rendered as <p>, not as a list item: Python-Markdown reads this "
        "block differently; a list, heading or code fence that follows a paragraph needs a blank line before it",
    ]


def test_a_code_fence_glued_to_a_paragraph_is_reported(make_project):
    english = ORIGINAL + "\nCode:\n{: #code-intro }\n\n``` { .sh #code }\necho hi\n```\n"
    glued = english.replace("{: #code-intro }\n\n```", "{: #code-intro }\n```")
    problems = rendering_problems(project(make_project, english, glued))
    assert problems == [
        "docs/uk/page.md:11: a paragraph 'code-intro' is missing from the rendered page: Python-Markdown reads this "
        "block differently and shows its `{: #code-intro }` to readers as text; a list, heading or code fence that "
        "follows a paragraph needs a blank line before it"]


def test_two_glued_paragraphs_show_the_first_id_as_text(make_project):
    english = ORIGINAL + "\nFirst.\n{: #first }\n\nSecond.\n{: #second }\n"
    glued = english.replace("{: #first }\n\nSecond.", "{: #first }\nSecond.")
    problems = rendering_problems(project(make_project, english, glued))
    assert problems == ["docs/uk/page.md:12: `{: #first }` is shown to readers as text: an attribute list must stand "
                        "alone on the last line of its block, or end a heading"]


def test_a_paragraph_above_a_rule_is_a_heading_to_the_model_only(make_project):
    english = ORIGINAL + "\nLast words.\n{: #last }\n"
    page = english + "---\n"  # CommonMark: a setext heading; Python-Markdown: a paragraph, then a rule
    problems = rendering_problems(project(make_project, page))
    assert "docs/en/page.md:11: a heading 'last' is rendered as <p>, not as a heading: Python-Markdown reads this " \
           "block differently; a list, heading or code fence that follows a paragraph needs a blank line before it" \
           in problems


def test_an_id_indented_as_code_in_a_list_item_is_reported(make_project):
    indented = ORIGINAL.replace("- Two.\n  {: #two }", "- Two.\n\n      {: #two }")
    problems = [str(p) for p in run_checks(project(make_project, ORIGINAL, indented)).problems]
    # Both parsers read it as code: the model says so (and the comparison waits until the page reads cleanly)
    assert "docs/uk/page.md:10: a code block has no segment ID: add `#id` to the fence's attributes, e.g. " \
           "``` { .py #id }" in problems


def test_a_heading_glued_to_a_paragraph_renders_as_the_model_reads_it(make_project):
    glued = ORIGINAL.replace("{: #two }\n", "{: #two }\n\nText.\n{: #text }\n## Next { #next }\n")
    assert rendering_problems(project(make_project, glued)) == []


@pytest.mark.parametrize("change", ["glued list", "glued fence"])
def test_the_real_ukrainian_page_glued_fails_kb_check_for_ukrainian(project_copy, change):
    page = project_copy / "docs/uk/processes.md"
    if change == "glued list":
        replace_in(page, "{: #practices-intro }\n\n- ", "{: #practices-intro }\n- ")
        wanted = "docs/uk/processes.md:{}: a list item 'practice-state-outside' is missing from the rendered page"
    else:
        page = project_copy / "docs/uk/examples.md"
        text = page.read_text(encoding="utf-8")
        fence = text.index("\n\n```")
        page.write_text(text[:fence] + text[fence + 1:], encoding="utf-8")
        wanted = "docs/uk/examples.md:{}: a paragraph '"
    result = subprocess.run([sys.executable, "-m", "processes_kb", "check", "--lang", "uk"], cwd=project_copy,
                            capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 1
    prefix, suffix = wanted.split("{}")
    assert any(line.startswith(prefix) and suffix in line for line in result.stdout.splitlines()), result.stdout
    assert "Traceback" not in result.stderr


def test_the_strict_build_fails_on_a_glued_list_naming_the_line(project_copy, tmp_path):
    replace_in(project_copy / "docs/uk/processes.md", "{: #practices-intro }\n\n- ", "{: #practices-intro }\n- ")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(project_copy / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert "docs/uk/processes.md:" in result.stderr
    assert "'practice-state-outside' is missing from the rendered page" in result.stderr
    assert "Traceback" not in result.stderr

