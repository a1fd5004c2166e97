"""Published anchors: every `page#id` readers may have linked to keeps working, in every language, forever.

`data/published-anchors.txt` lists them, one per line: `page.md#id`, or `page.md#old-id -> page.md#new-id` for a
segment renamed after publication (the build keeps the old anchor as an alias of the new one). Figures the build draws
(`<!-- diagram: id -->`) are published too, as `page.md#diagram-id`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from processes_kb.content import ID_PATTERN, Page, Problem, Site
from processes_kb.datafile import data_lines

PUBLISHED_ANCHORS = "data/published-anchors.txt"
ANCHOR_LINE = re.compile(rf"^(?P<page>[\w./-]+\.md)#(?P<id>{ID_PATTERN})"
                         rf"(?:\s*->\s*(?P<to_page>[\w./-]+\.md)#(?P<to_id>{ID_PATTERN}))?$")


@dataclass(frozen=True)
class PublishedAnchor:
    page: str
    id: str
    line: int  # line in the anchors file
    moved_to: str | None = None


def read_published_anchors(root: Path) -> tuple[list[PublishedAnchor] | None, list[Problem]]:
    """The anchors and the file's format problems; None when the project keeps no anchors file."""
    if not (root / PUBLISHED_ANCHORS).is_file():
        return None, []
    anchors, problems = [], []
    for number, line in data_lines(root, PUBLISHED_ANCHORS):
        match = ANCHOR_LINE.match(line)
        if not match:
            problems.append(Problem("anchors-format", PUBLISHED_ANCHORS, number,
                                    f"cannot read '{line}': expected `page.md#id` or `page.md#old-id -> "
                                    "page.md#new-id`"))
        elif match["to_page"] and match["to_page"] != match["page"]:
            problems.append(Problem("anchors-format", PUBLISHED_ANCHORS, number,
                                    f"a segment can only move within its page ('{match['page']}' -> "
                                    f"'{match['to_page']}')"))
        else:
            anchors.append(PublishedAnchor(match["page"], match["id"], number, match["to_id"]))
    return anchors, problems


def moved_anchors(anchors: list[PublishedAnchor] | None, page_name: str) -> list[tuple[str, str]]:
    """(old ID, new ID) pairs recorded for one page."""
    return [(a.id, a.moved_to) for a in anchors or [] if a.page == page_name and a.moved_to]


def anchor_problems(site: Site, anchors: list[PublishedAnchor] | None) -> list[Problem]:
    """Published anchors that lead nowhere, and segments of the original not published yet."""
    if anchors is None:
        return []
    problems = []
    moved = {(a.page, a.id) for a in anchors if a.moved_to}
    for anchor in anchors:
        page = site.originals.get(anchor.page)
        where = f"docs/{site.default_lang}/{anchor.page}"
        if anchor.moved_to:
            if page is None or page.segment(anchor.moved_to) is None:
                problems.append(Problem("anchor-move-invalid", PUBLISHED_ANCHORS, anchor.line,
                                        f"move target '{anchor.page}#{anchor.moved_to}' does not exist in {where}"))
            elif page.segment(anchor.id) is not None:
                problems.append(Problem("anchor-move-invalid", PUBLISHED_ANCHORS, anchor.line,
                                        f"'{anchor.page}#{anchor.id}' is recorded as moved, but {where} still has "
                                        "a segment with that ID"))
        elif (anchor.page, anchor.id) not in moved and (page is None or not page.has_anchor(anchor.id)):
            problems.append(Problem("anchor-gone", PUBLISHED_ANCHORS, anchor.line,
                                    f"published anchor '{anchor.page}#{anchor.id}' no longer exists in {where}: "
                                    "links to it would break; restore the segment ID, or record a move "
                                    f"'{anchor.page}#{anchor.id} -> {anchor.page}#<new-id>'"))
    for page, anchor_id, line, what in unpublished_anchors(site, anchors):
        problems.append(Problem("anchor-unpublished", page.path, line,
                                f"{what} '{anchor_id}' is not in {PUBLISHED_ANCHORS} yet: run `kb publish`"))
    return problems


def unpublished_anchors(site: Site, anchors: list[PublishedAnchor] | None) -> list[tuple[Page, str, int, str]]:
    """(page, ID, line, what) for each anchor of the original (segment or figure) that the anchors file does not list
    (neither as an anchor nor a move target)."""
    anchors = anchors or []
    published = {(a.page, a.id) for a in anchors} | {(a.page, a.moved_to) for a in anchors if a.moved_to}
    return [(page, anchor_id, line, what) for name, page in sorted(site.originals.items())
            for anchor_id, line, what in page.anchors() if (name, anchor_id) not in published]


def publish_anchors(site: Site, anchors: list[PublishedAnchor] | None) -> int:
    """Append every unpublished anchor of the original to the anchors file (never removes a line); how many."""
    new = [f"{page.name}#{anchor_id}" for page, anchor_id, _, _ in unpublished_anchors(site, anchors)]
    if new:
        file = site.root / PUBLISHED_ANCHORS
        file.parent.mkdir(exist_ok=True)
        existing = file.read_text(encoding="utf-8") if file.exists() else ""
        separator = "" if not existing or existing.endswith("\n") else "\n"
        with file.open("a", encoding="utf-8") as out:
            out.write(separator + "\n".join(new) + "\n")
    return len(new)
