"""Where a segment of the English belongs in a translation that lacks it (`kb status`, `kb check`, `kb add-missing`
and `kb import` all point at the same place).

Right after the block of the nearest segment before it in the English that the translation has, and after the
figures (`<!-- diagram: … -->`) that both place after that segment; before the translation's first segment when no
segment precedes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from processes_kb.content import Page, Segment, Site


@dataclass(frozen=True)
class Placement:
    """Where a missing segment goes in a translation."""

    after: Segment | None  # the translation's segment it follows; None: the start of the page
    after_line: int  # the new block goes after this line (0: before the first line; -1: at the end of the page)
    figures: int  # figures after `after` that it follows too

    @property
    def line(self) -> int:
        """The line where the new block belongs: the one after the previous segment's block (and figures)."""
        return max(self.after_line + 1, 1)


def placement(original: Page, translation: Page, segment_id: str) -> Placement:
    """Where the original's segment `segment_id` belongs in `translation` (which lacks it)."""
    present = set(translation.ids)
    index = original.ids.index(segment_id)
    previous = next((s for s in reversed(original.segments[:index]) if s.id in present), None)
    after = translation.segment(previous.id) if previous else None
    after_id = after.id if after else None
    english_after = {marker.id: marker.after for marker in original.markers}
    # A figure that the English shows after a segment this page lacks stays below the new block.
    figures = [m for m in translation.markers if m.after == after_id and english_after.get(m.id, after_id) == after_id]
    if after is not None:
        return Placement(after, max([after.last_line, *(m.line for m in figures)]), len(figures))
    if figures:
        return Placement(None, max(m.line for m in figures), len(figures))
    if translation.segments:
        return Placement(None, translation.segments[0].line - 1, 0)
    return Placement(None, -1, 0)


def translation_path(site: Site, lang: str, name: str) -> str:
    """A page's path in a language, as messages show it: `docs/uk/processes.md` for `docs/en/processes.md`."""
    original = site.originals[name].path
    return original[: len(original) - len(f"{site.default_lang}/{name}")] + f"{lang}/{name}"
