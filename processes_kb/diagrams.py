"""Diagrams: figures drawn at build time as inline SVG, labelled in the reader's language. No Mermaid, no
JavaScript, nothing loaded from a CDN: the page carries the drawing.

Placing one. An author writes a marker between two blocks of a page, on a line of its own with a blank line before and
after it:

    <!-- diagram: shared-vs-sticky -->

An HTML comment, so it is invisible wherever the build does not draw it (GitHub, an editor's preview). The content
model reads it (processes_kb.content: `Page.markers`, each after a segment); the alignment check wants the same
markers after the same segments in every language; `kb check` and the build stop on an unknown ID
(`file:line: unknown diagram 'x' (known: …)`). The figure gets the anchor `#diagram-<id>` (published in
data/published-anchors.txt like a segment) and a ¶ link in its caption.

What is drawn. Each diagram is a language-neutral layout in `LAYOUTS` below: one or more panels, each its own
`<svg role="img">` (panels sit side by side on a wide screen and stack on a phone), with boxes, a store (cylinder),
session tokens, arrows and text at fixed coordinates in a 360-unit-wide panel. Every word comes from
data/diagrams.yml: per diagram ID, per language, a `caption` (the visible <figcaption>), per panel `<panel>-title`
(the visible heading of the panel and the SVG's <title>, its accessible name) and `<panel>-desc` (the SVG's <desc>: one
sentence saying what the panel shows, its accessible description), and one entry per label. A translator edits words,
never coordinates. `{n}` in a label is a number the layout fills in (“Process {n}”).

Text that fits. A label has a room: a width in SVG units and a number of lines (most may wrap to two). Browsers do not
tell Python how wide a text is, so `text_width` estimates it per character from a table of advance widths rounded up
from DejaVu Sans, the widest of the usual sans-serif fonts (Helvetica, Arial, Liberation Sans, San Francisco and
Segoe UI are narrower), for the base letter of each character (Vietnamese and French accents add no width); bold text
counts 15 % wider. `kb check` reports a label that does not fit its room as `data/diagrams.yml:line`, and the browser
tests measure the real text in Chromium.

Colours. Shapes and text carry classes that docs/assets/stylesheets/diagrams.css colours with Material's variables
(`--md-default-fg-color`, `--md-code-bg-color`, `--md-typeset-a-color`…), so one drawing reads in the light and the
dark scheme; `currentColor` presentation attributes keep it legible without the stylesheet. Meaning never rests on
colour alone: a lost session is a dashed, crossed-out token and the verdict under each panel is words.

Adding a diagram: add its layout to `LAYOUTS` (a `Layout` of `Panel`s; the shapes below), its words in every language
to data/diagrams.yml (`kb check` lists the missing ones and any that do not fit), the marker in every language's page
(`kb check` says where), then `kb publish` to publish its anchor, and its strings for the native reviewers.
"""

from __future__ import annotations

import math
import re
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field, replace
from pathlib import Path

from processes_kb.content import Problem, Site
from processes_kb.datafile import LinedMap, load_yaml
from processes_kb.markdown_extension import Figure
from processes_kb.typography import text_problems

DIAGRAMS_FILE = "data/diagrams.yml"

# ---------------------------------------------------------------- measuring text

# Advance widths in em, rounded up from DejaVu Sans; every other letter or digit counts as LOWER (lower case) or UPPER.
_WIDTHS = {
    **dict.fromkeys("iljIıі.,:;|'’ʼ", 0.34),
    **dict.fromkeys("frt()-/!ґг", 0.44),
    **dict.fromkeys("«»“”‘", 0.62),
    **dict.fromkeys("мМНП", 0.82),
    **dict.fromkeys("mwжшщюфœæ", 0.98),
    **dict.fromkeys("MWЖШЩЮФŒÆ—", 1.1),
    " ": 0.32, "\u00a0": 0.32, "\u202f": 0.2, "–": 0.56,
}
LOWER, UPPER, OTHER = 0.66, 0.8, 1.0
BOLD = 1.15
LINE_HEIGHT = 1.3  # of the font size


