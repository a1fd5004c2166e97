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

import functools
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from processes_kb.project import ConfigError, ProjectConfig

from processes_kb.problems import Problem  # noqa: F401  (every check imports it from the content model)

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
class Segment:
    id: str
    kind: str  # heading | paragraph | list-item | code
    text: str  # the block's Markdown source, without its ID marker
    line: int  # 1-based line where the block starts
    level: int = 0  # heading level (1-6); 0 for other kinds
    # The page's reference definitions (`[ref]: target`): a segment's text alone cannot resolve `[text][ref]`.
    references: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def _inline(self) -> list[Token]:
        """The segment's inline tokens, parsed once: several checks read its links and prose."""
        return [] if self.kind == "code" else _inline_tokens(self.text, self.references)

    def inline(self) -> list[Token]:
        """The segment's inline tokens as markdown-it reads them (text, links, inline HTML…): for a check that reads
        markup the other views leave out, such as the glossary's `<span class="no-term">`."""
        return self._inline

    def links(self) -> list[Link]:
        """Every link in the segment, as the reader gets it (inline, titled or by reference)."""
        return _links_in(self._inline)

    def prose(self) -> str:
        """What a reader reads of the segment, line for line: its text and link texts, not link targets, HTML tags
        or attribute lists (left out), inline code as one CODE_IN_PROSE; '' for code."""
        return _prose_of(self._inline)

    @property
    def last_line(self) -> int:
        """The block's last line: a heading's own line, a paragraph's or list item's ID line, a fence's closing line
        (each line of the text is a line of the file)."""
        return self.line if self.kind == "heading" else self.line + self.text.count("\n") + 1

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
    references: dict = field(default_factory=dict)  # `[ref]: target` definitions, as markdown-it's env keeps them
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
    tags: dict[str, str] = field(default_factory=dict)  # lang -> the BCP 47 tag its pages declare, where not the code
    # Translation status worked out for these pages (processes_kb.staleness.language_status keeps it here)
    status_cache: dict = field(default_factory=dict, repr=False, compare=False)

    def tag(self, lang: str) -> str:
        """The language tag pages in `lang` declare (`<html lang>`, hreflang, the sitemap): `pt-BR` for `pt`."""
        return self.tags.get(lang, lang)

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
        stem = name.removesuffix(".md")
        stem = "" if stem == "index" else stem.removesuffix("/index")  # MkDocs: index.md is its folder's page
        return self.url_prefix(lang) + (f"{stem}/" if stem else "") + (f"#{fragment}" if fragment else "")

    @staticmethod
    def to_root(folder: str) -> str:
        """From a published folder (`uk/processes/`, `r/health-check/`) back to the site root: `../../`."""
        return "../" * folder.count("/")


# ---------------------------------------------------------------- configuration


def project_config(root: Path) -> ProjectConfig:
    """mkdocs.yml's settings (processes_kb.project), with its problems as ContentError like every unreadable input."""
    try:
        return ProjectConfig.read(root)
    except ConfigError as error:
        raise ContentError(error.path, error.line, error.message) from None


def read_nav(mkdocs_yml: Path) -> list[str]:
    """The page names of mkdocs.yml's `nav`, in order (nested sections flattened; titles ignored)."""
    return list(project_config(mkdocs_yml.parent).nav)


def read_languages(mkdocs_yml: Path) -> tuple[str, list[str]]:
    """The default language and all built languages (default first), from the i18n plugin in mkdocs.yml."""
    config = project_config(mkdocs_yml.parent)
    return config.default_lang, config.codes


# ---------------------------------------------------------------- parsing

_parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(admon_plugin)
# Link targets as written (markdown-it would percent-encode them), as the build writes them and messages quote them.
_parser.normalizeLink = lambda url: url
# Pages are read block by block; a block's inline content is parsed when a check asks for it (Segment._inline),
# once, so the page parse skips the inline pass.
_block_parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(admon_plugin).disable("inline")
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

    def problem(code: str, line: int, message: str) -> None:
        page.problems.append(Problem(code, path, line, message))

    if not source.strip():
        page.empty = True
        problem("page-empty", 1, "the file is empty: it needs the whole page, every segment of the original")
        return page
    lines = source.split("\n")
    env: dict = {}  # markdown-it keeps the page's reference definitions here
    tokens = _block_parser.parse(source, env)
    if lines[0] == "---" and not any(t.type == "front_matter" for t in tokens):
        page.front_matter_broken = True
        problem("front-matter-unclosed", 1, "front matter is never closed: end it with a line `---`")
        # Read the rest as if the front matter ended at the first blank line, so it is not also reported as text.
        end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
        env = {}
        tokens = _block_parser.parse("\n" * end + "\n".join(lines[end:]), env)
    page.references = env.get("references", {})
    first_line: dict[str, int] = {}

    def add(segment_id: str | None, kind: str, text: str, line: int, level: int = 0) -> None:
        if segment_id is None:
            where = {
                "heading": "add `{ #id }` at the end of the heading line",
                "code": "add `#id` to the fence's attributes, e.g. ``` { .py #id }",
            }.get(kind, "add `{: #id }` on a line of its own as the block's last line")
            problem("segment-id-missing", line, f"{KIND_NAMES[kind]} has no segment ID: {where}")
            return
        if not VALID_ID.match(segment_id):
            problem("segment-id-invalid", line,
                    f"segment ID '{segment_id}' is not valid: use lowercase letters, digits and dashes")
            return
        if segment_id in first_line:
            problem("segment-id-duplicate", line,
                    f"duplicate segment ID '{segment_id}' (first used on line {first_line[segment_id]})")
            return
        first_line[segment_id] = line
        page.segments.append(Segment(segment_id, kind, text, line, level, page.references))

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
                problem("segment-id-unclosed", line, f"the ID `{{ #{unclosed['id']}` is not closed: end it with `}}`")
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
                problem("segment-id-unclosed", id_line,
                        f"the ID line `{{: #{segment_id}` is not closed: end it with `}}`")
            if not text:
                problem("segment-id-alone", line, f"ID line `{{: #{segment_id} }}` stands alone: put it on the last "
                                                  "line of its block, with no blank line before it")
                continue
            add(segment_id, kind, text, start)
        elif token.type in ("fence", "code_block"):
            if token.type == "fence" and not _fence_is_closed(token, lines):
                problem("fence-unclosed", line, "the code fence opened here is never closed: add a closing "
                                                f"{token.markup} line after the code")
            match = FENCE_ID.search(token.info) if token.type == "fence" else None
            add(match["id"] if match else None, "code", token.content, line)
        elif token.type == "table_open":
            problem("table", line, "tables cannot carry segment IDs: write the content as a list")
        elif token.type == "html_block" and not token.content.lstrip().startswith("<!--"):
            problem("html-block", line, "raw HTML blocks cannot carry segment IDs: use Markdown")
        elif token.type == "html_block" and DIAGRAM_MARKER_START.match(token.content.strip()):
            _add_marker(page, token, line, problem)
    for marker in page.markers:
        clash = page.segment(marker.anchor)
        if clash:
            problem("segment-id-taken", clash.line, f"segment ID '{clash.id}' is the anchor of the {marker.kind} on "
                                                    f"line {marker.line}: rename the segment")
    return page


def _add_marker(page: Page, token: Token, line: int, problem) -> None:
    """A `<!-- diagram: id -->` marker; the page model knows where it stands, processes_kb.diagrams what it draws."""
    match = DIAGRAM_MARKER.match(token.content.strip())
    if token.level != 0:
        problem("diagram-marker-invalid", line, "a diagram marker stands between the blocks of the page, not inside a "
                                                "list or a quote: move it out, with a blank line before and after it")
    elif not match:
        problem("diagram-marker-invalid", line,
                "cannot read the diagram marker: write `<!-- diagram: id -->` alone on its line")
    elif not VALID_ID.match(match["id"]):
        problem("diagram-marker-invalid", line,
                f"diagram ID '{match['id']}' is not valid: use lowercase letters, digits and dashes")
    elif first := next((m for m in page.markers if m.id == match["id"]), None):
        problem("diagram-repeated", line,
                f"diagram '{match['id']}' is already shown on line {first.line}: a page shows a diagram once")
    else:
        page.markers.append(Marker("diagram", match["id"], line, page.segments[-1].id if page.segments else None))


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it


