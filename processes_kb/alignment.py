"""Alignment: every language has the same pages, and every page the same segments in the same order.

Also: the same kind of block (and heading level) per ID, the same code, links to the same places, the same figures
(`<!-- diagram: id -->` markers) after the same segments, and every link to a page of the site leading to a segment
(or figure) that exists in the reader's language.
"""

from __future__ import annotations

import posixpath
from difflib import SequenceMatcher

from processes_kb.content import KIND_NAMES, Page, Problem, Segment, Site
from processes_kb.placement import placement
from processes_kb.translation_policy import EVERY_SEGMENT, ComparedSegments


def internal_links(segment: Segment) -> list[str]:
    """Targets of the site's own links in a segment (`processes.md#sticky-sessions`); external links may differ
    between languages (12factor.net has a page per language), internal ones may not."""
    return sorted(link.target for link in segment.links() if link.internal)


def alignment_problems(site: Site, compared: ComparedSegments = EVERY_SEGMENT) -> list[Problem]:
    """All problems of the site: parse problems of each page, then missing pages and misaligned segments. `compared`:
    the segments whose links are held against the English (processes_kb.translation_policy)."""
    problems = list(site.problems)
    for lang in site.languages:
        for page in site.pages[lang].values():
            problems.extend(page.problems)
    for name in site.page_names():
        original = site.pages[site.default_lang].get(name)
        for lang in site.languages[1:]:
            translation = site.pages[lang].get(name)
            if original is None and translation is not None:
                problems.append(Problem("page-without-original", translation.path, 1,
                                        f"page has no {site.default_lang} original "
                                        f"(expected docs/{site.default_lang}/{name})"))
            elif original is not None and translation is None:
                # located in the original (the translation has no file yet), but the translator's to fix
                problems.append(Problem("page-missing", original.path, 1,
                                        f"page has no '{lang}' version: create docs/{lang}/{name}", lang=lang))
            elif original is not None and translation is not None:
                problems.extend(compare_pages(original, translation, compared))
    return sorted(problems, key=lambda p: (p.path, p.line))


def link_problems(site: Site, aliases: dict[str, set[str]] | None = None) -> list[Problem]:
    """Links to the site's own pages (`processes.md#id`) that lead nowhere in the page's language.

    `aliases` maps a page name to the old IDs it keeps alive after a recorded rename."""
    problems = []
    for lang in site.languages:
        for page in site.pages[lang].values():
            for segment in page.segments:
                for link in (link for link in segment.links() if link.internal):
                    target, line = link.target, segment.line + link.line_offset
                    path, _, anchor = target.partition("#")
                    if path and not path.endswith(".md"):
                        continue  # a file (image, download), not a page
                    name = posixpath.normpath(posixpath.join(posixpath.dirname(page.name), path)) if path else page.name
                    shown = f"docs/{lang}/{name}"
                    linked = site.pages[lang].get(name)
                    if linked is None:
                        problems.append(Problem("link-page-unknown", page.path, line,
                                                f"link to '{target}' leads nowhere: {shown} does not exist"))
                    elif anchor and not linked.has_anchor(anchor) and anchor not in (aliases or {}).get(name, ()):
                        problems.append(Problem("link-anchor-unknown", page.path, line,
                                                f"link to '{target}' leads nowhere: {shown} has no segment '{anchor}'"))
    return problems


