"""Everything a translator or maintainer must fix, in one run: the `kb check` command and every build run this."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from processes_kb.alignment import alignment_problems, link_problems
from processes_kb.anchors import anchor_problems, moved_anchors, read_published_anchors
from processes_kb.code_titles import code_title_problems
from processes_kb.content import Problem, Site, load_site, project_config, snippet_includes
from processes_kb.diagrams import diagram_problems, load_labels
from processes_kb.external_links import twelve_factor_problems
from processes_kb.glossary import glossary_problems, load_glossary
from processes_kb.project import ProjectConfig
from processes_kb.recommendations import recommendation_problems
from processes_kb.rendering import RenderCache, render_check
from processes_kb.term_links import TermLinkReader, load_term_differences, term_link_problems
from processes_kb.translation_policy import compared_segments
from processes_kb.typography import typography_problems
from processes_kb.ui_strings import UI_STRINGS, read_ui_strings


# Problems a page cannot be rendered with: the build stops on them even when it only warns about the rest.
BUILD_STOPPING_CODES = frozenset({"snippet-file-missing", "snippet-section-missing", "diagram-unknown"})


@dataclass
class LanguageProblems:
    """What `kb check --lang LANG` shows: the problems one translator fixes, the shared ones that block every
    language, and (only counted) those of the other languages, which do not block this one."""

    own: list[Problem]
    shared: list[Problem]
    others: list[Problem]

    @property
    def blocking(self) -> bool:
        return bool(self.own or self.shared)


@dataclass
class CheckReport:
    site: Site
    problems: list[Problem] = field(default_factory=list)
    rendered: int = 0  # pages rendered for the comparison (the others were read from the cache)

    def for_language(self, lang: str) -> LanguageProblems:
        """The problems of one language's translator (by each problem's `lang`), the shared ones (no language),
        and the other languages'."""
        return LanguageProblems([p for p in self.problems if p.lang == lang],
                                [p for p in self.problems if p.lang is None],
                                [p for p in self.problems if p.lang not in (lang, None)])


def run_checks(root: Path, render: bool = True, config: ProjectConfig | None = None,
               site: Site | None = None, cached: bool = False) -> CheckReport:
    """All checks on the project at `root`. Raises ContentError when an input cannot be read at all. `render=False`:
    the pages are not rendered here (a build compares the pages it renders itself: processes_kb.rendering), and the
    terms they link are not compared (processes_kb.term_links: `kb check` does).
    `config`, `site`: mkdocs.yml's settings and the pages when the caller has them (a build), so they are not read
    again. `cached`: keep what the renderer made of each page (in the user's cache folder) for the next run (`kb check`), so that
    only changed pages are rendered again (processes_kb.rendering.RenderCache)."""
    config = config or project_config(root)
    site = site or load_site(root, config)
    compared = compared_segments(site, root)  # the rules that compare with the English: up-to-date segments only
    anchors, problems = read_published_anchors(root)
    problems += alignment_problems(site, compared)
    problems += anchor_problems(site, anchors)
    aliases = {name: {old for old, _ in moved_anchors(anchors, name)} for name in site.originals}
    problems += link_problems(site, aliases)
    problems += typography_problems(site)
    problems += snippet_includes(site)[1]
    problems += code_title_problems(site)  # a code block that shows a file names it (processes_kb.code_titles)
    glossary, glossary_data_problems = load_glossary(root, site.languages)
    differences, difference_problems = load_term_differences(root, site, glossary)
    problems += glossary_data_problems + difference_problems
    problems += glossary_problems(site, glossary, compared, differences.explains)
    renamed = {f"{a.page}#{a.id}": f"{a.page}#{a.moved_to}" for a in anchors or [] if a.moved_to}
    problems += recommendation_problems(site, root, glossary, renamed)
    if (root / UI_STRINGS).is_file():  # small fixture projects have none; the build needs it and says so
        strings, string_problems = read_ui_strings(root, site.languages, site.tags)
        problems += string_problems + twelve_factor_problems(site, strings)
    labels, label_problems = load_labels(root, site.languages)
    problems += label_problems + diagram_problems(site, labels)
    rendered = 0
    if render:  # one render per page: the segment IDs the renderer makes, and the glossary links the build makes
        term_links = TermLinkReader(glossary) if glossary is not None else None
        cache = RenderCache(root, term_links) if cached else None
        problems += render_check(site, config, term_links, cache)
        rendered = cache.rendered if cache is not None else sum(map(len, site.pages.values()))
        if term_links is not None:
            problems += term_link_problems(site, glossary, term_links.linked, compared, differences)
            problems += differences.stale_problems(site)  # once both term checks have read them
    unique = sorted(set(problems), key=lambda p: (p.path, p.line, p.message, p.code))
    return CheckReport(site, unique, rendered)


def build_stoppers(report: CheckReport) -> list[Problem]:
    """Problems a page cannot be rendered with (an include or a diagram that does not exist), by code
    (BUILD_STOPPING_CODES): the build stops on them, and only warns about the rest."""
    return [p for p in report.problems if p.code in BUILD_STOPPING_CODES]
