"""What a build reads: the pages and the data, loaded together once per state of the files (the builder adapter keeps
them while the files do not change). A file that cannot be read raises ContentError with its `file:line` message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from processes_kb.anchors import PublishedAnchor, read_published_anchors
from processes_kb.content import Site, load_site
from processes_kb.diagrams import DiagramLabels, load_labels
from processes_kb.glossary import Glossary, load_glossary
from processes_kb.project import ProjectConfig
from processes_kb.recommendations import Recommendation, load_recommendations
from processes_kb.ui_strings import read_ui_strings


@dataclass
class BuildInputs:
    root: Path
    site: Site
    strings: dict[str, dict]  # key -> language -> interface string (a CountedText where it shows a count)
    string_problems: list
    anchors: list[PublishedAnchor] | None
    glossary: Glossary | None
    recommendations: dict[str, Recommendation]
    diagrams: DiagramLabels | None = None  # labels of the diagrams (problems: the checks hook reports them)

    def labels(self, lang: str) -> dict:
        """The interface strings of one language."""
        return {key: texts.get(lang, "") for key, texts in self.strings.items()}


def inputs_fingerprint(root: Path) -> tuple:
    """Changes whenever a page, a data file, an example or mkdocs.yml changes (`mkdocs serve` rebuilds)."""
    files = [root / "mkdocs.yml", *(root / "docs").rglob("*.md"), *(root / "data").rglob("*"),
             *(root / "examples").rglob("*.py")]
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in files if p.is_file()))


def load_inputs(root: Path, config: ProjectConfig | None = None) -> BuildInputs:
    """Every input of a build; data problems are the checks' to report. Raises ContentError for unreadable input."""
    site = load_site(root, config)
    strings, string_problems = read_ui_strings(root, site.languages, site.tags)
    anchors, _ = read_published_anchors(root)
    glossary, _ = load_glossary(root, site.languages)
    recommendations, _ = load_recommendations(root)
    diagrams, _ = load_labels(root, site.languages)
    return BuildInputs(root, site, strings, string_problems, anchors, glossary, recommendations or {}, diagrams)
