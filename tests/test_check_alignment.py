"""The alignment check: each kind of misalignment gives its own `file:line: message` (that the real docs pass it,
conftest.py's pytest_sessionstart makes sure before any test)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import FIXTURE_MKDOCS_YML, ROOT

from processes_kb.alignment import alignment_problems
from processes_kb.anchors import read_published_anchors
from processes_kb.checks import run_checks
from processes_kb.content import load_site

pytestmark = pytest.mark.toolkit

ENGLISH = """\
---
title: Page
description: About.
---

# Title { #title }

First.
{: #first }

- Item one.
  {: #item-one }
- Item two.
  {: #item-two }

Last.
{: #last }
"""

ADD_MISSING = ", or run `kb add-missing --lang uk` to copy the English here"

UKRAINIAN = """\
---
title: Сторінка
description: Про.
---

# Заголовок { #title }

Перший.
{: #first }

- Пункт один.
  {: #item-one }
- Пункт два.
  {: #item-two }

Останній.
{: #last }
"""


def problems_for(make_project, ukrainian: str, english: str = ENGLISH, extra: dict | None = None) -> list[str]:
    files = {"docs/en/page.md": english, "docs/uk/page.md": ukrainian, **(extra or {})}
    return [str(p) for p in alignment_problems(load_site(make_project(files)))]


def test_real_docs_have_every_page_in_every_language():
    site = load_site(ROOT)
    assert site.languages == ["en", "uk", "vi", "fr", "pt"]
    for lang in site.languages:
        assert sorted(site.pages[lang]) == sorted(site.originals)
        assert {"examples.md", "glossary.md", "index.md", "processes.md", "sources.md", "checklist.md",
                "recommendations/index.md", "recommendations/stateless-processes.md"} <= set(site.pages[lang])


def test_aligned_fixture_has_no_problems(make_project):
    assert problems_for(make_project, UKRAINIAN) == []


def test_missing_segment_names_the_original_and_where_to_add_it(make_project):
    broken = UKRAINIAN.replace("Перший.\n{: #first }\n\n", "")
    assert problems_for(make_project, broken) == [
        "docs/uk/page.md:7: missing segment 'first' (a paragraph, docs/en/page.md:8): add it here, after the end of "
        "'title' (line 6)" + ADD_MISSING,
    ]


def test_missing_first_segment_is_reported_at_the_start(make_project):
    broken = UKRAINIAN.replace("# Заголовок { #title }\n\n", "")
    assert problems_for(make_project, broken) == [
        "docs/uk/page.md:6: missing segment 'title' (a heading, docs/en/page.md:6): add it here, at the start of the "
        "page" + ADD_MISSING,
    ]


def test_extra_segment(make_project):
    broken = UKRAINIAN + "\nЗайвий.\n{: #surplus }\n"
    assert problems_for(make_project, broken) == [
        "docs/uk/page.md:19: extra segment 'surplus': docs/en/page.md has no such segment",
    ]


def test_duplicate_id(make_project):
    broken = UKRAINIAN.replace("Останній.\n{: #last }", "Останній.\n{: #first }")
    assert problems_for(make_project, broken) == [
        "docs/uk/page.md:15: missing segment 'last' (a paragraph, docs/en/page.md:16): add it here, after the end of "
        "'item-two' (line 14)" + ADD_MISSING,
        "docs/uk/page.md:16: duplicate segment ID 'first' (first used on line 8)",
    ]


def test_segments_in_a_different_order(make_project):
    swapped = UKRAINIAN.replace(
        "Перший.\n{: #first }\n\n- Пункт один.\n  {: #item-one }\n- Пункт два.\n  {: #item-two }\n",
        "- Пункт один.\n  {: #item-one }\n- Пункт два.\n  {: #item-two }\n\nПерший.\n{: #first }\n",
    )
    assert problems_for(make_project, swapped) == [
        "docs/uk/page.md:13: segment 'first' is out of order: in docs/en/page.md it comes after 'title'",
    ]


def test_segment_of_another_kind(make_project):
    broken = UKRAINIAN.replace("Останній.\n{: #last }", "- Останній.\n  {: #last }")
    assert problems_for(make_project, broken) == [
        "docs/uk/page.md:16: segment 'last' is a list item here but a paragraph in docs/en/page.md:16",
    ]


def test_block_without_id_in_a_translation(make_project):
    broken = UKRAINIAN.replace("Останній.\n{: #last }", "Останній.")
    assert problems_for(make_project, broken) == [
        "docs/uk/page.md:15: missing segment 'last' (a paragraph, docs/en/page.md:16): add it here, after the end of "
        "'item-two' (line 14)" + ADD_MISSING,
        "docs/uk/page.md:16: a paragraph has no segment ID: add `{: #id }` on a line of its own as the block's "
        "last line",
    ]


def test_missing_front_matter_key(make_project):
    broken = UKRAINIAN.replace("description: Про.\n", "")
    assert problems_for(make_project, broken) == [
        "docs/uk/page.md:1: front matter has no 'description' (the original docs/en/page.md has one)",
    ]


def test_code_must_be_the_same_in_every_language(make_project):
    code = "\n``` { .py #sample }\nprint('hi')\n```\n"
    broken = UKRAINIAN + code.replace("hi", "привіт")
    assert problems_for(make_project, broken, english=ENGLISH + code) == [
        "docs/uk/page.md:19: code block 'sample' differs from docs/en/page.md:19: code is the same in every language",
    ]


def test_page_missing_in_a_language(make_project):
    assert problems_for(make_project, UKRAINIAN, extra={"docs/en/other.md": "# Other { #other }\n"}) == [
        "docs/en/other.md:1: page has no 'uk' version: create docs/uk/other.md",
    ]


def test_page_without_an_original(make_project):
    assert problems_for(make_project, UKRAINIAN, extra={"docs/uk/only.md": "# Лише { #only }\n"}) == [
        "docs/uk/only.md:1: page has no en original (expected docs/en/only.md)",
    ]


def run_cli(root, *args) -> subprocess.CompletedProcess:
    """`kb --root ROOT ARGS…` as a translator runs it (no terminal: no colour)."""
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), *args],
                          capture_output=True, text=True)


def test_cli_exit_1_and_messages_on_misalignment(make_project):
    root = make_project({"docs/en/page.md": ENGLISH, "docs/uk/page.md": UKRAINIAN.replace("{: #last }", "{: #lost }")})
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/uk/page.md:15: missing segment 'last' (a paragraph, docs/en/page.md:16): add it here, after the end of "
        "'item-two' (line 14)" + ADD_MISSING,
        "docs/uk/page.md:16: extra segment 'lost': docs/en/page.md has no such segment; in its place the original "
        "has 'last': keep that ID",
    ]
    assert "2 problem(s) found." in result.stderr


@pytest.mark.parametrize(
    ("files", "mkdocs_yml", "expected"),
    [
        ({"docs/en/page.md": b"\xff\xfe bad"}, None, "docs/en/page.md:1: not valid UTF-8 text (save the file as UTF-8)"),
        ({}, "plugins: [\n", "mkdocs.yml:2: not valid YAML"),
        ({}, "plugins:\n  - search\n", "mkdocs.yml:1: no i18n plugin with `languages` is configured"),
        ({}, None, "docs:1: docs folder not found"),
    ],
)
def test_cli_exit_2_without_traceback_on_bad_input(make_project, files, mkdocs_yml, expected):
    root = make_project(files, **({"mkdocs_yml": mkdocs_yml} if mkdocs_yml else {}))
    result = run_cli(root, "check")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert expected in result.stderr


# ---------------------------------------------------------------- published anchors: links never break

PUBLISHED = "page.md#title\npage.md#first\npage.md#item-one\npage.md#item-two\npage.md#last\n"


def anchor_problems_for(make_project, published: str, english: str = ENGLISH) -> list[str]:
    files = {"docs/en/page.md": english, "docs/uk/page.md": UKRAINIAN.replace("{: #last }", "{: #final }")
             if "#final" in english else UKRAINIAN, "data/published-anchors.txt": published}
    return [str(p) for p in run_checks(make_project(files)).problems]


def test_real_docs_keep_their_published_anchors():
    """`kb check` (run before the session) compares the docs with the published anchors only when the file exists."""
    anchors, _ = read_published_anchors(ROOT)
    assert anchors is not None and len(anchors) >= 100


def test_published_anchors_all_present(make_project):
    assert anchor_problems_for(make_project, "# comment\n\n" + PUBLISHED) == []


def test_removed_published_anchor_is_reported(make_project):
    english = ENGLISH.replace("{: #last }", "{: #final }")
    assert anchor_problems_for(make_project, PUBLISHED + "page.md#final\n", english) == [
        "data/published-anchors.txt:5: published anchor 'page.md#last' no longer exists in docs/en/page.md: links to it "
        "would break; restore the segment ID, or record a move 'page.md#last -> page.md#<new-id>'",
    ]


def test_recorded_move_keeps_the_old_anchor_valid(make_project):
    english = ENGLISH.replace("{: #last }", "{: #final }")
    published = PUBLISHED + "page.md#last -> page.md#final\n"
    assert anchor_problems_for(make_project, published, english) == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("page.md#first -> page.md#nowhere", "move target 'page.md#nowhere' does not exist in docs/en/page.md"),
        ("page.md#first -> page.md#last", "'page.md#first' is recorded as moved, but docs/en/page.md still has a "
                                          "segment with that ID"),
        ("page.md#first -> other.md#first", "a segment can only move within its page ('page.md' -> 'other.md')"),
        ("page.md first", "cannot read 'page.md first': expected `page.md#id` or `page.md#old-id -> page.md#new-id`"),
    ],
)
def test_bad_published_anchor_lines(make_project, line, message):
    assert anchor_problems_for(make_project, PUBLISHED + line + "\n") == [f"data/published-anchors.txt:6: {message}"]


def test_unpublished_segment_is_reported_and_publish_adds_it(make_project):
    root = make_project({"docs/en/page.md": ENGLISH, "docs/uk/page.md": UKRAINIAN,
                         "data/published-anchors.txt": "# header stays\npage.md#title\npage.md#first\n"})
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "docs/en/page.md:11: segment 'item-one' is not in data/published-anchors.txt yet: run `kb publish`")
    result = run_cli(root, "publish")
    assert result.returncode == 0, result.stdout
    assert "Published 3 new anchor(s)" in result.stdout
    assert (root / "data/published-anchors.txt").read_text(encoding="utf-8") == (
        "# header stays\npage.md#title\npage.md#first\npage.md#item-one\npage.md#item-two\npage.md#last\n")


def test_internal_links_go_to_the_same_places_in_every_language(make_project):
    english = ENGLISH.replace("First.", "First, see [the factor](other.md#the-factor) and [12factor](https://12factor.net/).")
    ukrainian = UKRAINIAN.replace("Перший.", "Перший, див. [фактор](other.md#factor) і [12factor](https://12factor.net/uk/).")
    assert problems_for(make_project, ukrainian, english=english) == [
        "docs/uk/page.md:8: segment 'first' links other.md#factor but docs/en/page.md:8 links other.md#the-factor: "
        "links go to the same places in every language",
    ]


def test_lang_option_shows_what_one_translator_has_to_fix(make_project):
    root = make_project({
        "docs/en/page.md": ENGLISH, "docs/en/other.md": "# Other { #other }\n",
        "docs/uk/page.md": UKRAINIAN.replace("{: #last }", "{: #lost }"),
        "docs/fr/page.md": ENGLISH, "docs/fr/other.md": "# Autre { #autre }\n",
    }, mkdocs_yml=FIXTURE_MKDOCS_YML.replace("name: Українська\n", "name: Українська\n        - locale: fr\n"
                                                                  "          name: Français\n"))
    result = run_cli(root, "check", "--lang", "uk")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/en/other.md:1: page has no 'uk' version: create docs/uk/other.md",
        "docs/uk/page.md:15: missing segment 'last' (a paragraph, docs/en/page.md:16): add it here, after the end of "
        "'item-two' (line 14)" + ADD_MISSING,
        "docs/uk/page.md:16: extra segment 'lost': docs/en/page.md has no such segment; in its place the original "
        "has 'last': keep that ID",
    ]
    assert result.stderr.splitlines()[-1] == (  # French problems are counted, not shown: they do not block Ukrainian
        "Not blocking 'uk': 2 problem(s) of other languages (fr: 2); `kb check --lang fr` lists them.")
    unknown = run_cli(root, "check", "--lang", "de")
    assert unknown.returncode == 2
    assert unknown.stderr == "error: unknown language 'de' (configured in mkdocs.yml: en, uk, fr)\n"


# ---------------------------------------------------------------- links as the reader gets them: titled, by reference


def link_problems_for(make_project, english_first: str, ukrainian_first: str, extra: dict | None = None) -> list[str]:
    """Every problem of the fixture with its first paragraph's text replaced (in both languages)."""
    files = {"docs/en/page.md": ENGLISH.replace("First.", english_first),
             "docs/uk/page.md": UKRAINIAN.replace("Перший.", ukrainian_first), **(extra or {})}
    return [str(p) for p in run_checks(make_project(files)).problems]


def test_titled_link_to_a_missing_anchor_is_reported_on_its_line(make_project):
    assert link_problems_for(make_project, "First,\nsee [the last one](page.md#lats \"The last\").",
                             "Перший,\nдив. [останній](page.md#lats \"Останній\").") == [
        "docs/en/page.md:9: link to 'page.md#lats' leads nowhere: docs/en/page.md has no segment 'lats'",
        "docs/uk/page.md:9: link to 'page.md#lats' leads nowhere: docs/uk/page.md has no segment 'lats'",
    ]


def test_reference_link_to_a_missing_anchor_is_reported(make_project):
    definition = "\n[the-last]: page.md#lats\n"
    files = {"docs/en/page.md": ENGLISH.replace("First.", "First, see [the last one][the-last].") + definition,
             "docs/uk/page.md": UKRAINIAN.replace("Перший.", "Перший, див. [останній][the-last].") + definition}
    assert [str(p) for p in run_checks(make_project(files)).problems] == [
        "docs/en/page.md:8: link to 'page.md#lats' leads nowhere: docs/en/page.md has no segment 'lats'",
        "docs/uk/page.md:8: link to 'page.md#lats' leads nowhere: docs/uk/page.md has no segment 'lats'",
    ]


@pytest.mark.parametrize("ukrainian_link", [
    "[останній](page.md#item-one \"Останній\")",
    "[останній][other]\n\n[other]: page.md#item-one",
], ids=["titled", "reference"])
def test_titled_or_reference_link_to_another_place_than_the_english(make_project, ukrainian_link):
    ukrainian = UKRAINIAN.replace("Перший.\n{: #first }", f"Перший, див. {ukrainian_link.split(chr(10))[0]}.\n"
                                                          "{: #first }")
    if "\n" in ukrainian_link:  # the reference definition goes after the page's last block
        ukrainian += ukrainian_link.split("\n", 1)[1] + "\n"
    files = {"docs/en/page.md": ENGLISH.replace("First.", "First, see [the last one](page.md#last \"The last\")."),
             "docs/uk/page.md": ukrainian}
    assert [str(p) for p in run_checks(make_project(files)).problems] == [
        "docs/uk/page.md:8: segment 'first' links page.md#item-one but docs/en/page.md:8 links page.md#last: "
        "links go to the same places in every language",
    ]


def test_twelve_factor_rule_sees_titled_links(make_project):
    strings = ("permalink:\n  en: Link\n  uk: Посилання\n"
               "twelve_factor_url:\n  en: https://12factor.net/\n  uk: https://12factor.net/uk/\n")
    assert link_problems_for(make_project, "First, see [the factor](https://12factor.net/processes \"Processes\").",
                             "Перший,\nдив. [фактор](https://12factor.net/processes \"Процеси\").",
                             extra={"data/ui-strings.yml": strings}) == [
        "docs/uk/page.md:9: link to https://12factor.net/processes leaves the reader's language: link the page under "
        "https://12factor.net/uk/, or mark a deliberate exception with `{ hreflang=xx }` after the link",
    ]
