"""What the renderer makes of a page, held against the content model: one source of truth for segment IDs.

The content model (processes_kb.content) reads pages with markdown-it, which gives every block its source lines;
the site is rendered by Python-Markdown, which gives none. The two dialects disagree where CommonMark lets a block
interrupt a paragraph and Python-Markdown does not: a list or a code fence right after a paragraph, with no blank line,
is one paragraph to Python-Markdown, so its `{: #id }` lines are shown to readers as text and the IDs vanish from the
published page (found by running both parsers over every page with such mutations: tests/test_rendering.py).

Why compare rather than take the segments from Python-Markdown's tree, as Sphinx's gettext builder takes its
messages from the doctree it renders: Python-Markdown keeps no source positions, and the translator tools need each
segment's exact source lines (file:line messages, `kb import` writing a paragraph back in place). So the model keeps
markdown-it for the source, and the renderer is the referee: a tree processor inside the real render
(`RenderedAnchors`) records every element ID and every `{:` left as text, and `rendering_problems` turns any
difference into a `file:line` problem. The build compares the pages it renders (no extra parse); `kb check` renders
every page itself with the site's Markdown extensions (code is not highlighted, which changes no ID).

Rendering is most of `kb check`'s time (0.65 of 1.1 s for 115 pages, measured), and a translator runs it again and
again after editing one page: `RenderCache` keeps what the renderer made of each page in the user's cache folder
(never in the project: a check writes nothing there), keyed by the
page's text and by everything else a render reads (mkdocs.yml, the data, the examples, the toolkit's code, the
Markdown packages' versions), so only the edited page is rendered again and a stale entry cannot be read. Written
here rather than with joblib.Memory or diskcache: the key is the inputs' content, not a function's arguments (the
renderer and the term reader are not picklable), and one JSON file that a run rewrites whole needs no dependency.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import xml.etree.ElementTree as etree
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

import markdown
from markdown.treeprocessors import Treeprocessor

from processes_kb.content import KIND_NAMES, Page, Problem, Site
from processes_kb.project import OWN_EXTENSION, ProjectConfig

# A block attribute list Python-Markdown did not apply: it shows to readers as text.
LITERAL_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}?|\{\s*#[a-z0-9-]+[^}\n]*\}")
LITERAL_ID = re.compile(r"#(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)")
EXPECTED_TAGS = {"heading": {"h1", "h2", "h3", "h4", "h5", "h6"}, "paragraph": {"p"}, "list-item": {"li", "li>p"},
                 "code": {"code"}}
HINT = "a list, heading or code fence that follows a paragraph needs a blank line before it"


@dataclass
class RenderedPage:
    """Element IDs of a rendered page (ID -> tag; `li>p` for a paragraph inside a list item, `code` for a code
    block) and the attribute lists left as text."""

    ids: dict[str, str] = field(default_factory=dict)
    literals: list[str] = field(default_factory=list)


class RenderedAnchors(Treeprocessor):
    """Records what the renderer made, right after `attr_list` set the IDs and before the site adds its own markup."""

    PRIORITY = 7.9  # attr_list is 8; the site's generated markup starts at 7.4

    def __init__(self, md: markdown.Markdown, report: Callable[[RenderedPage], None]):
        super().__init__(md)
        self.report = report

    def run(self, root: etree.Element) -> None:
        rendered = RenderedPage()
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in root.iter():
            element_id = element.get("id")
            if element_id:
                inside_item = element.tag == "p" and getattr(parents.get(element), "tag", None) == "li"
                rendered.ids.setdefault(element_id, "li>p" if inside_item else element.tag)
            texts = [element.tail] if element.tag in ("code", "pre") else [element.text, element.tail]
            rendered.literals += [m.group(0) for text in texts if text for m in LITERAL_ATTRIBUTES.finditer(text)]
        for block in self.md.htmlStash.rawHtmlBlocks:  # code blocks (superfences) are stashed HTML
            if isinstance(block, str) and " id=" in block:
                rendered.ids.update(dict.fromkeys(_html_ids(block), "code"))
        self.report(rendered)


class _IdCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id" and value]


def _html_ids(html: str) -> list[str]:
    collector = _IdCollector()
    collector.feed(html)
    return collector.ids


def rendering_problems(page: Page, rendered: RenderedPage, source: str | None = None) -> list[Problem]:
    """Every segment of the model must be an element of its kind in the rendered page, and no attribute list may be
    left as text. `source` (the page's Markdown) places a stray attribute list that names no segment."""
    problems = []
    literal_ids = {m["id"] for text in rendered.literals for m in LITERAL_ID.finditer(text)}
    for segment in page.segments:
        tag = rendered.ids.get(segment.id)
        what = f"{KIND_NAMES[segment.kind]} '{segment.id}'"
        if tag is None:
            shown = " and shows its `{: #" + segment.id + " }` to readers as text" if segment.id in literal_ids else ""
            problems.append(Problem("segment-not-rendered", page.path, segment.line, f"{what} is missing from the rendered page: "
                                                             f"Python-Markdown reads this block differently{shown}; "
                                                             f"{HINT}"))
        elif tag not in EXPECTED_TAGS[segment.kind]:
            problems.append(Problem("segment-not-rendered", page.path, segment.line, f"{what} is rendered as <{tag.replace('li>p', 'p')}>, "
                                                             f"not as {KIND_NAMES[segment.kind]}: "
                                                             f"Python-Markdown reads this block differently; {HINT}"))
    known = set(page.ids)
    for literal in rendered.literals:
        if any(m["id"] in known for m in LITERAL_ID.finditer(literal)):
            continue  # reported above, on its segment
        problems.append(Problem("attributes-shown-as-text", page.path, _line_of(literal, source), f"`{literal}` is shown to readers as text: an "
                                                                      "attribute list must stand alone on the last "
                                                                      "line of its block, or end a heading"))
    return problems


def _line_of(text: str, source: str | None) -> int:
    for number, line in enumerate((source or "").split("\n"), start=1):
        if text in line:
            return number
    return 1


# ---------------------------------------------------------------- kb check: render every page as the build does


class _Recorded(Exception):
    """Stops a check's render once the tree is recorded: the rest (tables of contents, HTML) is not read."""


class _StopRender(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        raise _Recorded


class TreeReader:
    """Another check that reads each page's tree, in the same render as the comparison here (one render per page for
    every check): `extend` registers its tree processors, the render stops once the one with `priority` has run, and
    `start` is told each page before it is rendered (processes_kb.term_links reads the glossary links so)."""

    priority: float = 7.0

    def extend(self, md: markdown.Markdown) -> None:
        raise NotImplementedError

    def start(self, page: Page) -> None:
        raise NotImplementedError

    def recorded(self, page: Page) -> Any:
        """What it read of `page`, as JSON data (RenderCache keeps it)."""
        raise NotImplementedError

    def replay(self, page: Page, data: Any) -> None:
        """Take `recorded`'s data for `page` instead of reading its tree (a page RenderCache did not render)."""
        raise NotImplementedError


def page_renderer(extensions: list, configs: dict,
                  reader: TreeReader | None = None) -> Callable[[str, Page | None], RenderedPage]:
    """A function rendering one page's Markdown with the site's extensions, returning what the renderer made (and
    letting `reader` read the tree too)."""
    captured: list[RenderedPage] = []

    class Capture(markdown.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.treeprocessors.register(RenderedAnchors(md, captured.append), "kb_rendered_anchors",
                                       RenderedAnchors.PRIORITY)
            if reader is not None:
                reader.extend(md)
            last = reader.priority if reader is not None else RenderedAnchors.PRIORITY
            md.treeprocessors.register(_StopRender(md), "kb_stop_render", last - 0.05)

    md = markdown.Markdown(extensions=[*extensions, Capture()], extension_configs=configs)

    def render(text: str, page: Page | None = None) -> RenderedPage:
        captured.clear()
        if reader is not None and page is not None:
            reader.start(page)
        md.reset()
        try:
            md.convert(text)
        except _Recorded:
            pass
        return captured[-1] if captured else RenderedPage()

    return render


FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def renderer_for(config: ProjectConfig, reader: TreeReader | None = None) -> Callable[[str, Page | None], RenderedPage]:
    """The site's Markdown extensions without the site's own markup (which adds nothing the comparison reads)."""
    return page_renderer(*site_extensions(config), reader)


def site_extensions(config: ProjectConfig) -> tuple[list[str], dict]:
    """The site's Markdown extensions (names, settings) but its own, with relative paths taken from the project
    folder, as the build takes them; code is not highlighted (no ID changes)."""
    configs = {name: dict(config.mdx_configs.get(name) or {}) for name in config.markdown_extensions}
    snippets = configs.get("pymdownx.snippets")
    if snippets is not None:
        snippets["base_path"] = [str(config.root / path) for path in _as_list(snippets.get("base_path") or ["."])]
    configs.setdefault("pymdownx.highlight", {})["use_pygments"] = False
    names = [name for name in config.markdown_extensions if name != OWN_EXTENSION]
    return names, {name: configs[name] for name in names if configs.get(name)}


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


# ---------------------------------------------------------------- what was rendered, kept between runs

_CACHE_FILE = "rendered-pages.json"
_CACHE_FORMAT = 1
# Besides the page itself, what a render reads: the extensions' settings, the glossary and other data (the term
# reader), included examples, the toolkit. The translations' lock files are read after the render, never by it.
_RENDER_INPUTS = ("mkdocs.yml", "data", "examples", "processes_kb")
_SKIPPED = {"translations", "__pycache__", "output"}
_PACKAGES = ("markdown", "pymdown-extensions", "markdown-it-py")


class RenderCache:
    """What the renderer (and a TreeReader) made of each page in an earlier `kb check`, in `cache_folder(root)`. An entry is
    found by a digest of the page's text and of every other input of a render, so a stale entry is never read; each
    run keeps only the entries it used. An unreadable or unwritable cache is no cache (never an error)."""

    def __init__(self, root: Path, reader: TreeReader | None):
        self.file = cache_folder(root) / _CACHE_FILE
        self.inputs = _inputs_digest(root, reader)
        self.rendered = 0  # pages rendered in this run, the others came from the cache
        self._old = self._read()
        self._new: dict[str, dict] = {}

    def _read(self) -> dict:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            return data["pages"] if data.get("format") == _CACHE_FORMAT and data.get("inputs") == self.inputs else {}
        except (OSError, ValueError, AttributeError, KeyError, TypeError):
            return {}

    def key(self, page: Page, body: str) -> str:
        return hashlib.sha256(f"{page.lang}\0{page.name}\0{body}".encode()).hexdigest()

    def get(self, key: str) -> dict | None:
        entry = self._old.get(key)
        if entry is not None:
            self._new[key] = entry
        return entry

    def put(self, key: str, rendered: RenderedPage, read: Any) -> None:
        self.rendered += 1
        self._new[key] = {"rendered": asdict(rendered), "read": read}

    def save(self) -> None:
        if self._new.keys() == self._old.keys():
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps({"format": _CACHE_FORMAT, "inputs": self.inputs, "pages": self._new},
                                          ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            partial.replace(self.file)
        except OSError:
            pass


def cache_folder(root: Path) -> Path:
    """Where `kb check` keeps its renders of the project at `root`: $XDG_CACHE_HOME (or ~/.cache)/processes-kb/, one
    folder per project folder."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    project = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return base / "processes-kb" / project


def _inputs_digest(root: Path, reader: TreeReader | None) -> str:
    digest = hashlib.sha256(f"{sys.version}\0{type(reader).__qualname__}".encode())
    for package in _PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=-\0".encode())
    for name in _RENDER_INPUTS:
        top = root / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()
                                                   and not _SKIPPED.intersection(p.relative_to(top).parts))
        for file in files:
            try:
                digest.update(f"{file.relative_to(root).as_posix()}\0".encode() + file.read_bytes() + b"\0")
            except OSError:
                digest.update(b"unreadable\0")
    return digest.hexdigest()


def render_check(site: Site, config: ProjectConfig, reader: TreeReader | None = None,
                 cache: RenderCache | None = None) -> list[Problem]:
    """Render every page of every language as the build does and compare it with the content model; `reader` reads
    the same trees for its own check. With a `cache`, a page rendered by an earlier run with the same inputs is
    not rendered again."""
    render, problems = None, []
    for pages in site.pages.values():
        for page in pages.values():
            if page.problems:  # the model's own message is the clearer one; compare once it is fixed
                continue
            source = (site.root / page.path).read_text(encoding="utf-8-sig")
            body = FRONT_MATTER.sub(lambda m: "\n" * m.group(0).count("\n"), source, count=1)
            key = cache.key(page, body) if cache is not None else ""
            kept = cache.get(key) if cache is not None else None
            if kept is not None:
                rendered = RenderedPage(**kept["rendered"])
                if reader is not None:
                    reader.replay(page, kept["read"])
            else:
                render = render or renderer_for(config, reader)  # made only when a page needs it
                try:
                    rendered = render(body, page)
                except Exception:  # a broken include: snippet_includes reports it with file:line
                    continue
                if cache is not None:
                    cache.put(key, rendered, reader.recorded(page) if reader is not None else None)
            problems += rendering_problems(page, rendered, body)
    if cache is not None:
        cache.save()
    return problems
