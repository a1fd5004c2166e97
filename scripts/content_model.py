"""The content model: pages in every language, read into ordered segments with stable IDs.

Every other tool (the build hooks, the alignment check, the tests) reads the docs through this module.

Layout: ``docs/<lang>/<page>.md``, one folder per language; languages come from the i18n plugin in mkdocs.yml.
A segment is one translatable block carrying an explicit ID that is the same in every language:

    ## Heading text { #some-id }          heading: ID at the end of the line

    Paragraph text...                     paragraph: ID alone on the paragraph's last line
    {: #some-id }

    - List item text...                   list item: ID alone on the item's last line, indented
      {: #some-id }

    ``` { .py #some-id }                  code block: ID in the fence's attributes
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
FENCE_ID = re.compile(r"#(?P<id>[^\s}]+)")
VALID_ID = re.compile(rf"^{ID_PATTERN}$")

KIND_NAMES = {"heading": "a heading", "paragraph": "a paragraph", "list-item": "a list item", "code": "a code block"}


class ContentError(Exception):
    """Input the model cannot read at all (missing or undecodable file, unreadable mkdocs.yml)."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Problem:
    """Something wrong in the docs, reported as `file:line: message`."""

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

    @property
    def digest(self) -> str:
        """Fingerprint of the text, whitespace-insensitive, to tell when a source segment changed."""
        normalised = " ".join(self.text.split())
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


@dataclass
class Page:
    lang: str
    name: str  # path inside the language folder, e.g. "processes.md"
    path: str  # path as shown in messages, e.g. "docs/uk/processes.md"
    meta: dict = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [segment.id for segment in self.segments]

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)


@dataclass(frozen=True)
class PublishedAnchor:
    """An anchor readers may have linked to (`page#id`), kept working forever; `moved_to` renames it on its page."""

    page: str
    id: str
    line: int  # line in published-anchors.txt
    moved_to: str | None = None


@dataclass
class Site:
    default_lang: str
    languages: list[str]  # default first
    pages: dict[str, dict[str, Page]]  # lang -> page name -> Page
    problems: list[Problem] = field(default_factory=list)  # layout problems (stray files, unknown folders)
    anchors: list[PublishedAnchor] | None = None  # None: the project keeps no published-anchors.txt

    def page_names(self) -> list[str]:
        names = {name for pages in self.pages.values() for name in pages}
        return sorted(names)


