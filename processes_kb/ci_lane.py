"""Which CI lane a change takes: the first job of .github/workflows/tests.yml, and `kb ci-lane` to ask locally.

- content: every changed file belongs to a translation (its pages `docs/<lang>/`, its glossary words, its lock…: the
  files `processes_kb.problems.language_of` gives to a language other than the original). CI runs `kb check
  --format github`, one strict build and those languages' content tests (`pytest -m content`, less the toolkit,
  browser and example tests, with KB_LANGS naming the languages), on one Python.
- full: anything else (code, tests, shared data, the English original, which every translation is compared with, a
  language that mkdocs.yml does not configure yet) and whenever the change cannot be found: the whole suite, on the
  oldest and the newest supported Python.

Needs only PyYAML (mkdocs.yml's languages), so that CI decides before installing the site's requirements:
`python -m processes_kb.ci_lane --base REF` prints `lane=…` and `langs=…` lines for $GITHUB_OUTPUT and the reason on
stderr.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from processes_kb.problems import language_of
from processes_kb.project import ConfigError, ProjectConfig

CONTENT, FULL = "content", "full"


@dataclass(frozen=True)
class Lane:
    name: str  # CONTENT or FULL
    langs: tuple[str, ...]  # the translations a content lane tests; empty for the full lane
    reason: str  # one line for people

    def outputs(self) -> str:
        """The lines a GitHub Actions step appends to $GITHUB_OUTPUT."""
        return f"lane={self.name}\nlangs={' '.join(self.langs)}\n"


def lane_for(changed: list[str], languages: list[str]) -> Lane:
    """The lane for the files a change touches (paths relative to the project); `languages`: the configured ones, the
    original first."""
    if not changed:
        return Lane(FULL, (), "full lane: no changed file found")
    touched = set()
    for path in changed:
        lang = language_of(path)
        if lang is None:
            return Lane(FULL, (), f"full lane: {path} belongs to no one translation")
        if lang == languages[0]:
            return Lane(FULL, (), f"full lane: {path} is the original ({lang}), which every translation follows")
        if lang not in languages:
            return Lane(FULL, (), f"full lane: {path} is of '{lang}', which mkdocs.yml does not configure")
        touched.add(lang)
    langs = tuple(lang for lang in languages if lang in touched)
    return Lane(CONTENT, langs, f"content lane for {', '.join(langs)}: all {len(changed)} changed file(s) are "
                                f"{'its' if len(langs) == 1 else 'their'} own")


class GitError(Exception):
    """git could not list the change (an unknown base, no repository)."""


def changed_files(root: Path, base: str) -> list[str]:
    """The files changed since `base` (its merge base with HEAD), renames as two paths: the old and the new."""
    result = subprocess.run(["git", "diff", "--name-only", "--no-renames", f"{base}...HEAD"], cwd=root,
                            capture_output=True, text=True)
    if result.returncode != 0:
        said = (result.stderr.strip().splitlines() or ["no message"])[0]
        raise GitError(f"git diff {base}...HEAD failed: {said}")
    return [line for line in result.stdout.splitlines() if line]


def decide(root: Path, base: str | None, paths: list[str] | None = None) -> Lane:
    """The lane for `paths`, or for the change since `base`. The full lane whenever either cannot be read."""
    try:
        languages = ProjectConfig.read(root).codes
    except ConfigError as error:
        return Lane(FULL, (), f"full lane: {error}")
    if paths:
        return lane_for(paths, languages)
    try:
        return lane_for(changed_files(root, base or "origin/main"), languages)
    except (GitError, OSError) as error:
        return Lane(FULL, (), f"full lane: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m processes_kb.ci_lane", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="origin/main", help="the commit the change is compared with")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    parser.add_argument("paths", nargs="*", help="changed files instead of asking git")
    options = parser.parse_args(argv)
    lane = decide(options.root, options.base, options.paths)
    print(lane.reason, file=sys.stderr)
    sys.stdout.write(lane.outputs())
    return 0


if __name__ == "__main__":
    sys.exit(main())
