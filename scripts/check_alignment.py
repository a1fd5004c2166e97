#!/usr/bin/env python3
"""Check that every language has the same pages, and every page the same segments in the same order.

Usage: python scripts/check_alignment.py [--root DIR]

Prints one `file:line: message` per problem. Exit codes: 0 aligned, 1 problems found, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from content_model import KIND_NAMES, ContentError, Page, Problem, Site, load_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


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
    return sorted(problems, key=lambda p: (p.path, p.line))


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
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding mkdocs.yml and docs/")
    args = parser.parse_args(argv)
    try:
        site = load_site(args.root)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 2
    problems = alignment_problems(site)
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
