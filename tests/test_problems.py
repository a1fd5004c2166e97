"""Problems are data: each has a documented code, a file and line, and the language whose translator fixes it (None
for a shared one). `kb check --lang` filters by that language, GitHub annotations and the build read the fields."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE_MKDOCS_YML, ROOT

from processes_kb.checks import BUILD_STOPPING_CODES, build_stoppers, run_checks
from processes_kb.problems import PROBLEM_CODES, Problem, language_of

pytestmark = pytest.mark.toolkit

UKRAINIAN_LANGUAGE = "        - locale: uk\n          name: Українська\n"
MKDOCS_YML = FIXTURE_MKDOCS_YML.replace(UKRAINIAN_LANGUAGE,
                                        UKRAINIAN_LANGUAGE + "        - locale: vi\n          name: Tiếng Việt\n")
PAGES = {
    "en": "# Page { #page }\n\nKeep no sticky sessions in a process.\n{: #first }\n",
    "uk": "# Сторінка { #page }\n\nНе тримайте липких сесій у\u00a0процесі.\n{: #first }\n",
    "vi": "# Trang { #page }\n\nĐừng giữ phiên dính trong tiến trình.\n{: #first }\n",
}
GLOSSARY_PAGES = {
    "en": "# Glossary { #glossary }\n\n### Process { #process }\n\nA running program.\n{: #process-definition }\n",
    "uk": "# Глосарій { #glossary }\n\n### Процес { #process }\n\nЗапущена програма.\n{: #process-definition }\n",
    "vi": "# Thuật ngữ { #glossary }\n\n### Tiến trình { #process }\n\nMột chương trình.\n{: #process-definition }\n",
}
TERMS = {"en": "process: {term: process}\n", "uk": "process: {term: процес, forms: [процес*]}\n",
         "vi": "process: {term: tiến trình}\n"}
UI_STRINGS = "permalink:\n  en: Link\n  uk: Посилання\n  vi: Liên kết\n"


def files(changes: dict[str, str | None] | None = None) -> dict[str, str]:
    """A clean three-language project (en, uk, vi) with a glossary and interface strings; `changes` maps a path to
    its new text, None to delete it."""
    found = {"data/glossary.yml": "process: {related: []}\n", "data/ui-strings.yml": UI_STRINGS}
    for lang in PAGES:
        found |= {f"docs/{lang}/page.md": PAGES[lang], f"docs/{lang}/glossary.md": GLOSSARY_PAGES[lang],
                  f"data/glossary-terms/{lang}.yml": TERMS[lang]}
    found |= changes or {}
    return {path: text for path, text in found.items() if text is not None}


def kb_check(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`kb check` as a translator runs it; asserts it rewrote nothing and printed no traceback."""
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    result = subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), "check", *args],
                            capture_output=True, text=True, timeout=60)
    assert {path: path.read_bytes() for path in root.rglob("*") if path.is_file()} == before
    assert "Traceback" not in result.stderr + result.stdout
    return result


def test_fixture_is_clean(make_project):
    result = kb_check(make_project(files(), MKDOCS_YML))
    assert (result.returncode, result.stdout) == (0, "All languages are in order: 2 page(s), 3 language(s).\n")


# ---------------------------------------------------------------- kb check --lang: one translator's problems


def test_a_bad_key_in_the_languages_glossary_words_is_that_translators_problem(make_project):
    root = make_project(files({"data/glossary-terms/uk.yml": "process: {term: процес, form: [процес*]}\n"}), MKDOCS_YML)
    result = kb_check(root, "--lang", "uk")
    assert result.stdout.splitlines() == [
        "data/glossary-terms/uk.yml:1: 'process': unknown key(s) form: use term, synonyms, forms, never",
    ]
    assert result.stderr.splitlines()[0] == "1 problem(s) of 'uk', 0 shared found."
    assert result.returncode == 1
    assert kb_check(root, "--lang", "vi").returncode == 0