# ---------------------------------------------------------------- configuration


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its `!!python/...` or `!ENV` tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_languages(mkdocs_yml: Path) -> tuple[str, list[str]]:
    """The default language and all built languages (default first), from the i18n plugin in mkdocs.yml."""
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except OSError as error:
        raise ContentError(mkdocs_yml, 1, f"cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        line = error.problem_mark.line + 1 if getattr(error, "problem_mark", None) else 1
        raise ContentError(mkdocs_yml, line, f"not valid YAML: {getattr(error, 'problem', error)}") from None
    for plugin in (config or {}).get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = (plugin["i18n"] or {}).get("languages") or []
            if not all(isinstance(lang, dict) and lang.get("locale") for lang in languages):
                raise ContentError(mkdocs_yml, 1, "every i18n language needs a `locale`")
            built = [lang for lang in languages if lang.get("build", True)]
            defaults = [lang["locale"] for lang in built if lang.get("default")]
            if len(defaults) != 1:
                raise ContentError(mkdocs_yml, 1, "the i18n plugin needs exactly one language with `default: true`")
            others = [lang["locale"] for lang in built if not lang.get("default")]
            return defaults[0], [defaults[0], *others]
    raise ContentError(mkdocs_yml, 1, "no i18n plugin with `languages` is configured")


# ---------------------------------------------------------------- published anchors

PUBLISHED_ANCHORS = "published-anchors.txt"
ANCHOR_LINE = re.compile(rf"^(?P<page>[\w./-]+\.md)#(?P<id>{ID_PATTERN})"
                         rf"(?:\s*->\s*(?P<to_page>[\w./-]+\.md)#(?P<to_id>{ID_PATTERN}))?$")


def read_published_anchors(file: Path) -> tuple[list[PublishedAnchor], list[Problem]]:
    """Lines `page.md#id` or `page.md#old-id -> page.md#new-id`; `#` starts a comment line."""
    anchors, problems = [], []
    for number, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = ANCHOR_LINE.match(line)
        if not match:
            problems.append(Problem(PUBLISHED_ANCHORS, number, f"cannot read '{line}': expected `page.md#id` or "
                                                                "`page.md#old-id -> page.md#new-id`"))
        elif match["to_page"] and match["to_page"] != match["page"]:
            problems.append(Problem(PUBLISHED_ANCHORS, number, "a segment can only move within its page "
                                                               f"('{match['page']}' -> '{match['to_page']}')"))
        else:
            anchors.append(PublishedAnchor(match["page"], match["id"], number, match["to_id"]))
    return anchors, problems


# ---------------------------------------------------------------- parsing

_parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(admon_plugin)


def _split_block_id(content: str) -> tuple[str, str | None]:
    """Split a paragraph's inline source into (text, id) when its last line is `{: #id }`."""
    lines = content.split("\n")
    match = BLOCK_ID_LINE.match(lines[-1])
    if not match:
        return content, None
    return "\n".join(lines[:-1]).rstrip(), match["id"]


def parse_page(source: str, lang: str, name: str, path: str) -> Page:
    """Read one page's Markdown into its ordered segments; problems are collected, not raised."""
    page = Page(lang=lang, name=name, path=path)

    def problem(line: int, message: str) -> None:
        page.problems.append(Problem(path, line, message))

    tokens = _parser.parse(source)
    first_line: dict[str, int] = {}

    def add(segment_id: str | None, kind: str, text: str, line: int) -> None:
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
        page.segments.append(Segment(segment_id, kind, text, line))

    list_item_line: int | None = None  # set while the next paragraph is the first one of a list item
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        if token.type == "front_matter":
            page.meta = _parse_front_matter(token, page, problem)
        elif token.type == "heading_open":
            content = tokens[index + 1].content
            match = HEADING_ID.search(content)
            text = content[: match.start()] if match else content
            add(match["id"] if match else None, "heading", text.strip(), line)
        elif token.type == "list_item_open":
            list_item_line = line
        elif token.type == "paragraph_open":
            text, segment_id = _split_block_id(tokens[index + 1].content)
            kind, start = ("list-item", list_item_line) if list_item_line else ("paragraph", line)
            list_item_line = None
            if not text:
                problem(line, f"ID line `{{: #{segment_id} }}` stands alone: put it on the last line of its block, "
                              "with no blank line before it")
                continue
            add(segment_id, kind, text, start)
        elif token.type in ("fence", "code_block"):
            match = FENCE_ID.search(token.info) if token.type == "fence" else None
            add(match["id"] if match else None, "code", token.content, line)
        elif token.type == "table_open":
            problem(line, "tables cannot carry segment IDs: write the content as a list")
        elif token.type == "html_block" and not token.content.lstrip().startswith("<!--"):
            problem(line, "raw HTML blocks cannot carry segment IDs: use Markdown")
    return page


def _parse_front_matter(token: Token, page: Page, problem) -> dict:
    try:
        meta = yaml.safe_load(token.content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem((mark.line + 2) if mark else 1, f"front matter is not valid YAML: {getattr(error, 'problem', error)}")
        return {}
    if not isinstance(meta, dict):
        problem(2, "front matter must be a mapping of `key: value` lines")
        return {}
    return meta


def read_page(file: Path, lang: str, name: str, shown_path: str) -> Page:
    try:
        source = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = file.read_bytes()[: error.start].count(b"\n") + 1
        raise ContentError(shown_path, line, "not valid UTF-8 text") from None
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


def snippet_includes(site: Site, root: Path) -> tuple[list[SnippetInclude], list[Problem]]:
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
                    file = root / path
                    if not file.is_file():
                        problems.append(Problem(*where, f"snippet file '{path}' does not exist"))
                    elif section and SECTION_START.format(section) not in file.read_text(encoding="utf-8"):
                        problems.append(Problem(*where, f"snippet section '{section}' not found in {path} "
                                                        f"(mark it with `# {SECTION_START.format(section)}`)"))
                    else:
                        ref = f"{path}:{section}" if section else path
                        includes.append(SnippetInclude(ref, lang, page.name, *where))
    return includes, problems


def load_site(root: Path) -> Site:
    """Read every page of every configured language under `root`/docs (`root` holds mkdocs.yml)."""
    default_lang, languages = read_languages(root / "mkdocs.yml")
    docs = root / "docs"
    if not docs.is_dir():
        raise ContentError(docs, 1, "docs folder not found")
    site = Site(default_lang, languages, {lang: {} for lang in languages})
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
    if (root / PUBLISHED_ANCHORS).is_file():
        site.anchors, problems = read_published_anchors(root / PUBLISHED_ANCHORS)
        site.problems.extend(problems)
    return site
