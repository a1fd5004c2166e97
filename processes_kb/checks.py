"""Everything a translator or maintainer must fix, in one run: the `kb check` command and every build run this."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from processes_kb.alignment import alignment_problems, link_problems
from processes_kb.anchors import anchor_problems, moved_anchors, read_published_anchors
from processes_kb.content import Problem, Site, load_site, snippet_includes
from processes_kb.diagrams import DIAGRAMS_FILE, diagram_problems, load_labels
from processes_kb.external_links import twelve_factor_problems
from processes_kb.glossary import glossary_problems, load_glossary
from processes_kb.recommendations import recommendation_problems
from processes_kb.typography import typography_problems
from processes_kb.ui_strings import UI_STRINGS, read_ui_strings


@dataclass
class CheckReport:
    site: Site
    problems: list[Problem] = field(default_factory=list)

    def for_language(self, lang: str) -> tuple[list[Problem], list[Problem]]:
        """(problems in this language's files, problems elsewhere) — what one translator fixes, and what else
        still blocks the merge."""
        folder = f"docs/{lang}/"
        mine = [p for p in self.problems if p.path.startswith(folder) or f"create {folder}" in p.message
                or p.path == DIAGRAMS_FILE and (f"' ({lang}) " in p.message or f"no '{lang}' labels" in p.message)]
        return mine, [p for p in self.problems if p not in mine]


def run_checks(root: Path) -> CheckReport:
    """All checks on the project at `root`. Raises ContentError when an input cannot be read at all."""
    site = load_site(root)
    anchors, problems = read_published_anchors(root)
    problems += alignment_problems(site)
    problems += anchor_problems(site, anchors)
    aliases = {name: {old for old, _ in moved_anchors(anchors, name)} for name in site.originals}
    problems += link_problems(site, aliases)
    problems += typography_problems(site)
    problems += snippet_includes(site)[1]
    glossary, glossary_data_problems = load_glossary(root, site.languages)
    problems += glossary_data_problems + glossary_problems(site, glossary)
    renamed = {f"{a.page}#{a.id}": f"{a.page}#{a.moved_to}" for a in anchors or [] if a.moved_to}
    problems += recommendation_problems(site, root, glossary, renamed)
    if (root / UI_STRINGS).is_file():  # small fixture projects have none; the build needs it and says so
        strings, string_problems = read_ui_strings(root, site.languages)
        problems += string_problems + twelve_factor_problems(site, strings)
    labels, label_problems = load_labels(root, site.languages)
    problems += label_problems + diagram_problems(site, labels)
    unique = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
    return CheckReport(site, unique)
