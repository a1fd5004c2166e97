"""Which translated segments the rules that compare a translation with its English apply to: the up-to-date ones.

Written once, here, and imported by every such rule (the glossary's term consistency, the aligned term check, the
links-differ check of the alignment). An outdated or untranslated segment is `kb status`'s to report, with the English
change word by word; it never fails a check, a build or a test as a term or link error, so that an English author who
changes a paragraph is never blocked by translations they cannot write. A project that records no translation status
(no `data/translations/`) compares every segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from processes_kb.content import Page, Segment, Site
from processes_kb.staleness import UP_TO_DATE, language_status, tracked


@dataclass(frozen=True)
class ComparedSegments:
    """The predicate: `compared(page, segment)` is true when the rules that compare with the English apply to this
    segment of a translated page."""

    lagging: frozenset[tuple[str, str, str]] = frozenset()  # (lang, page name, segment ID) not up to date

    def __call__(self, page: Page, segment: Segment) -> bool:
        return (page.lang, page.name, segment.id) not in self.lagging


EVERY_SEGMENT = ComparedSegments()  # a project without translation status, or a rule given no status


def compared_segments(site: Site, root: Path) -> ComparedSegments:
    """The policy for the project at `root`: every translated segment that `kb status` does not call up to date
    (outdated, untranslated; a missing one is the alignment check's) is left to `kb status`."""
    if not tracked(root):
        return EVERY_SEGMENT
    lagging = set()
    for lang in site.languages[1:]:
        status, _ = language_status(site, root, lang)  # its lock-file problems are the status command's to report
        lagging |= {(lang, item.page.name, item.source.id) for item in status.segments if item.state != UP_TO_DATE}
    return ComparedSegments(frozenset(lagging))
