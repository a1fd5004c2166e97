"""Each language's reviewers, recorded in data/reviewers.yml (language -> GitHub user names), and the
.github/CODEOWNERS that `kb codeowners` writes from them: GitHub then asks a language's reviewers to review every pull
request that changes that language's files. Nothing is written while no reviewer is entered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from processes_kb.content import Problem
from processes_kb.datafile import LinedMap, load_yaml
from processes_kb.project import Language

REVIEWERS = "data/reviewers.yml"
CODEOWNERS = ".github/CODEOWNERS"
# A language's own files (those processes_kb.problems.language_of gives to it), as CODEOWNERS patterns.
LANGUAGE_PATTERNS = ("/docs/{lang}/", "/data/glossary-terms/{lang}.yml", "/data/translations/{lang}.lock",
                     "/data/term-differences/{lang}.yml")
# A GitHub user name (letters, digits, single dashes inside, at most 39) or org/team; "@" is optional (YAML needs
# quotes around a value starting with it).
HANDLE = re.compile(r"^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?)$")
HEADER = ("# Written by `kb codeowners` from data/reviewers.yml: edit that file, then run the command again.\n"
          "# GitHub asks each language's reviewers to review every pull request that changes its files.\n")


def read_reviewers(root: Path, languages: list[str]) -> tuple[dict[str, list[str]], list[Problem]]:
    """Language -> its reviewers' handles (`@name`), in the file's order, and the file's problems (file:line).
    ContentError when the file is not YAML at all; no file is no reviewer."""
    if not (root / REVIEWERS).is_file():
        return {}, []
    data = load_yaml(root, REVIEWERS)
    if data is None:
        return {}, []
    if not isinstance(data, LinedMap):
        return {}, [Problem("reviewers-format", REVIEWERS, 1, "expected one `lang: [user, …]` line per language")]
    reviewers, problems = {}, []
    for lang, names in data.items():
        line = data.lines[lang]
        if lang not in languages:
            problems.append(Problem("language-unknown", REVIEWERS, line, f"'{lang}' is not a language configured in "
                                                                         f"mkdocs.yml ({', '.join(languages)})"))
            continue
        if not isinstance(names, list):
            problems.append(Problem("reviewers-format", REVIEWERS, line,
                                    f"the reviewers of '{lang}' must be a list of GitHub user names, such as "
                                    "[octocat, hubot]"))
            continue
        handles = []
        for name in names:
            match = HANDLE.match(name) if isinstance(name, str) else None
            if match is None:
                problems.append(Problem("reviewer-handle-invalid", REVIEWERS, line,
                                        f"'{name}' (a reviewer of '{lang}') is not a GitHub user name or "
                                        "organisation/team"))
            else:
                handles.append(f"@{match[1]}")
        reviewers[lang] = handles
    return reviewers, problems


def codeowners_text(reviewers: dict[str, list[str]], languages: tuple[Language, ...]) -> str | None:
    """The CODEOWNERS file: one block per language with reviewers, in mkdocs.yml's order; None when no one is
    entered."""
    blocks = []
    for language in languages:
        handles = " ".join(reviewers.get(language.code) or [])
        if handles:
            blocks.append(f"# {language.name} ({language.code})\n" +
                          "".join(f"{pattern.format(lang=language.code)} {handles}\n" for pattern in LANGUAGE_PATTERNS))
    return HEADER + "".join(f"\n{block}" for block in blocks) if blocks else None


@dataclass
class CodeownersResult:
    written: str  # "created", "modified", "unchanged", or "" when nothing was written
    counts: dict[str, int]  # language -> how many reviewers


def write_codeowners(root: Path, languages: tuple[Language, ...], reviewers: dict[str, list[str]]) -> CodeownersResult:
    counts = {language.code: len(reviewers[language.code]) for language in languages if reviewers.get(language.code)}
    text = codeowners_text(reviewers, languages)
    if text is None:
        return CodeownersResult("", counts)
    target = root / CODEOWNERS
    before = target.read_text(encoding="utf-8") if target.is_file() else None
    if before == text:
        return CodeownersResult("unchanged", counts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return CodeownersResult("created" if before is None else "modified", counts)