def char_width(char: str) -> float:
    base = unicodedata.normalize("NFD", char)[0]
    if base in _WIDTHS:
        return _WIDTHS[base]
    if unicodedata.combining(base):
        return 0.0
    if base.isupper():
        return UPPER
    if base.isalnum():
        return LOWER
    return OTHER


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The estimated width of `text` at font size `size`, in the same units (SVG user units)."""
    return sum(char_width(char) for char in unicodedata.normalize("NFC", text)) * size * (BOLD if bold else 1)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap at ordinary spaces (a no-break space keeps its words together)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fits(text: str, width: float, lines: int, size: float, bold: bool = False) -> bool:
    wrapped = wrap(text, width, size, bold)
    return len(wrapped) <= lines and all(text_width(line, size, bold) <= width for line in wrapped)


# ---------------------------------------------------------------- layouts (language-neutral)

PANEL_WIDTH = 360
LABEL, SMALL, HEADING = 14, 13, 16  # font sizes, in SVG units
PADDING = 6  # between a box's edge and its text


@dataclass(frozen=True)
class Text:
    """A label of data/diagrams.yml at (x, y) (its centre; its left or right end with `anchor` start or end), with
    `width` units and `lines` lines of room."""

    key: str
    x: float
    y: float
    width: float
    lines: int = 2
    size: float = LABEL
    style: str = "label"  # label | heading | note
    values: tuple[tuple[str, object], ...] = ()  # filled into `{name}` in the label
    anchor: str = "middle"  # SVG text-anchor: middle | start | end

    @property
    def bold(self) -> bool:
        return self.style == "heading"


@dataclass(frozen=True)
class Fixed:
    """Text that is the same in every language: a product name, a number."""

    text: str
    x: float
    y: float
    size: float = LABEL
    bold: bool = False


@dataclass(frozen=True)
class Box:
    """A rectangle (a visitor, a load balancer, a process) with its label; `label_y` None: centred vertically."""

    x: float
    y: float
    w: float
    h: float
    key: str
    values: tuple[tuple[str, object], ...] = ()
    label_y: float | None = None
    lines: int = 2
    idle: bool = False  # drawn dashed: a process that gets no request

    def text(self) -> Text:
        y = self.label_y if self.label_y is not None else self.y + self.h / 2
        return Text(self.key, self.x + self.w / 2, y, self.w - 2 * PADDING, self.lines, values=self.values)


@dataclass(frozen=True)
class Store:
    """A cylinder: a backing service, with a name that is not translated."""

    x: float
    y: float
    w: float
    h: float
    name: str
    name_y: float


@dataclass(frozen=True)
class Token:
    """A session token (a rounded tag) centred at (x, y); `lost`: dashed, crossed out, without a label."""

    x: float
    y: float
    w: float
    h: float
    key: str | None = None
    lost: bool = False


@dataclass(frozen=True)
class Arrow:
    """A straight arrow; `both`: a head at each end (read and write)."""

    start: tuple[float, float]
    end: tuple[float, float]
    both: bool = False


@dataclass(frozen=True)
class Badge:
    """A small numbered marker on an arrow (the requests of one visitor)."""

    x: float
    y: float
    text: str
    w: float = 18


@dataclass(frozen=True)
class Result:
    """The verdict under a panel: an icon (✓ or ✗, drawn) and a label beside it."""

    key: str
    y: float
    ok: bool
    lines: int = 2

    def text(self) -> Text:
        return Text(self.key, 40, self.y, PANEL_WIDTH - 48, self.lines, anchor="start")


@dataclass(frozen=True)
class Panel:
    key: str  # its labels are `<key>-title` and `<key>-desc`
    height: float
    items: tuple = ()
    width: float = PANEL_WIDTH

    def heading(self) -> Text:
        return Text(f"{self.key}-title", self.width / 2, 26, self.width - 20, 2, HEADING, "heading")


@dataclass(frozen=True)
class Layout:
    id: str
    panels: tuple[Panel, ...]

    def texts(self) -> list[Text]:
        """Every label drawn, with its room."""
        found = []
        for panel in self.panels:
            found.append(panel.heading())
            for item in panel.items:
                if isinstance(item, Text):
                    found.append(item)
                elif isinstance(item, (Box, Result)):
                    found.append(item.text())
                elif isinstance(item, Token) and item.key:
                    found.append(Text(item.key, item.x, item.y, item.w - 2 * PADDING, 1, SMALL))
        return found

    def keys(self) -> list[str]:
        """The labels data/diagrams.yml must give in every language, in drawing order."""
        keys = ["caption"]
        for panel in self.panels:
            keys += [f"{panel.key}-title", f"{panel.key}-desc"]
        for text in self.texts():
            if text.key not in keys:
                keys.append(text.key)
        return keys


def _visitor_and_balancer(balancer_key: str) -> tuple:
    return (Box(105, 56, 150, 40, "visitor"), Arrow((180, 96), (180, 120)), Box(32, 120, 296, 44, balancer_key))


def _processes(height: float, label_y: float, idle: tuple[int, ...] = ()) -> tuple:
    return tuple(Box(8 + 118 * i, 214, 108, height, "process", (("n", i + 1),), label_y, idle=i + 1 in idle)
                 for i in range(3))


LAYOUTS: dict[str, Layout] = {layout.id: layout for layout in [
    Layout("shared-vs-sticky", (
        Panel("shared", 460, (
            *_visitor_and_balancer("load-balancer"),
            Arrow((130, 164), (62, 214)), Arrow((180, 164), (180, 214)), Arrow((230, 164), (298, 214)),
            Badge(96, 189, "1", 20), Badge(180, 189, "2", 20), Badge(264, 189, "3", 20),
            *_processes(48, 238),
            Arrow((62, 262), (130, 312), both=True), Arrow((180, 262), (180, 310), both=True),
            Arrow((298, 262), (230, 312), both=True),
            Store(100, 310, 160, 76, "Redis", 342), Token(180, 368, 100, 22, "session"),
            Text("store-caption", 180, 402, 300, 1, SMALL, "note"),
            Result("shared-result", 432, ok=True),
        )),
        Panel("sticky", 366, (
            *_visitor_and_balancer("sticky-load-balancer"),
            Arrow((130, 164), (62, 214)), Badge(96, 189, "1 2 3", w=50),
            *_processes(72, 234, idle=(2, 3)),
            Token(62, 268, 92, 22, "session"),
            Result("sticky-result", 322, ok=False, lines=3),
        )),
    )),
    Layout("restart", (
        Panel("memory", 196, (
            Box(12, 56, 104, 80, "process", label_y=78, lines=1), Token(64, 112, 88, 22, "session"),
            Arrow((116, 96), (244, 96)), Text("restart", 180, 74, 120, 2, SMALL, "note"),
            Box(244, 56, 104, 80, "process", label_y=78, lines=1), Token(296, 112, 88, 22, lost=True),
            Result("memory-result", 166, ok=False),
        )),
        Panel("service", 318, (
            Box(12, 56, 104, 56, "process", lines=1),
            Arrow((116, 84), (244, 84)), Text("restart", 180, 62, 120, 2, SMALL, "note"),
            Box(244, 56, 104, 56, "process", lines=1),
            Arrow((90, 112), (140, 172)), Text("writes", 104, 146, 92, 1, SMALL, "note", anchor="end"),
            Arrow((220, 172), (270, 112)), Text("reads", 256, 146, 92, 1, SMALL, "note", anchor="start"),
            Store(124, 168, 112, 72, "Redis", 198), Token(180, 222, 96, 22, "session"),
            Text("store-caption", 180, 256, 300, 1, SMALL, "note"),
            Result("service-result", 288, ok=True),
        )),
    )),
]}


# ---------------------------------------------------------------- labels (data/diagrams.yml)


@dataclass
class DiagramLabels:
    """diagram ID -> language -> label key -> text, and the line of each text in data/diagrams.yml."""

    texts: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    lines: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (diagram, lang, key) -> line

    def text(self, diagram_id: str, lang: str, key: str, default_lang: str = "en") -> str:
        """The label in `lang`; a missing one (already reported by `kb check`) falls back to `default_lang`."""
        for language in (lang, default_lang):
            text = self.texts.get(diagram_id, {}).get(language, {}).get(key)
            if text:
                return text
        return key


PLACEHOLDER = re.compile(r"\{(\w*)\}")


def load_labels(root: Path, languages: list[str]) -> tuple[DiagramLabels | None, list[Problem]]:
    """The labels and every problem in them (`file:line: message`); (None, []) when the project has no labels file."""
    if not (root / DIAGRAMS_FILE).is_file():
        return None, []
    data = load_yaml(root, DIAGRAMS_FILE)
    labels, problems = DiagramLabels(), []

    def problem(code: str, line: int, message: str, lang: str | None = None) -> None:
        problems.append(Problem(code, DIAGRAMS_FILE, line, message, lang=lang))

    if not isinstance(data, LinedMap):
        problem("diagram-labels-format", 1, "expected a mapping: a diagram ID, then one block of labels per language")
        return labels, problems
    known = ", ".join(sorted(LAYOUTS))
    for diagram_id in LAYOUTS:
        if diagram_id not in data:
            problem("diagram-labels-missing", 1, f"diagram '{diagram_id}' has no labels: add `{diagram_id}:` with one "
                                                 f"block per language ({', '.join(languages)})")
    for diagram_id, per_lang in data.items():
        line = data.lines[diagram_id]
        layout = LAYOUTS.get(diagram_id)
        if layout is None:
            problem("diagram-label-unknown", line,
                    f"'{diagram_id}' is not a diagram drawn by processes_kb/diagrams.py (known: {known})")
            continue
        if not isinstance(per_lang, LinedMap):
            problem("diagram-labels-format", line,
                    f"'{diagram_id}' needs one block of labels per language ({', '.join(languages)})")
            continue
        labels.texts[diagram_id] = {}
        for lang in per_lang:
            if lang not in languages:
                problem("language-unknown", per_lang.lines[lang],
                        f"'{diagram_id}' has labels for '{lang}', which is not a language in mkdocs.yml "
                        f"({', '.join(languages)})")
        for lang in languages:
            if lang not in per_lang:
                problem("diagram-label-missing", line,
                        f"'{diagram_id}' has no '{lang}' labels: add `{lang}:` with {', '.join(layout.keys())}", lang)
                continue
            entries = per_lang[lang]
            if not isinstance(entries, LinedMap):
                problem("diagram-labels-format", per_lang.lines[lang],
                        f"'{diagram_id}' ({lang}) needs one `label: text` line per label", lang)
                continue
            labels.texts[diagram_id][lang] = _read_entries(diagram_id, lang, layout, entries, per_lang.lines[lang],
                                                           problem)
            labels.lines.update({(diagram_id, lang, key): entries.lines[key] for key in entries})
    for diagram_id, per_lang in labels.texts.items():
        problems += _label_problems(LAYOUTS[diagram_id], per_lang, labels, languages[0])
    return labels, problems


def _read_entries(diagram_id: str, lang: str, layout: Layout, entries: LinedMap, lang_line: int,
                  problem) -> dict[str, str]:
    texts = {}
    keys = layout.keys()
    for key in keys:
        if key not in entries:
            problem("diagram-label-missing", lang_line,
                    f"'{diagram_id}' ({lang}) has no label '{key}': add `{key}: …`", lang)
    for key, text in entries.items():
        line = entries.lines[key]
        if key not in keys:
            problem("diagram-label-unknown", line,
                    f"'{diagram_id}' ({lang}) has an unknown label '{key}' (its labels: {', '.join(keys)})", lang)
        elif not isinstance(text, str) or not text.strip():
            problem("diagram-label-empty", line, f"'{diagram_id}' ({lang}) label '{key}' is empty", lang)
        else:
            texts[key] = re.sub(r"[ \t\n]+", " ", text).strip()  # a no-break space stays
    return texts


def _label_problems(layout: Layout, per_lang: dict[str, dict[str, str]], labels: DiagramLabels,
                    default_lang: str) -> list[Problem]:
    problems = []
    original = per_lang.get(default_lang, {})
    for lang, texts in per_lang.items():
        def problem(code: str, key: str, message: str) -> None:
            problems.append(Problem(code, DIAGRAMS_FILE, labels.lines[(layout.id, lang, key)], message, lang=lang))

        for key, text in texts.items():
            for typo in text_problems(text, lang, DIAGRAMS_FILE, labels.lines[(layout.id, lang, key)]):
                problems.append(replace(typo, message=f"'{layout.id}' ({lang}) label '{key}': {typo.message}"))
            if key in original and set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(original[key])):
                wanted = ", ".join("{" + name + "}" for name in sorted(set(PLACEHOLDER.findall(original[key]))))
                problem("diagram-label-placeholders", key, f"'{layout.id}' ({lang}) label '{key}' must contain "
                                                           f"{wanted or 'no {…}'}, as in '{default_lang}'")
        for panel in layout.panels:
            title, desc = texts.get(f"{panel.key}-title"), texts.get(f"{panel.key}-desc")
            if title and desc and len(desc.split()) < 2 * max(len(title.split()), 4):
                problem("diagram-alt-short", f"{panel.key}-desc",
                        f"'{layout.id}' ({lang}) '{panel.key}-desc' is the text alternative: say in a sentence what "
                        "the picture shows, not only its title")
        reported = set()
        for text in layout.texts():
            label = texts.get(text.key)
            if label is None or text.key in reported:
                continue
            shown = filled(label, text.values)
            if not fits(shown, text.width, text.lines, text.size, text.bold):
                reported.add(text.key)
                problem("diagram-label-overflow", text.key, f"'{layout.id}' ({lang}) label '{text.key}' does not fit "
                                                            f"its box: {_overflow(shown, text)}: shorten it")
    return problems


def _overflow(shown: str, text: Text) -> str:
    room = f"{text.width:g} units, about {int(text.width / (LOWER * text.size * (BOLD if text.bold else 1)))} letters"
    long_word = next((w for w in shown.split(" ") if text_width(w, text.size, text.bold) > text.width), None)
    if long_word:
        return f"the word “{long_word}” alone is wider than the box ({room})"
    needed = len(wrap(shown, text.width, text.size, text.bold))
    return (f"“{shown}” needs {needed} lines of {room}; the box has room for {text.lines} "
            f"line{'s' if text.lines > 1 else ''}")


def filled(label: str, values: tuple[tuple[str, object], ...]) -> str:
    mapping = dict(values)
    return PLACEHOLDER.sub(lambda m: str(mapping.get(m[1], m[0])), label)


def diagram_problems(site: Site, labels: DiagramLabels | None) -> list[Problem]:
    """Markers in the pages that name no diagram, or a diagram without labels."""
    problems = []
    known = ", ".join(sorted(LAYOUTS))
    for lang in site.languages:
        for page in site.pages[lang].values():
            for marker in page.markers:
                if marker.id not in LAYOUTS:
                    problems.append(Problem("diagram-unknown", page.path, marker.line,
                                            f"unknown diagram '{marker.id}' (known: {known})"))
                elif labels is None:
                    problems.append(Problem("diagram-labels-missing", page.path, marker.line,
                                            f"diagram '{marker.id}' has no labels: {DIAGRAMS_FILE} not found",
                                            lang=None))
    return problems


# ---------------------------------------------------------------- drawing


def figure(labels: DiagramLabels, diagram_id: str, lang: str, default_lang: str = "en") -> Figure:
    """The figure of a diagram in one language, for the page markup extension (a new element tree on every call)."""
    layout = LAYOUTS[diagram_id]
    anchor = f"diagram-{diagram_id}"

    def label(key: str) -> str:
        return labels.text(diagram_id, lang, key, default_lang)

    return Figure(anchor, label("caption"), [draw_panel(panel, f"{anchor}-{panel.key}", label) for panel in layout.panels])


def draw_panel(panel: Panel, element_id: str, label) -> etree.Element:
    """One panel as `<svg role="img">`, named by its <title> and described by its <desc>."""
    svg = etree.Element("svg", {
        "class": "kb-diagram__panel", "viewBox": f"0 0 {panel.width:g} {panel.height:g}",
        "width": f"{panel.width:g}", "height": f"{panel.height:g}", "role": "img",
        "aria-labelledby": f"{element_id}-title", "aria-describedby": f"{element_id}-desc",
    })
    etree.SubElement(svg, "title", {"id": f"{element_id}-title"}).text = label(f"{panel.key}-title")
    etree.SubElement(svg, "desc", {"id": f"{element_id}-desc"}).text = label(f"{panel.key}-desc")
    _text(svg, panel.heading(), label)
    for item in panel.items:
        if isinstance(item, Box):
            group = etree.SubElement(svg, "g", {"class": "kb-diagram__node"})
            _rect(group, item.x, item.y, item.w, item.h, "box" + (" kb-diagram__box--idle" if item.idle else ""), 6)
            _text(group, item.text(), label)
        elif isinstance(item, Store):
            _store(svg, item)
        elif isinstance(item, Token):
            _token(svg, item, label)
        elif isinstance(item, Arrow):
            _arrow(svg, item)
        elif isinstance(item, Badge):
            group = etree.SubElement(svg, "g", {"class": "kb-diagram__node"})
            _rect(group, item.x - item.w / 2, item.y - 10, item.w, 20, "badge", 10)
            _fixed(group, Fixed(item.text, item.x, item.y, 12))
        elif isinstance(item, Result):
            _icon(svg, 22, item.y, item.ok)
            _text(svg, item.text(), label)
        elif isinstance(item, Text):
            _text(svg, item, label)
        elif isinstance(item, Fixed):
            _fixed(svg, item)
    return svg


def _class(name: str) -> str:
    return " ".join(f"kb-diagram__{part}" if not part.startswith("kb-") else part for part in name.split())


def _rect(parent, x, y, w, h, kind: str, radius: float) -> etree.Element:
    return etree.SubElement(parent, "rect", {"class": _class(kind), "x": f"{x:g}", "y": f"{y:g}", "width": f"{w:g}",
                                             "height": f"{h:g}", "rx": f"{radius:g}", "fill": "none",
                                             "stroke": "currentColor"})


def _lines(parent, lines: list[str], x: float, y: float, size: float, attributes: dict,
           anchor: str = "middle") -> etree.Element:
    """Text centred vertically on y, one <tspan> a line."""
    text = etree.SubElement(parent, "text", {"x": f"{x:g}", "y": f"{y:g}", "font-size": f"{size:g}",
                                             "text-anchor": anchor, "fill": "currentColor", **attributes})
    step = size * LINE_HEIGHT
    for index, line in enumerate(lines):
        baseline = y + (index - (len(lines) - 1) / 2) * step + size * 0.35
        etree.SubElement(text, "tspan", {"x": f"{x:g}", "y": f"{baseline:.1f}"}).text = line
    return text


def _text(parent, text: Text, label) -> None:
    shown = filled(label(text.key), text.values)
    lines = wrap(shown, text.width, text.size, text.bold)
    attributes = {"class": f"kb-diagram__text kb-diagram__text--{text.style}"}
    if text.bold:
        attributes["font-weight"] = "bold"
    _lines(parent, lines, text.x, text.y, text.size, attributes, text.anchor)


def _fixed(parent, fixed: Fixed) -> None:
    attributes = {"class": "kb-diagram__text kb-diagram__text--fixed"}
    if fixed.bold:
        attributes["font-weight"] = "bold"
    _lines(parent, [fixed.text], fixed.x, fixed.y, fixed.size, attributes)


def _store(parent, store: Store) -> None:
    group = etree.SubElement(parent, "g", {"class": "kb-diagram__node"})
    rx, ry = store.w / 2, 8
    x, y, w, h = store.x, store.y, store.w, store.h
    body = (f"M{x:g},{y + ry:g} V{y + h - ry:g} A{rx:g},{ry:g} 0 0 0 {x + w:g},{y + h - ry:g} V{y + ry:g} "
            f"A{rx:g},{ry:g} 0 0 0 {x:g},{y + ry:g} Z")
    etree.SubElement(group, "path", {"class": "kb-diagram__store", "d": body, "fill": "none", "stroke": "currentColor"})
    etree.SubElement(group, "ellipse", {"class": "kb-diagram__store", "cx": f"{x + rx:g}", "cy": f"{y + ry:g}",
                                        "rx": f"{rx:g}", "ry": f"{ry:g}", "fill": "none", "stroke": "currentColor"})
    _fixed(group, Fixed(store.name, x + rx, store.name_y, LABEL, bold=True))


def _token(parent, token: Token, label) -> None:
    group = etree.SubElement(parent, "g", {"class": "kb-diagram__node"})
    x, y = token.x - token.w / 2, token.y - token.h / 2
    _rect(group, x, y, token.w, token.h, "token kb-diagram__token--lost" if token.lost else "token", token.h / 2)
    if token.lost:
        d = f"M{token.x - 6:g},{token.y - 6:g} L{token.x + 6:g},{token.y + 6:g} M{token.x + 6:g},{token.y - 6:g} " \
            f"L{token.x - 6:g},{token.y + 6:g}"
        etree.SubElement(group, "path", {"class": "kb-diagram__mark kb-diagram__mark--bad", "d": d, "fill": "none",
                                         "stroke": "currentColor"})
    elif token.key:
        _lines(group, [label(token.key)], token.x, token.y, SMALL,
               {"class": "kb-diagram__text kb-diagram__text--token"})


def _arrow(parent, arrow: Arrow) -> None:
    group = etree.SubElement(parent, "g", {"class": "kb-diagram__arrow"})
    (x1, y1), (x2, y2) = arrow.start, arrow.end
    angle = math.atan2(y2 - y1, x2 - x1)
    head = 9  # length of a head; the line stops where the head starts
    ends = [(x2, y2, angle)] + ([(x1, y1, angle + math.pi)] if arrow.both else [])
    sx, sy = (x1 + head * math.cos(angle), y1 + head * math.sin(angle)) if arrow.both else (x1, y1)
    ex, ey = x2 - head * math.cos(angle), y2 - head * math.sin(angle)
    etree.SubElement(group, "line", {"class": "kb-diagram__line", "x1": f"{sx:.1f}", "y1": f"{sy:.1f}",
                                     "x2": f"{ex:.1f}", "y2": f"{ey:.1f}", "stroke": "currentColor"})
    for x, y, direction in ends:
        points = [(x, y)] + [(x - head * math.cos(direction + side * 0.45), y - head * math.sin(direction + side * 0.45))
                             for side in (-1, 1)]
        etree.SubElement(group, "polygon", {"class": "kb-diagram__head", "fill": "currentColor",
                                            "points": " ".join(f"{px:.1f},{py:.1f}" for px, py in points)})


def _icon(parent, x: float, y: float, ok: bool) -> None:
    kind = "ok" if ok else "bad"
    group = etree.SubElement(parent, "g", {"class": f"kb-diagram__mark kb-diagram__mark--{kind}"})
    etree.SubElement(group, "circle", {"cx": f"{x:g}", "cy": f"{y:g}", "r": "10", "fill": "none",
                                       "stroke": "currentColor"})
    d = (f"M{x - 4.5:g},{y:g} L{x - 1:g},{y + 3.5:g} L{x + 5:g},{y - 4:g}" if ok else
         f"M{x - 4:g},{y - 4:g} L{x + 4:g},{y + 4:g} M{x + 4:g},{y - 4:g} L{x - 4:g},{y + 4:g}")
    etree.SubElement(group, "path", {"d": d, "fill": "none", "stroke": "currentColor"})