def test_another_languages_problem_does_not_block_this_one(make_project):
    root = make_project(files({"docs/vi/page.md": PAGES["vi"].replace("{: #first }", "{: #fist }"),
                               "data/ui-strings.yml": UI_STRINGS.replace("  vi: Liên kết\n", "")}), MKDOCS_YML)
    uk = kb_check(root, "--lang", "uk")
    assert (uk.returncode, uk.stdout) == (
        0, "'uk' is in order: 2 page(s) and its glossary words, interface strings and diagram labels.\n")
    assert uk.stderr == ("Not blocking 'uk': 3 problem(s) of other languages (vi: 3); `kb check --lang vi` lists "
                         "them.\n")
    vi = kb_check(root, "--lang", "vi")
    assert vi.stdout.splitlines() == [
        "data/ui-strings.yml:2: 'permalink' has no 'vi' string: add `vi: …`",
        "docs/vi/page.md:2: missing segment 'first' (a paragraph, docs/en/page.md:3): add it here, after the end of "
        "'page' (line 1), or run `kb add-missing --lang vi` to copy the English here",
        "docs/vi/page.md:3: extra segment 'fist': docs/en/page.md has no such segment; in its place the original has "
        "'first': keep that ID",
    ]
    assert vi.returncode == 1


def test_shared_problems_are_shown_to_every_translator_and_block_them(make_project):
    root = make_project(files({"data/published-anchors.txt": "page.md#page\npage.md first\n"}), MKDOCS_YML)
    result = kb_check(root, "--lang", "uk")
    assert result.stdout.splitlines() == [
        "Shared problems (of no one language: they block every language's merge):",
        "data/published-anchors.txt:2: cannot read 'page.md first': expected `page.md#id` or "
        "`page.md#old-id -> page.md#new-id`",
    ]
    assert result.stderr.splitlines()[0] == "0 problem(s) of 'uk', 1 shared found."
    assert result.returncode == 1
    # English's own problems (its segments not yet published) are counted, not shown
    assert result.stderr.splitlines()[-1] == ("Not blocking 'uk': 4 problem(s) of other languages (en: 4); "
                                              "`kb check --lang en` lists them.")


def test_github_annotations_carry_file_line_and_code(make_project):
    root = make_project(files({"docs/uk/page.md": PAGES["uk"].replace("{: #first }", "{: #fist }")}), MKDOCS_YML)
    result = kb_check(root, "--lang", "uk", "--format", "github")
    assert result.stdout.splitlines() == [
        "::error file=docs/uk/page.md,line=2,title=segment-missing::missing segment 'first' (a paragraph, "
        "docs/en/page.md:3): add it here, after the end of 'page' (line 1), or run `kb add-missing --lang uk` to copy "
        "the English here",
        "::error file=docs/uk/page.md,line=3,title=segment-extra::extra segment 'fist': docs/en/page.md has no such "
        "segment; in its place the original has 'first': keep that ID",
    ]
    assert result.returncode == 1


# ---------------------------------------------------------------- every problem has a documented code


def test_a_problem_needs_a_known_code():
    with pytest.raises(TypeError):
        Problem("docs/uk/page.md", 3, "a message without a code")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unknown problem code 'no-such-code'"):
        Problem("no-such-code", "docs/uk/page.md", 3, "message")
    problem = Problem("segment-missing", "docs/uk/page.md", 3, "missing segment 'first'")
    assert (str(problem), problem.lang) == ("docs/uk/page.md:3: missing segment 'first'", "uk")


@pytest.mark.parametrize(("path", "lang"), [
    ("docs/uk/page.md", "uk"), ("docs/vi/recommendations/x.md", "vi"), ("data/glossary-terms/fr.yml", "fr"),
    ("data/translations/pt.lock", "pt"), ("data/ui-strings.yml", None), ("data/diagrams.yml", None),
    ("data/glossary.yml", None), ("docs/page.md", None), ("examples/webapp.py", None),
])
def test_the_language_of_a_file(path, lang):
    assert language_of(path) == lang


BROKEN = {
    "page": PAGES["uk"].replace("{: #first }", "{: #first").replace("# Сторінка { #page }", "### Сторінка { #Page }")
    + '\nTable:\n\n| a |\n|---|\n\n<div>x</div>\n\n```\ncode\n```\n\n<!-- diagram: nope -->\n\n'
    + '"Лапки" і м\'ята.\n{: #quotes }\n',
    "links": PAGES["uk"].replace("у\u00a0процесі.", "у\u00a0[процесі](page.md#nowhere \"Процес\") "
                                              "і\u00a0[тут](other.md).\nДив. [12factor](https://12factor.net/processes)."),
    "snippets": PAGES["uk"] + '\n``` { .py #code }\n--8<-- "examples/none.py:part"\n```\n',
    "front matter": "---\ntitle: [x\n---\n" + PAGES["uk"],
}


