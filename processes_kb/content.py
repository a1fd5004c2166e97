"""The content model: pages in every language, read into ordered segments with stable IDs.

Every other part of the toolkit (checks, build hooks, CLI, tests) reads the docs through this module.

Layout: ``docs/<lang>/<page>.md``, one folder per language; languages come from the i18n plugin in mkdocs.yml.
A segment is one translatable block carrying an explicit ID that is the same in every language:

    ## Heading text { #some-id }          heading: ID at the end of the line

    Paragraph text...                     paragraph: ID alone on the paragraph's last line
    {: #some-id }

    - List item text...                   list item: ID alone on the item's last line, indented
      {: #some-id }

    ``` { .py #some-id }                  code block: ID in the fence's attributes

Between segments a page may place a figure the build draws, with a marker on a line of its own (an HTML comment:
invisible wherever the build does not draw it); it stands after the same segment in every language:

    <!-- diagram: shared-vs-sticky -->   a diagram (processes_kb/diagrams.py), anchor #diagram-shared-vs-sticky
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# `{ #id }` ending a heading, or `{: #id }` alone on a block's last line; other attributes may follow the ID.
HEADING_ID = re.compile(r"\s*\{:?\s*#(?P<id>[^\s}]+)(?P<rest>[^}]*)\}\s*$")
BLOCK_ID_LINE = re.compile(r"^\s*\{:\s*#(?P<id>[^\s}]+)(?P<rest>[^}]*)\}\s*$")
# The same markers with their closing brace forgotten: Python-Markdown would print them as text.
UNCLOSED_HEADING_ID = re.compile(r"\s\{:?\s*#(?P<id>[^\s}]+)[^}]*$")
UNCLOSED_BLOCK_ID_LINE = re.compile(r"^\s*\{:?\s*#(?P<id>[^\s}]+)[^}]*$")
FENCE_ID = re.compile(r"#(?P<id>[^\s}]+)")
# `<!-- diagram: id -->` alone on its line; any other HTML comment is an ordinary comment.
DIAGRAM_MARKER = re.compile(r"^<!--\s*diagram\s*:\s*(?P<id>[^\s>]+)\s*-->$")
DIAGRAM_MARKER_START = re.compile(r"^<!--\s*diagram\b")
VALID_ID = re.compile(rf"^{ID_PATTERN}$")

# Pages are small; a bigger file is a mistake (a log, a binary renamed .md), refused before parsing.
MAX_PAGE_BYTES = 1_000_000

KIND_NAMES = {"heading": "a heading", "paragraph": "a paragraph", "list-item": "a list item", "code": "a code block"}


class ContentError(Exception):
    """Input that cannot be read at all (missing, undecodable or oversized file, unreadable mkdocs.yml)."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Problem:
    """Something wrong in the docs or the data, reported as `file:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Segment:
    id: str
    kind: str  # heading | paragraph | list-item | code
    text: str  # the block's Markdown source, without its ID marker
    line: int  # 1-based line where the block starts
    level: int = 0  # heading level (1-6); 0 for other kinds

    @property
    def digest(self) -> str:
        """Fingerprint of what a reader reads (words and code, not markup, link targets or attributes), to tell when a
        source segment changed in a way its translations must follow."""
        return hashlib.sha256(plain_text(self.text).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Marker:
    """A figure the build draws where the page places it: `<!-- diagram: id -->` between two segments."""

    kind: str  # "diagram"
    id: str  # the diagram's ID (a key of processes_kb.diagrams.LAYOUTS)
    line: int
    after: str | None  # the segment it follows; None at the start of the page

    @property
    def anchor(self) -> str:
        """The figure's element ID, a link target like a segment's: `diagram-shared-vs-sticky`."""
        return f"{self.kind}-{self.id}"

    @property
    def source(self) -> str:
        return f"<!-- {self.kind}: {self.id} -->"


@dataclass
class Page:
    lang: str
    name: str  # path inside the language folder, e.g. "processes.md"
    path: str  # path as shown in messages, e.g. "docs/uk/processes.md"
    meta: dict = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line in the file
    segments: list[Segment] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)  # figures placed between segments, in page order
    problems: list[Problem] = field(default_factory=list)
    empty: bool = False
    front_matter_broken: bool = False  # already reported; its keys are not compared

    @property
    def ids(self) -> list[str]:
        return [segment.id for segment in self.segments]

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    def anchors(self) -> list[tuple[str, int, str]]:
        """Every element ID a reader can link to, in page order: (ID, line, what) for each segment and figure."""
        found = [(s.id, s.line, "segment") for s in self.segments]
        found += [(m.anchor, m.line, "figure") for m in self.markers]
        return sorted(found, key=lambda anchor: anchor[1])

    def has_anchor(self, anchor_id: str) -> bool:
        return self.segment(anchor_id) is not None or any(m.anchor == anchor_id for m in self.markers)


@dataclass
class Site:
    root: Path
    default_lang: str
    languages: list[str]  # default first
    pages: dict[str, dict[str, Page]]  # lang -> page name -> Page
    problems: list[Problem] = field(default_factory=list)  # layout problems (stray files, unknown folders)
    nav: list[str] = field(default_factory=list)  # page names in the order of mkdocs.yml's `nav`

    def reading_order(self, name: str) -> tuple[int, str]:
        """Sort key: pages in the navigation's order, then the rest (such as recommendation pages) by name."""
        return (self.nav.index(name) if name in self.nav else len(self.nav), name)

    def page_names(self) -> list[str]:
        names = {name for pages in self.pages.values() for name in pages}
        return sorted(names)

    @property
    def originals(self) -> dict[str, Page]:
        return self.pages[self.default_lang]

    def url_prefix(self, lang: str) -> str:
        """Where a language's pages are published: the default language at the root, others under `lang/`."""
        return "" if lang == self.default_lang else f"{lang}/"

    def page_path(self, lang: str, target: str) -> str:
        """The published path of `page.md#fragment` in a language, from the site root: `uk/processes/#tagline`."""
        name, _, fragment = target.partition("#")
        stem = name.removesuffix(".md").removesuffix("index").rstrip("/")
        return self.url_prefix(lang) + (f"{stem}/" if stem else "") + (f"#{fragment}" if fragment else "")


