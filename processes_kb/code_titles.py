"""Code blocks that show a file name it: the title of a block that includes `--8<-- "examples/x.py:section"` is
`examples/x.py`, made from the include itself (processes_kb.markdown_extension.code_titles writes it into the
fence, for pymdownx.highlight's `title`), so a title cannot drift from what the block shows. With the repository's
address set (REPO_URL, mkdocs.yml's `repo_url`), the title links the file on the main branch, at the section's
lines. Recorded output (examples/output/…) is titled "Output: examples/output/x.txt" in the page's language.

A title can be given by hand (`title="…"` in the fence's attributes) only where none can be made: a block that
includes several files. `kb check` reports a block whose title is missing or names another file than it shows
(`code-title-missing`, `code-title-differs`).
"""

from __future__ import annotations

import re
from pathlib import Path

from processes_kb.content import SNIPPET_LINE, Problem, Site, section_marks

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
TITLE = re.compile(r'\btitle="(?P<title>[^"]*)"')
OUTPUT_FOLDER = "examples/output/"


def included(code: str) -> list[tuple[str, str | None]]:
    """(path, section) of every include line in a code block's text."""
    return [(m["path"], m["section"]) for m in map(SNIPPET_LINE.match, code.splitlines()) if m]


def shown_file(code: str) -> str | None:
    """The one file a code block shows (all its includes name it), else None."""
    paths = {path for path, _ in included(code)}
    return paths.pop() if len(paths) == 1 else None


def hand_title(info: str) -> str | None:
    """The title given in a fence's info string (`{ .py #id title="…" }`), if any."""
    match = TITLE.search(info)
    return match["title"] if match else None


def section_lines(file: Path, section: str | None) -> tuple[int, int] | None:
    """The 1-based first and last line of a section (its markers left out), or None (no section, or not found)."""
    if not section:
        return None
    try:
        text = file.read_text(encoding="utf-8")
    except OSError:
        return None
    marks = section_marks(text)
    start = next((n for n, edge, name in marks if (edge, name) == ("start", section)), None)
    end = next((n for n, edge, name in marks if (edge, name) == ("end", section)), None)
    return (start + 1, end - 1) if start and end and end - 1 > start else None


def source_url(repo_url: str, path: str, lines: tuple[int, int] | None = None) -> str:
    """The file on the repository's main branch (GitHub's blob/main/ form, as the "edit this page" button uses),
    at the section's lines."""
    anchor = f"#L{lines[0]}-L{lines[1]}" if lines else ""
    return f"{repo_url.rstrip('/')}/blob/main/{path}{anchor}"


def code_title_problems(site: Site) -> list[Problem]:
    """A code block that shows files without a title naming them."""
    problems = []
    for lang in site.languages:
        for page in site.pages[lang].values():
            code_segments = [s for s in page.segments if s.kind == "code" and included(s.text)]
            if not code_segments:
                continue
            try:
                lines = (site.root / page.path).read_text(encoding="utf-8-sig").splitlines()
            except OSError:
                continue
            for segment in code_segments:
                fence = FENCE.match(lines[segment.line - 1]) if segment.line <= len(lines) else None
                title = hand_title(fence["info"]) if fence else None
                paths = sorted({path for path, _ in included(segment.text)})
                where = (page.path, segment.line)
                if title is None and len(paths) > 1:
                    problems.append(Problem("code-title-missing", *where,
                                            f"code block '{segment.id}' shows {', '.join(paths)}: no title can be "
                                            "made from several files; name them with `title=\"…\"` in its "
                                            "attributes, or show one file per block", lang=None))
                elif title is not None and not all(path in title for path in paths):
                    problems.append(Problem("code-title-differs", *where,
                                            f"code block '{segment.id}' is titled '{title}' but shows "
                                            f"{', '.join(paths)}: leave the title out (it is made from the "
                                            "include) or name the file", lang=None))
    return problems