def _front_matter_nodes(text: str, loader_class) -> tuple:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _parse_front_matter(token: Token, problem) -> tuple[dict, dict[str, int]]:
    try:  # one parse: the nodes give the keys' lines, the same nodes the values
        node, meta = _front_matter_nodes(token.content, _FAST_LOADER)
    except yaml.YAMLError:
        try:  # PyYAML's own parser words the message and counts the lines as translators are shown
            node, meta = _front_matter_nodes(token.content, yaml.SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problem("front-matter-invalid", (mark.line + 2) if mark else 1,
                    f"front matter is not valid YAML: {getattr(error, 'problem', error)}")
            return {}, {}
    if not isinstance(meta, dict):
        problem("front-matter-invalid", 2, "front matter must be a mapping of `key: value` lines")
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


def section_marks(text: str) -> list[tuple[int, str, str]]:
    """Every section marker of an included file, in order, as (line, "start" or "end", name): found with
    pymdownx.snippets' own pattern, so a marker counts exactly when the renderer counts it (an escaped one does not).
    Read by the include check here, the code titles (processes_kb.code_titles) and the run steps
    (processes_kb.run_steps)."""
    from pymdownx.snippets import SnippetPreprocessor  # the renderer's: imported only when a file is read for it

    marks = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = SnippetPreprocessor.RE_SNIPPET_SECTION.match(line) if "8<-" in line else None
        if match and not match["escape"]:
            marks.append((number, match["type"].lower(), match["name"]))
    return marks


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
                            # code is the same in every language: not one translator's to fix
                            problems.append(Problem("code-pasted", *where,
                                                    f"code block '{segment.id}' has code pasted into the page: include "
                                                    'it from a checked file with `--8<-- "path:section"`', lang=None))
                            break
                        continue
                    path, section = match["path"], match["section"]
                    file = site.root / path
                    if not file.is_file():
                        problems.append(Problem("snippet-file-missing", *where, f"snippet file '{path}' does not exist",
                                                lang=None))
                    elif section and (section, "start") not in {(name, edge) for _, edge, name
                                                                 in section_marks(file.read_text(encoding="utf-8"))}:
                        problems.append(Problem("snippet-section-missing", *where,
                                                f"snippet section '{section}' not found in {path} "
                                                f"(mark it with `# {SECTION_START.format(section)}`)", lang=None))
                    else:
                        ref = f"{path}:{section}" if section else path
                        includes.append(SnippetInclude(ref, lang, page.name, *where))
    return includes, problems


# ---------------------------------------------------------------- the whole site


def load_site(root: Path, config: ProjectConfig | None = None) -> Site:
    """Read every page of every configured language in the docs folder (`root` holds mkdocs.yml; `config`: its
    settings when the caller has them already, such as a build)."""
    config = config or project_config(root)
    default_lang, languages, docs = config.default_lang, config.codes, config.docs_dir
    shown_docs = docs.relative_to(root) if docs.is_relative_to(root) else docs
    if not docs.is_dir():
        raise ContentError(shown_docs.as_posix(), 1, "docs folder not found")
    site = Site(root, default_lang, languages, {lang: {} for lang in languages}, nav=list(config.nav),
                tags={language.code: language.tag for language in config.languages
                      if language.tag not in ("", language.code)})
    for file in sorted(docs.rglob("*.md")):
        relative = file.relative_to(docs)
        shown = (shown_docs / relative).as_posix()
        lang = relative.parts[0]
        if len(relative.parts) == 1:
            site.problems.append(Problem("page-outside-language", shown, 1,
                                         "page outside a language folder: move it to docs/<lang>/"))
        elif lang not in languages:
            site.problems.append(
                Problem("language-unknown", shown, 1, f"folder '{lang}' is not a language configured in mkdocs.yml "
                                                      f"({', '.join(languages)})", lang=None)
            )
        else:
            name = Path(*relative.parts[1:]).as_posix()
            site.pages[lang][name] = read_page(file, lang, name, shown)
    return site


# ---------------------------------------------------------------- plain text

ATTRIBUTE_LIST = re.compile(r"\{:?\s*(?:[#.][\w-]+|[\w-]+=[^}\s]*)(?:\s+(?:[#.][\w-]+|[\w-]+=[^}\s]*))*\s*\}")


@functools.lru_cache(maxsize=None)  # pure, and asked for the same segments by several checks and the status
def plain_text(markdown: str, code: bool = True) -> str:
    """What a reader sees of a segment's Markdown, as one line of text: no markup, no link targets, no `{…}` IDs;
    `code=False` leaves out inline code too (the prose only)."""
    words = []
    for child in _inline_children(markdown.strip()):
        if child.type == "text" or child.type == "code_inline" and code:
            words.append(child.content)
        elif child.type in ("code_inline", "softbreak", "hardbreak"):
            words.append(" ")
    return " ".join(ATTRIBUTE_LIST.sub("", "".join(words)).split())


# ---------------------------------------------------------------- links and prose, from markdown-it's tokens


@dataclass(frozen=True)
class Link:
    """A link as the reader gets it: `[text](target)`, `[text](target "title")`, `[text][ref]`, `<https://…>`."""

    text: str  # what the reader clicks, as plain text
    target: str  # where it goes, as written: `processes.md#sticky-sessions`, `https://12factor.net/uk/`
    title: str  # the tooltip; '' for none
    line_offset: int  # lines after the first line of the Markdown it was found in
    attributes: str = ""  # an attribute list right after it (`{ hreflang=en }`), which the build puts on the link

    @property
    def internal(self) -> bool:
        """A link to the site's own pages or files; another site's address (`https://…`) may differ per language."""
        return "://" not in self.target


def _inline_tokens(markdown: str, references: dict | None) -> list[Token]:
    """The inline tokens of a block's Markdown; `references` (a page's definitions) resolve `[text][ref]`."""
    if not references:
        return list(_inline_children(markdown))
    return [child for token in _parser.parseInline(markdown, {"references": references})
            for child in token.children or []]


@functools.lru_cache(maxsize=None)  # the same text is asked for by the model, the checks and the status
def _inline_children(markdown: str) -> tuple[Token, ...]:
    return tuple(child for token in _parser.parseInline(markdown) for child in token.children or [])


def _line_breaks(token: Token) -> int:
    if token.type in ("softbreak", "hardbreak"):
        return 1
    return token.content.count("\n") if token.type == "html_inline" else 0


def links(markdown: str, references: dict | None = None) -> list[Link]:
    """Every link in a block's Markdown, in order. The one place the toolkit finds links: every check reads them
    here (through Segment.links), so a titled or reference link is checked like an inline one."""
    return _links_in(_inline_tokens(markdown, references))


def _links_in(tokens: list[Token]) -> list[Link]:
    found, line = [], 0
    for index, token in enumerate(tokens):
        line += _line_breaks(token)
        if token.type != "link_open":
            continue
        close = next(i for i in range(index + 1, len(tokens)) if tokens[i].type == "link_close")
        text = "".join(t.content for t in tokens[index + 1: close] if t.type in ("text", "code_inline"))
        following = tokens[close + 1].content if close + 1 < len(tokens) and tokens[close + 1].type == "text" else ""
        attributes = ATTRIBUTE_LIST.match(following)
        found.append(Link(text, str(token.attrs["href"]), str(token.attrs.get("title", "")), line,
                          attributes[0] if attributes else ""))
    return found


# Inline code in a segment's prose: the reader sees something there that is neither a space nor a word, so that
# typography tells `code`, from a space before a comma.
CODE_IN_PROSE = "\ufffc"


def _prose_of(tokens: list[Token]) -> str:
    """Text, link texts and image descriptions, with a line break where the source has one (so that a position
    gives the source line)."""
    out = []
    for token in tokens:
        if token.type in ("text", "image"):
            out.append(ATTRIBUTE_LIST.sub("", token.content) if token.type == "text" else token.content)
        elif token.type == "code_inline":
            out.append(CODE_IN_PROSE)
        elif token.type == "html_inline":
            out.append("\n" * _line_breaks(token))
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)