# ---------------------------------------------------------------- configuration


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its `!!python/...` or `!ENV` tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _read_mkdocs_yml(mkdocs_yml: Path) -> dict:
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader)
    except OSError as error:
        raise ContentError(mkdocs_yml.name, 1, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ContentError(mkdocs_yml.name, 1, "not valid UTF-8 text") from None
    except yaml.YAMLError as error:
        line = error.problem_mark.line + 1 if getattr(error, "problem_mark", None) else 1
        raise ContentError(mkdocs_yml.name, line, f"not valid YAML: {getattr(error, 'problem', error)}") from None
    return config if isinstance(config, dict) else {}


def read_nav(mkdocs_yml: Path) -> list[str]:
    """The page names of mkdocs.yml's `nav`, in order (nested sections flattened; titles ignored)."""
    names: list[str] = []

    def walk(item) -> None:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(_read_mkdocs_yml(mkdocs_yml).get("nav") or [])
    return names


def read_languages(mkdocs_yml: Path) -> tuple[str, list[str]]:
    """The default language and all built languages (default first), from the i18n plugin in mkdocs.yml."""
    config = _read_mkdocs_yml(mkdocs_yml)
    for plugin in (config or {}).get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = (plugin["i18n"] or {}).get("languages") or []
            if not all(isinstance(lang, dict) and lang.get("locale") for lang in languages):
                raise ContentError(mkdocs_yml.name, 1, "every i18n language needs a `locale`")
            built = [lang for lang in languages if lang.get("build", True)]
            defaults = [lang["locale"] for lang in built if lang.get("default")]
            if len(defaults) != 1:
                raise ContentError(mkdocs_yml.name, 1,
                                   "the i18n plugin needs exactly one language with `default: true`")
            others = [lang["locale"] for lang in built if not lang.get("default")]
            return defaults[0], [defaults[0], *others]
    raise ContentError(mkdocs_yml.name, 1, "no i18n plugin with `languages` is configured")


# ---------------------------------------------------------------- parsing

_parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(admon_plugin)
FENCE_LINE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def _split_block_id(content: str) -> tuple[str, str | None, bool]:
    """Split a paragraph's inline source into (text, id, unclosed) when its last line is `{: #id }`."""
    lines = content.split("\n")
    match = BLOCK_ID_LINE.match(lines[-1])
    if match:
        return "\n".join(lines[:-1]).rstrip(), match["id"], False
    unclosed = UNCLOSED_BLOCK_ID_LINE.match(lines[-1])
    if unclosed:
        return "\n".join(lines[:-1]).rstrip(), unclosed["id"], True
    return content, None, False


def _fence_is_closed(token: Token, lines: list[str]) -> bool:
    """markdown-it runs an unclosed fence to the end of the page; a closed one ends on a fence line."""
    last = token.map[1] - 1
    if last <= token.map[0] or last >= len(lines):
        return False
    marker = token.markup
    closing = lines[last].strip()
    return closing.startswith(marker[0] * len(marker)) and not closing.strip(marker[0])


def parse_page(source: str, lang: str, name: str, path: str) -> Page:
    """Read one page's Markdown into its ordered segments; problems are collected, not raised."""
    page = Page(lang=lang, name=name, path=path)

    def problem(line: int, message: str) -> None:
        page.problems.append(Problem(path, line, message))

    if not source.strip():
        page.empty = True
        problem(1, "the file is empty: it needs the whole page, every segment of the original")
        return page
    lines = source.split("\n")
    tokens = _parser.parse(source)
    if lines[0] == "---" and not any(t.type == "front_matter" for t in tokens):
        page.front_matter_broken = True
        problem(1, "front matter is never closed: end it with a line `---`")
        # Read the rest as if the front matter ended at the first blank line, so it is not also reported as text.
        end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
        tokens = _parser.parse("\n" * end + "\n".join(lines[end:]))
    first_line: dict[str, int] = {}

    def add(segment_id: str | None, kind: str, text: str, line: int, level: int = 0) -> None:
        if segment_id is None:
            where = {
                "heading": "add `{ #id }` at the end of the heading line",
                "code": "add `#id` to the fence's attributes, e.g. ``` { .py #id }",
            }.get(kind, "add `{: #id }` on a line of its own as the block's last line")
            problem(line, f"{KIND_NAMES[kind]} has no segment ID: {where}")
            return
        if not VALID_ID.match(segment_id):
            problem(line, f"segment ID '{segment_id}' is not valid: use lowercase letters, digits and dashes")
            return
        if segment_id in first_line:
            problem(line, f"duplicate segment ID '{segment_id}' (first used on line {first_line[segment_id]})")
            return
        first_line[segment_id] = line
        page.segments.append(Segment(segment_id, kind, text, line, level))

    list_item_line: int | None = None  # set while the next paragraph is the first one of a list item
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        if token.type == "front_matter":
            page.meta, page.meta_lines = _parse_front_matter(token, problem)
            page.front_matter_broken = not page.meta and bool(token.content.strip())
        elif token.type == "heading_open":
            content = tokens[index + 1].content
            match = HEADING_ID.search(content)
            unclosed = None if match else UNCLOSED_HEADING_ID.search(content)
            if unclosed:
                problem(line, f"the ID `{{ #{unclosed['id']}` is not closed: end it with `}}`")
                add(unclosed["id"], "heading", content[: unclosed.start()].strip(), line, int(token.tag[1]))
                continue
            text = content[: match.start()] if match else content
            add(match["id"] if match else None, "heading", text.strip(), line, int(token.tag[1]))
        elif token.type == "list_item_open":
            list_item_line = line
        elif token.type == "paragraph_open":
            text, segment_id, unclosed = _split_block_id(tokens[index + 1].content)
            kind, start = ("list-item", list_item_line) if list_item_line else ("paragraph", line)
            list_item_line = None
            if unclosed:
                id_line = token.map[1] if token.map else line
                problem(id_line, f"the ID line `{{: #{segment_id}` is not closed: end it with `}}`")
            if not text:
                problem(line, f"ID line `{{: #{segment_id} }}` stands alone: put it on the last line of its block, "
                              "with no blank line before it")
                continue
            add(segment_id, kind, text, start)
        elif token.type in ("fence", "code_block"):
            if token.type == "fence" and not _fence_is_closed(token, lines):
                problem(line, f"the code fence opened here is never closed: add a closing {token.markup} line "
                              "after the code")
            match = FENCE_ID.search(token.info) if token.type == "fence" else None
            add(match["id"] if match else None, "code", token.content, line)
        elif token.type == "table_open":
            problem(line, "tables cannot carry segment IDs: write the content as a list")
        elif token.type == "html_block" and not token.content.lstrip().startswith("<!--"):
            problem(line, "raw HTML blocks cannot carry segment IDs: use Markdown")
        elif token.type == "html_block" and DIAGRAM_MARKER_START.match(token.content.strip()):
            _add_marker(page, token, line, problem)
    for marker in page.markers:
        clash = page.segment(marker.anchor)
        if clash:
            problem(clash.line, f"segment ID '{clash.id}' is the anchor of the {marker.kind} on line {marker.line}: "
                                "rename the segment")
    return page


def _add_marker(page: Page, token: Token, line: int, problem) -> None:
    """A `<!-- diagram: id -->` marker; the page model knows where it stands, processes_kb.diagrams what it draws."""
    match = DIAGRAM_MARKER.match(token.content.strip())
    if token.level != 0:
        problem(line, "a diagram marker stands between the blocks of the page, not inside a list or a quote: move it "
                      "out, with a blank line before and after it")
    elif not match:
        problem(line, "cannot read the diagram marker: write `<!-- diagram: id -->` alone on its line")
    elif not VALID_ID.match(match["id"]):
        problem(line, f"diagram ID '{match['id']}' is not valid: use lowercase letters, digits and dashes")
    elif first := next((m for m in page.markers if m.id == match["id"]), None):
        problem(line, f"diagram '{match['id']}' is already shown on line {first.line}: a page shows a diagram once")
    else:
        page.markers.append(Marker("diagram", match["id"], line, page.segments[-1].id if page.segments else None))


def _parse_front_matter(token: Token, problem) -> tuple[dict, dict[str, int]]:
    try:
        node = yaml.compose(token.content, Loader=yaml.SafeLoader)
        meta = yaml.safe_load(token.content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem((mark.line + 2) if mark else 1, f"front matter is not valid YAML: {getattr(error, 'problem', error)}")
        return {}, {}
    if not isinstance(meta, dict):
        problem(2, "front matter must be a mapping of `key: value` lines")
        return {}, {}
    lines = {key.value: key.start_mark.line + 2 for key, _ in node.value} if node is not None else {}
    return meta, lines


def read_page(file: Path, lang: str, name: str, shown_path: str) -> Page:
    try:
        size = file.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise ContentError(shown_path, 1, f"the file is {size / 1e6:.1f} MB; a page may be at most "
                                              f"{MAX_PAGE_BYTES / 1e6:.0f} MB: is this the right file?")
        # utf-8-sig: a byte-order mark is accepted and ignored, as MkDocs does; universal newlines make CRLF
        # files read the same as LF files.
        source = file.read_text(encoding="utf-8-sig")
        if "\x00" in source:
            raise ContentError(shown_path, source[: source.index("\x00")].count("\n") + 1,
                               "contains NUL bytes: this is not a text page")
    except UnicodeDecodeError as error:
        line = file.read_bytes()[: error.start].count(b"\n") + 1
        raise ContentError(shown_path, line, "not valid UTF-8 text (save the file as UTF-8)") from None
    except OSError as error:
        raise ContentError(shown_path, 1, f"cannot read: {error.strerror}") from None
    return parse_page(source, lang, name, shown_path)


# ---------------------------------------------------------------- snippet includes

SNIPPET_LINE = re.compile(r'^\s*--8<--\s+"(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"\s*$')
SECTION_START = "--8<-- [start:{}]"


@dataclass(frozen=True)
class SnippetInclude:
    """A `--8<-- "path:section"` line in a page's code block: the page shows that file's (section's) code."""

    ref: str  # "path:section" or "path"
    lang: str
    page: str  # page name inside the language folder
    path: str  # page path as shown in messages
    line: int


def snippet_includes(site: Site) -> tuple[list[SnippetInclude], list[Problem]]:
    """Every include in every page's code blocks; problems for pasted code and missing files or sections."""
    includes, problems = [], []
    for lang in site.languages:
        for page in site.pages[lang].values():
            for segment in (s for s in page.segments if s.kind == "code"):
                for offset, line in enumerate(segment.text.splitlines(), start=1):
                    match, where = SNIPPET_LINE.match(line), (page.path, segment.line + offset)
                    if not match:
                        if line.strip():
                            problems.append(Problem(*where, f"code block '{segment.id}' has code pasted into the "
                                                            "page: include it from a checked file with "
                                                            '`--8<-- "path:section"`'))
                            break
                        continue
                    path, section = match["path"], match["section"]
                    file = site.root / path
                    if not file.is_file():
                        problems.append(Problem(*where, f"snippet file '{path}' does not exist"))
                    elif section and SECTION_START.format(section) not in file.read_text(encoding="utf-8"):
                        problems.append(Problem(*where, f"snippet section '{section}' not found in {path} "
                                                        f"(mark it with `# {SECTION_START.format(section)}`)"))
                    else:
                        ref = f"{path}:{section}" if section else path
                        includes.append(SnippetInclude(ref, lang, page.name, *where))
    return includes, problems


# ---------------------------------------------------------------- the whole site


def load_site(root: Path) -> Site:
    """Read every page of every configured language under `root`/docs (`root` holds mkdocs.yml)."""
    default_lang, languages = read_languages(root / "mkdocs.yml")
    docs = root / "docs"
    if not docs.is_dir():
        raise ContentError("docs", 1, "docs folder not found")
    site = Site(root, default_lang, languages, {lang: {} for lang in languages}, nav=read_nav(root / "mkdocs.yml"))
    for file in sorted(docs.rglob("*.md")):
        relative = file.relative_to(docs)
        shown = (Path("docs") / relative).as_posix()
        lang = relative.parts[0]
        if len(relative.parts) == 1:
            site.problems.append(Problem(shown, 1, "page outside a language folder: move it to docs/<lang>/"))
        elif lang not in languages:
            site.problems.append(
                Problem(shown, 1, f"folder '{lang}' is not a language configured in mkdocs.yml ({', '.join(languages)})")
            )
        else:
            name = Path(*relative.parts[1:]).as_posix()
            site.pages[lang][name] = read_page(file, lang, name, shown)
    return site


# ---------------------------------------------------------------- plain text

_inline_parser = MarkdownIt("commonmark")
ATTRIBUTE_LIST = re.compile(r"\{:?\s*(?:[#.][\w-]+|[\w-]+=[^}\s]*)(?:\s+(?:[#.][\w-]+|[\w-]+=[^}\s]*))*\s*\}")


def plain_text(markdown: str, code: bool = True) -> str:
    """What a reader sees of a segment's Markdown, as one line of text: no markup, no link targets, no `{…}` IDs;
    `code=False` leaves out inline code too (the prose only)."""
    words = []
    for token in _inline_parser.parseInline(markdown.strip()):
        for child in token.children or []:
            if child.type == "text" or child.type == "code_inline" and code:
                words.append(child.content)
            elif child.type == "code_inline":
                words.append(" ")
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
    return " ".join(ATTRIBUTE_LIST.sub("", "".join(words)).split())
