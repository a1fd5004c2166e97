"""What the build hooks read: the pages and the data, loaded once per state of the files (not once per hook and
language), and where a page sits. A file that cannot be read stops the build with its `file:line` message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from processes_kb.anchors import PublishedAnchor, read_published_anchors
from processes_kb.content import ContentError, Site, load_site
from processes_kb.diagrams import DiagramLabels, load_labels
from processes_kb.glossary import Glossary, load_glossary
from processes_kb.recommendations import Recommendation, load_recommendations
from processes_kb.ui_strings import read_ui_strings


@dataclass
class BuildInputs:
    root: Path
    site: Site
    strings: dict[str, dict[str, str]]  # key -> language -> interface string
    string_problems: list
    anchors: list[PublishedAnchor] | None
    glossary: Glossary | None
    recommendations: dict[str, Recommendation]
    diagrams: DiagramLabels | None = None  # labels of the diagrams (problems: the checks hook reports them)

    def labels(self, lang: str) -> dict[str, str]:
        """The interface strings of one language."""
        return {key: texts.get(lang, "") for key, texts in self.strings.items()}


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def inputs_fingerprint(root: Path) -> tuple:
    """Changes whenever a page, a data file, an example or mkdocs.yml changes (`mkdocs serve` rebuilds)."""
    files = [root / "mkdocs.yml", *(root / "docs").rglob("*.md"), *(root / "data").rglob("*"),
             *(root / "examples").rglob("*.py")]
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in files if p.is_file()))


_loaded: tuple[tuple, BuildInputs] | None = None


def build_inputs(config) -> BuildInputs:
    global _loaded
    root = project_root(config)
    fingerprint = inputs_fingerprint(root)
    if _loaded is None or _loaded[0] != fingerprint:
        try:
            site = load_site(root)
            strings, string_problems = read_ui_strings(root, site.languages)
            anchors, _ = read_published_anchors(root)  # format problems: the checks hook reports them
            glossary, _ = load_glossary(root, site.languages)
            recommendations, _ = load_recommendations(root)
            diagrams, _ = load_labels(root, site.languages)
        except ContentError as error:
            raise PluginError(str(error)) from None
        _loaded = (fingerprint, BuildInputs(root, site, strings, string_problems, anchors, glossary,
                                            recommendations or {}, diagrams))
    return _loaded[1]


def page_location(page, config) -> tuple[str, str]:
    """(language, page name inside the language folder), e.g. ('uk', 'recommendations/health-check.md')."""
    lang = page.file.locale
    return lang, Path(page.file.abs_src_path).relative_to(Path(config.docs_dir) / lang).as_posix()