def all_problems(make_project, changes: dict[str, str | None]) -> list[Problem]:
    return run_checks(make_project(files(changes), MKDOCS_YML)).problems


@pytest.mark.parametrize("changes", [
    {"docs/uk/page.md": BROKEN["page"]},
    {"docs/uk/page.md": BROKEN["links"], "data/ui-strings.yml": UI_STRINGS + "twelve_factor_url:\n  en: "
     "https://12factor.net/\n  uk: https://12factor.net/uk/\n  vi: https://12factor.net/vi/\n  de: x\n"},
    {"docs/en/page.md": BROKEN["snippets"], "docs/uk/page.md": BROKEN["front matter"], "docs/vi/page.md": None,
     "docs/xx/page.md": "x", "docs/stray.md": "x", "data/published-anchors.txt": "page.md#gone\nbad line\n"},
    {"data/glossary.yml": "process: {related: [nothing]}\nBad: {}\n", "data/glossary-terms/uk.yml":
     "process: {term: процес, forms: [x]}\nother: {term: x}\n", "data/glossary-terms/vi.yml": None,
     "docs/uk/glossary.md": GLOSSARY_PAGES["uk"].replace("Процес", "Процедура"), "data/ui-strings.yml": "- x\n"},
    {"data/recommendations.yml": "bad-rec: {sources: [page.md#none], terms: [x], examples: [y], related: [z]}\n",
     "data/diagrams.yml": "restart:\n  en: {}\n", "docs/uk/page.md": PAGES["uk"] + "\n<!-- diagram: restart -->\n"},
], ids=["page", "links", "files", "glossary", "data"])
def test_every_problem_of_broken_projects_has_a_documented_code_and_a_language(make_project, changes):
    problems = all_problems(make_project, changes)
    assert len(problems) >= 5
    for problem in problems:
        assert problem.code in PROBLEM_CODES, problem
        assert problem.lang in ("en", "uk", "vi", None), problem


def source_trees() -> dict[str, ast.AST]:
    return {file.relative_to(ROOT).as_posix(): ast.parse(file.read_text(encoding="utf-8"))
            for file in sorted((ROOT / "processes_kb").rglob("*.py"))}


PROBLEM_MAKERS = ("Problem", "problem", "report", "Rule")  # each takes the code as its first argument


def test_every_code_given_in_the_source_is_listed():
    """The first argument of each call to Problem, a module's problem helper (`problem`, `report`) or a typography
    Rule, where it is a string, is a listed code."""
    unlisted = {}
    for name, tree in source_trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in PROBLEM_MAKERS and node.args \
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str) \
                    and node.args[0].value not in PROBLEM_CODES:
                unlisted[node.args[0].value] = f"{name}:{node.lineno}"
    assert unlisted == {}


def test_every_listed_code_is_used():
    strings = {node.value for name, tree in source_trees().items() if name != "processes_kb/problems.py"
               for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert sorted(set(PROBLEM_CODES) - strings) == []


def test_every_code_is_documented_in_the_scripts_readme():
    readme = (ROOT / "scripts/README.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `([a-z-]+)` \| (.+) \|$", readme, re.MULTILINE))
    assert documented == PROBLEM_CODES


# ---------------------------------------------------------------- what stops a build


def test_build_stoppers_are_found_by_code(make_project):
    broken = PAGES["en"] + '\n``` { .py #code }\n--8<-- "examples/none.py"\n```\n\n<!-- diagram: nope -->\n'
    report = run_checks(make_project(files({"docs/en/page.md": broken}), MKDOCS_YML))
    assert sorted((p.code, str(p)) for p in build_stoppers(report)) == [
        ("diagram-unknown", "docs/en/page.md:10: unknown diagram 'nope' (known: restart, shared-vs-sticky)"),
        ("snippet-file-missing", "docs/en/page.md:7: snippet file 'examples/none.py' does not exist"),
    ]
    assert {p.code for p in report.problems} - BUILD_STOPPING_CODES  # the rest only warn
