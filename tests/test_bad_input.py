"""Every realistic translator mistake: `kb check` names file and line, exits non-zero, never shows a traceback and
never rewrites a file. One case per mistake, asserting the exact output; the strict build says the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import replace_in

pytestmark = pytest.mark.toolkit

ENGLISH = """\
---
title: Page
description: About.
---

# Title { #title }

First, see [the last one](page.md#last).
{: #first }

## Section { #section }

- Item one.
  {: #item-one }
- Item two.
  {: #item-two }

``` { .text #sample }
--8<-- "examples/sample.txt"
```

Last.
{: #last }
"""

UKRAINIAN = """\
---
title: Сторінка
description: Про.
---

# Заголовок { #title }

Перший, див. [останній](page.md#last).
{: #first }

## Розділ { #section }

- Пункт один.
  {: #item-one }
- Пункт два.
  {: #item-two }

``` { .text #sample }
--8<-- "examples/sample.txt"
```

Останній.
{: #last }
"""

PUBLISHED = "\n".join(f"page.md#{i}" for i in ("title", "first", "section", "item-one", "item-two", "sample", "last"))
UK = "docs/uk/page.md"
ADD_MISSING = ", or run `kb add-missing --lang uk` to copy the English here"


def project(make_project, ukrainian: str | bytes = UKRAINIAN, **extra) -> Path:
    return make_project({"docs/en/page.md": ENGLISH, UK: ukrainian, "examples/sample.txt": "sample\n",
                         "data/published-anchors.txt": PUBLISHED + "\n", **extra})


def kb_check(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`kb check` as a translator runs it; asserts it rewrote nothing and printed no traceback."""
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    result = subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), "check", *args],
                            capture_output=True, text=True, timeout=60)
    after = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    assert after == before, "kb check changed a file"
    assert "Traceback" not in result.stderr + result.stdout
    return result


def test_the_fixture_itself_is_clean(make_project):
    result = kb_check(project(make_project))
    assert (result.returncode, result.stdout) == (0, "All languages are in order: 1 page(s), 2 language(s).\n")


def swap(text: str, first: str, second: str) -> str:
    return text.replace(first, "\0").replace(second, first).replace("\0", second)


FIRST = "Перший, див. [останній](page.md#last).\n{: #first }\n"
LAST = "Останній.\n{: #last }\n"
ITEM_ONE = "- Пункт один.\n  {: #item-one }\n"
ITEM_TWO = "- Пункт два.\n  {: #item-two }\n"

# (case, the broken Ukrainian page, the exact lines `kb check` prints)
MISTAKES = [
    ("paragraph deleted", UKRAINIAN.replace(FIRST + "\n", ""), [
        f"{UK}:7: missing segment 'first' (a paragraph, docs/en/page.md:8): add it here, after the end of 'title' "
        f"(line 6){ADD_MISSING}",
    ]),
    ("paragraph duplicated", UKRAINIAN.replace(FIRST, FIRST + "\n" + FIRST), [
        f"{UK}:11: duplicate segment ID 'first' (first used on line 8)",
    ]),
    ("two list items swapped", swap(UKRAINIAN, ITEM_ONE, ITEM_TWO), [
        f"{UK}:13: segment 'item-two' is out of order: in docs/en/page.md it comes after 'item-one'",
    ]),
    ("ID renamed to an unknown one", UKRAINIAN.replace("{: #last }", "{: #final }"), [
        f"{UK}:8: link to 'page.md#last' leads nowhere: docs/uk/page.md has no segment 'last'",
        f"{UK}:21: missing segment 'last' (a paragraph, docs/en/page.md:22): add it here, after the end of 'sample' "
        f"(line 20){ADD_MISSING}",
        f"{UK}:22: extra segment 'final': docs/en/page.md has no such segment; in its place the original has 'last': "
        "keep that ID",
    ]),
    ("ID used twice", UKRAINIAN.replace("{: #item-two }", "{: #item-one }"), [
        f"{UK}:15: duplicate segment ID 'item-one' (first used on line 13)",
        f"{UK}:15: missing segment 'item-two' (a list item, docs/en/page.md:15): add it here, after the end of "
        f"'item-one' (line 14){ADD_MISSING}",
    ]),
    ("unclosed attribute list", UKRAINIAN.replace("{: #last }", "{: #last"), [
        f"{UK}:23: the ID line `{{: #last` is not closed: end it with `}}`",
    ]),
    ("empty file", "", [
        f"{UK}:1: the file is empty: it needs the whole page, every segment of the original",
    ]),
    ("unclosed code fence", UKRAINIAN.replace('"examples/sample.txt"\n```\n', '"examples/sample.txt"\n'), [
        f"{UK}:8: link to 'page.md#last' leads nowhere: docs/uk/page.md has no segment 'last'",
        f"{UK}:18: code block 'sample' differs from docs/en/page.md:18: code is the same in every language",
        f"{UK}:18: the code fence opened here is never closed: add a closing ``` line after the code",
        f"{UK}:21: code block 'sample' has code pasted into the page: include it from a checked file with "
        '`--8<-- "path:section"`',
        # the open fence runs to the end of the page: what it swallowed belongs after it
        f"{UK}:24: missing segment 'last' (a paragraph, docs/en/page.md:22): add it here, after the end of 'sample' "
        f"(line 23){ADD_MISSING}",
    ]),
    ("broken front matter", UKRAINIAN.replace("title: Сторінка", "title: [Сторінка"), [
        f"{UK}:3: front matter is not valid YAML: expected ',' or ']', but got ':'",
    ]),
    ("front matter never closed", UKRAINIAN.replace("description: Про.\n---\n", "description: Про.\n"), [
        f"{UK}:1: front matter is never closed: end it with a line `---`",
    ]),
    ("heading level changed", UKRAINIAN.replace("## Розділ", "### Розділ"), [
        f"{UK}:11: heading 'section' is level 3 (###) here but level 2 (##) in docs/en/page.md:11",
    ]),
    ("link to an anchor that does not exist", UKRAINIAN.replace("(page.md#last)", "(page.md#lats)"), [
        f"{UK}:8: link to 'page.md#lats' leads nowhere: docs/uk/page.md has no segment 'lats'",
        f"{UK}:8: segment 'first' links page.md#lats but docs/en/page.md:8 links page.md#last: links go to the same "
        "places in every language",
    ]),
    ("snippet include of a missing file", UKRAINIAN.replace("examples/sample.txt", "examples/smaple.txt"), [
        f"{UK}:18: code block 'sample' differs from docs/en/page.md:18: code is the same in every language",
        f"{UK}:19: snippet file 'examples/smaple.txt' does not exist",
    ]),
]


@pytest.mark.parametrize(("ukrainian", "expected"), [case[1:] for case in MISTAKES], ids=[c[0] for c in MISTAKES])
def test_translator_mistake_is_named_with_file_and_line(make_project, ukrainian, expected):
    result = kb_check(project(make_project, ukrainian))
    assert result.stdout.splitlines() == expected
    assert result.returncode == 1
    assert result.stderr == f"{len(expected)} problem(s) found.\n"


def test_page_missing_in_one_language(make_project):
    root = project(make_project)
    (root / UK).unlink()
    result = kb_check(root)
    assert result.stdout.splitlines() == ["docs/en/page.md:1: page has no 'uk' version: create docs/uk/page.md"]
    assert result.returncode == 1


def test_extra_page_in_one_language(make_project):
    result = kb_check(project(make_project, **{"docs/uk/extra.md": "# Зайва { #extra }\n"}))
    assert result.stdout.splitlines() == ["docs/uk/extra.md:1: page has no en original (expected docs/en/extra.md)"]
    assert result.returncode == 1


def test_published_anchor_removed_without_a_recorded_move(make_project):
    root = project(make_project, UKRAINIAN.replace("{: #last }", "{: #final }"))
    replace_in(root / "docs/en/page.md", "{: #last }", "{: #final }")
    result = kb_check(root)
    assert result.stdout.splitlines() == [
        "data/published-anchors.txt:7: published anchor 'page.md#last' no longer exists in docs/en/page.md: links to "
        "it would break; restore the segment ID, or record a move 'page.md#last -> page.md#<new-id>'",
        "docs/en/page.md:8: link to 'page.md#last' leads nowhere: docs/en/page.md has no segment 'last'",
        "docs/en/page.md:22: segment 'final' is not in data/published-anchors.txt yet: run `kb publish`",
        "docs/uk/page.md:8: link to 'page.md#last' leads nowhere: docs/uk/page.md has no segment 'last'",
    ]
    assert result.returncode == 1


@pytest.mark.parametrize(("case", "content", "expected"), [
    ("invalid UTF-8", UKRAINIAN.encode("utf-8").replace("Останній".encode(), b"\xcf\xf1\xf2\xe0\xed\xed\xb3\xe9"),
     f"{UK}:22: not valid UTF-8 text (save the file as UTF-8)"),
    ("a binary file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
     f"{UK}:1: not valid UTF-8 text (save the file as UTF-8)"),
    ("a very large file", ("Рядок.\n" * 200_000).encode("utf-8"),
     f"{UK}:1: the file is 2.4 MB; a page may be at most 1 MB: is this the right file?"),
    ("text with NUL bytes", UKRAINIAN.replace("Останній.", "Останній.\0").encode("utf-8"),
     f"{UK}:22: contains NUL bytes: this is not a text page"),
], ids=lambda value: value if isinstance(value, str) and len(value) < 20 else "")
def test_unreadable_file_is_bad_input(make_project, case, content, expected):
    result = kb_check(project(make_project, content))
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected + "\n")


@pytest.mark.parametrize("encode", [
    pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="byte-order mark"),
    pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="CRLF line endings"),
])
def test_bom_and_crlf_are_read_like_plain_utf8(make_project, encode):
    """Editors on Windows write them; MkDocs renders them the same, so the check accepts them as identical."""
    result = kb_check(project(make_project, encode(UKRAINIAN)))
    assert (result.returncode, result.stdout) == (0, "All languages are in order: 1 page(s), 2 language(s).\n")


def test_unknown_language(make_project):
    result = kb_check(project(make_project), "--lang", "de")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "error: unknown language 'de' (configured in mkdocs.yml: en, uk)\n"


def test_outside_a_project_kb_says_where_to_run_it(tmp_path):
    result = subprocess.run([sys.executable, "-m", "processes_kb", "check"], cwd=tmp_path, capture_output=True,
                            text=True)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"{tmp_path}:1: no mkdocs.yml with a docs/ folder here or above: run kb inside the "
                             "project, or pass --root\n")


@pytest.mark.parametrize(("break_it", "message"), [
    (lambda docs: replace_in(docs / "uk/processes.md", "## Незалежні процеси", "### Незалежні процеси"),
     "docs/uk/processes.md:{line}: heading 'independent-processes' is level 3 (###) here but level 2 (##) in "
     "docs/en/processes.md:{en_line}"),
    (lambda docs: (docs / "uk/index.md").write_bytes(b"\xff\xfe broken"),
     "docs/uk/index.md:1: not valid UTF-8 text (save the file as UTF-8)"),
], ids=["misaligned", "unreadable"])
def test_strict_build_fails_with_the_same_message(project_copy, break_it, message):
    from test_site_build import mkdocs_build

    from processes_kb.content import load_site

    site = load_site(project_copy)
    uk, en = site.pages["uk"]["processes.md"], site.pages["en"]["processes.md"]
    message = message.format(line=uk.segment("independent-processes").line,
                             en_line=en.segment("independent-processes").line)
    break_it(project_copy / "docs")
    result = mkdocs_build(project_copy, project_copy / "site")
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_link_to_twelve_factor_in_another_language(make_project):
    strings = ("permalink:\n  en: Link\n  uk: Посилання\n"
               "twelve_factor_url:\n  en: https://12factor.net/\n  uk: https://12factor.net/uk/\n")
    broken = UKRAINIAN.replace("Останній.", "Див. [фактор](https://12factor.net/processes).")
    english = ENGLISH.replace("Last.", "See [the factor](https://12factor.net/processes).")
    root = project(make_project, broken, **{"data/ui-strings.yml": strings})
    (root / "docs/en/page.md").write_text(english, encoding="utf-8")
    result = kb_check(root)
    assert result.stdout.splitlines() == [
        f"{UK}:22: link to https://12factor.net/processes leaves the reader's language: link the page under "
        "https://12factor.net/uk/, or mark a deliberate exception with `{ hreflang=xx }` after the link"]
    replace_in(root / UK, "(https://12factor.net/processes)", "(https://12factor.net/uk/processes)")
    assert kb_check(root).returncode == 0