def compare_pages(original: Page, translation: Page, compared: ComparedSegments = EVERY_SEGMENT) -> list[Problem]:
    """Problems of one translated page against its original, each located in the translation. Links are compared
    only in the segments `compared` names (up to date): an outdated one is `kb status`'s to report."""
    problems: list[Problem] = []

    def report(code: str, line: int, message: str) -> None:
        problems.append(Problem(code, translation.path, line, message))

    if translation.empty:
        return problems  # the parser already said the file is empty
    for key in original.meta if not translation.front_matter_broken else ():
        if key not in translation.meta:
            report("front-matter-key-missing", 1,
                   f"front matter has no '{key}' (the original {original.path} has one)")

    original_ids, translated_ids = set(original.ids), set(translation.ids)
    for segment in original.segments:
        if segment.id not in translated_ids:
            report("segment-missing", *_missing_segment_message(original, translation, segment))
    missing = [segment.id for segment in original.segments if segment.id not in translated_ids]
    for index, segment in enumerate(translation.segments):
        if segment.id not in original_ids:
            hint = _renamed_from(original, translation, index, missing)
            report("segment-extra", segment.line,
                   f"extra segment '{segment.id}': {original.path} has no such segment" + hint)

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
        report("segment-out-of-order", translation.segment(segment_id).line,
               f"segment '{segment_id}' is out of order: in {original.path} it comes {after}")

    for segment in translation.segments:
        source = original.segment(segment.id)
        if source is None:
            continue
        if source.kind != segment.kind:
            report("segment-kind-differs", segment.line,
                   f"segment '{segment.id}' is {KIND_NAMES[segment.kind]} here but {KIND_NAMES[source.kind]} in "
                   f"{original.path}:{source.line}")
        elif segment.level != source.level:
            report("heading-level-differs", segment.line,
                   f"heading '{segment.id}' is level {segment.level} ({'#' * segment.level}) here but "
                   f"level {source.level} ({'#' * source.level}) in {original.path}:{source.line}")
        elif segment.kind == "code" and segment.text != source.text:
            report("code-differs", segment.line, f"code block '{segment.id}' differs from {original.path}:"
                                                 f"{source.line}: code is the same in every language")
        elif compared(translation, segment) and (here := internal_links(segment)) != (there := internal_links(source)):
            report("links-differ", segment.line,
                   f"segment '{segment.id}' links {', '.join(here) or 'nothing'} but {original.path}:{source.line} "
                   f"links {', '.join(there) or 'nothing'}: links go to the same places in every language")
    problems.extend(compare_markers(original, translation))
    return problems


def _missing_segment_message(original: Page, translation: Page, segment: Segment) -> tuple[int, str]:
    """The line where a missing segment belongs (right after the block before it), and a message saying so."""
    place = placement(original, translation, segment.id)
    if place.after is None:
        where = "here, at the start of the page" if translation.segments else "here"
    else:
        figures = "" if not place.figures else " and the diagram that follows it" if place.figures == 1 else \
            f" and the {place.figures} diagrams that follow it"
        where = f"here, after the end of '{place.after.id}'{figures} (line {place.after_line})"
    return place.line, (f"missing segment '{segment.id}' ({KIND_NAMES[segment.kind]}, {original.path}:{segment.line}):"
                        f" add it {where}, or run `kb add-missing --lang {translation.lang}` to copy the English here")


def compare_markers(original: Page, translation: Page) -> list[Problem]:
    """Figures (`<!-- diagram: id -->`) of a translated page against its original: the same ones, each after the same
    segment. Located in the translation; a missing one at the segment it should follow."""
    problems = []
    here = {marker.id: marker for marker in translation.markers}
    there = {marker.id for marker in original.markers}
    for marker in original.markers:
        where = f"after '{marker.after}'" if marker.after else "at the start of the page"
        found = here.get(marker.id)
        if found is None:
            previous = translation.segment(marker.after) if marker.after else None
            problems.append(Problem("diagram-missing", translation.path, previous.line if previous else 1,
                                    f"missing {marker.kind} '{marker.id}' ({original.path}:{marker.line}): add "
                                    f"`{marker.source}` {where}, with a blank line before and after it"))
        elif found.after != marker.after:
            problems.append(Problem("diagram-misplaced", translation.path, found.line,
                                    f"{marker.kind} '{marker.id}' is in the wrong place: in {original.path}:"
                                    f"{marker.line} it comes {where}"))
    for marker in translation.markers:
        if marker.id not in there:
            problems.append(Problem("diagram-extra", translation.path, marker.line,
                                    f"extra {marker.kind} '{marker.id}': {original.path} shows no such {marker.kind}"))
    return problems


def _renamed_from(original: Page, translation: Page, index: int, missing: list[str]) -> str:
    """A hint when an unknown ID stands exactly where the original has a segment this page lacks (a renamed ID)."""
    previous = next((s.id for s in reversed(translation.segments[:index]) if original.segment(s.id)), None)
    ids = original.ids
    expected_index = ids.index(previous) + 1 if previous else 0
    if expected_index < len(ids) and ids[expected_index] in missing:
        return f"; in its place the original has '{ids[expected_index]}': keep that ID"
    return ""
