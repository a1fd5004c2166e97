#!/usr/bin/env python3
"""Check that every language has the same pages, and every page the same segments in the same order.

Usage: python scripts/check_alignment.py [--lang LANG] [--publish] [--root DIR]

`--lang uk` shows only what concerns docs/uk/ (what a Ukrainian translator has to fix).

Also checks that every anchor in published-anchors.txt still leads somewhere, so links never break.
`--publish` adds the segments that are not published yet to that file (it never removes a line).
Prints one `file:line: message` per problem. Exit codes: 0 aligned, 1 problems found, 2 bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from content_model import (  # noqa: E402
    KIND_NAMES, PUBLISHED_ANCHORS, ContentError, Page, Problem, Segment, Site, load_site,
)

ROOT = Path(__file__).resolve().parent.parent
MARKDOWN_LINK_TARGET = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def internal_links(text: str) -> list[str]:
    """Targets of the site's own links in a segment (`processes.md#sticky-sessions`); external links may differ
    between languages (12factor.net has a page per language), internal ones may not."""
    return sorted(m["target"] for m in MARKDOWN_LINK_TARGET.finditer(text) if "://" not in m["target"])


def alignment_problems(site: Site) -> list[Problem]:
    """All problems of the site: parse problems of each page, then missing pages and misaligned segments."""
    problems = list(site.problems)
    for lang in site.languages:
        for page in site.pages[lang].values():
            problems.extend(page.problems)
    for name in site.page_names():
        original = site.pages[site.default_lang].get(name)
        for lang in site.languages[1:]:
            translation = site.pages[lang].get(name)
            if original is None and translation is not None:
                problems.append(Problem(translation.path, 1, f"page has no {site.default_lang} original "
                                                             f"(expected docs/{site.default_lang}/{name})"))
            elif original is not None and translation is None:
                problems.append(Problem(original.path, 1, f"page has no '{lang}' version: create docs/{lang}/{name}"))
            elif original is not None and translation is not None:
                problems.extend(compare_pages(original, translation))
    problems.extend(anchor_problems(site))
    return sorted(problems, key=lambda p: (p.path, p.line))


def anchor_problems(site: Site) -> list[Problem]:
    """Published anchors that lead nowhere, and segments of the original not published yet."""
    if site.anchors is None:
        return []
    problems = []
    originals = site.pages[site.default_lang]
    moved = {(a.page, a.id) for a in site.anchors if a.moved_to}
    for anchor in site.anchors:
        page = originals.get(anchor.page)
        where = f"docs/{site.default_lang}/{anchor.page}"
        if anchor.moved_to:
            if page is None or page.segment(anchor.moved_to) is None:
                problems.append(Problem(PUBLISHED_ANCHORS, anchor.line,
                                        f"move target '{anchor.page}#{anchor.moved_to}' does not exist in {where}"))
            elif page.segment(anchor.id) is not None:
                problems.append(Problem(PUBLISHED_ANCHORS, anchor.line,
                                        f"'{anchor.page}#{anchor.id}' is recorded as moved, but {where} still has "
                                        "a segment with that ID"))
        elif (anchor.page, anchor.id) not in moved and (page is None or page.segment(anchor.id) is None):
            problems.append(Problem(PUBLISHED_ANCHORS, anchor.line,
                                    f"published anchor '{anchor.page}#{anchor.id}' no longer exists in {where}: "
                                    "links to it would break; restore the segment ID, or record a move "
                                    f"'{anchor.page}#{anchor.id} -> {anchor.page}#<new-id>'"))
    for page, segment in unpublished_segments(site):
        problems.append(Problem(page.path, segment.line, f"segment '{segment.id}' is not in {PUBLISHED_ANCHORS} yet: "
                                                         "run `python scripts/check_alignment.py --publish`"))
    return problems


def unpublished_segments(site: Site) -> list[tuple[Page, Segment]]:
    """Segments of the original that published-anchors.txt does not list (neither as an anchor nor a move target)."""
    anchors = site.anchors or []
    published = {(a.page, a.id) for a in anchors} | {(a.page, a.moved_to) for a in anchors if a.moved_to}
    return [(page, segment) for name, page in sorted(site.pages[site.default_lang].items())
            for segment in page.segments if (name, segment.id) not in published]


def publish_anchors(root: Path, site: Site) -> int:
    """Append every unpublished segment of the original to published-anchors.txt; returns how many."""
    new = [f"{page.name}#{segment.id}" for page, segment in unpublished_segments(site)]
    if new:
        with (root / PUBLISHED_ANCHORS).open("a", encoding="utf-8") as file:
            file.write("\n".join(new) + "\n")
    return len(new)


def compare_pages(original: Page, translation: Page) -> list[Problem]:
    """Problems of one translated page against its original, each located in the translation."""
    problems: list[Problem] = []

    def report(line: int, message: str) -> None:
        problems.append(Problem(translation.path, line, message))

    for key in original.meta:
        if key not in translation.meta:
            report(1, f"front matter has no '{key}' (the original {original.path} has one)")

    original_ids, translated_ids = set(original.ids), set(translation.ids)
    for index, segment in enumerate(original.segments):
        if segment.id in translated_ids:
            continue
        previous = next((s for s in reversed(original.segments[:index]) if s.id in translated_ids), None)
        where = f"add it after '{previous.id}'" if previous else "add it at the start of the page"
        line = translation.segment(previous.id).line if previous else 1
        report(line, f"missing segment '{segment.id}' ({KIND_NAMES[segment.kind]}, {original.path}:{segment.line}): "
                     f"{where}")
    for segment in translation.segments:
        if segment.id not in original_ids:
            report(segment.line, f"extra segment '{segment.id}': {original.path} has no such segment")

    common_original = [i for i in original.ids if i in translated_ids]
    common_translated = [i for i in translation.ids if i in original_ids]
    in_order = set()
    for block in SequenceMatcher(a=common_original, b=common_translated, autojunk=False).get_matching_blocks():
        in_order.update(common_original[block.a: block.a + block.size])
    for segment_id in common_translated:
        if segment_id in in_order:
            continue
        position = common_original.index(segment_id)
        after = f"after '{common_original[position - 1]}'" if position else "first"
        report(translation.segment(segment_id).line,
               f"segment '{segment_id}' is out of order: in {original.path} it comes {after}")

    for segment in translation.segments:
        source = original.segment(segment.id)
        if source is None:
            continue
        if source.kind != segment.kind:
            report(segment.line, f"segment '{segment.id}' is {KIND_NAMES[segment.kind]} here but "
                                 f"{KIND_NAMES[source.kind]} in {original.path}:{source.line}")
        elif segment.kind == "code" and segment.text != source.text:
            report(segment.line, f"code block '{segment.id}' differs from {original.path}:{source.line}: "
                                 "code is the same in every language")
        elif (here := internal_links(segment.text)) != (there := internal_links(source.text)):
            report(segment.line, f"segment '{segment.id}' links {', '.join(here) or 'nothing'} but "
                                 f"{original.path}:{source.line} links {', '.join(there) or 'nothing'}: "
                                 "links go to the same places in every language")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding mkdocs.yml and docs/")
    parser.add_argument("--lang", help="only the problems a translator of this language has to fix")
    parser.add_argument("--publish", action="store_true",
                        help=f"add the segments not published yet to {PUBLISHED_ANCHORS}")
    args = parser.parse_args(argv)
    try:
        site = load_site(args.root)
        if args.publish:
            print(f"Published {publish_anchors(args.root, site)} new anchor(s) in {PUBLISHED_ANCHORS}.")
            site = load_site(args.root)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 2
    problems = alignment_problems(site)
    if args.lang:
        if args.lang not in site.languages:
            print(f"error: unknown language '{args.lang}' (configured: {', '.join(site.languages)})", file=sys.stderr)
            return 2
        folder = f"docs/{args.lang}/"
        problems = [p for p in problems if p.path.startswith(folder) or folder in p.message]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} alignment problem(s) found.", file=sys.stderr)
        return 1
    pages = sum(len(pages) for pages in site.pages.values())
    print(f"Aligned: {len(site.page_names())} page(s) in {len(site.languages)} languages ({pages} files).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
