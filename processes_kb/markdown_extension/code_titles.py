"""Titles of the code blocks that show a file (processes_kb.code_titles says which title): written into the fence
before pymdownx.snippets replaces the include, then, with the repository's address set, the file's name in the
rendered title made a link to the file. The title itself is pymdownx.highlight's (`<span class="filename">`); the
link is put into that HTML after the code is rendered, because code blocks reach the page as stashed HTML, outside
the element tree."""

from __future__ import annotations

import html

from markdown import Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from processes_kb.code_titles import FENCE, OUTPUT_FOLDER, hand_title, included, section_lines, shown_file, \
    source_url
from processes_kb.markdown_extension.model import CodeFiles


class CodeTitles(Preprocessor):
    """Adds `title="examples/x.py"` to each fence whose includes all name one file (none given by hand)."""

    PRIORITY = 33  # before pymdownx.snippets (32) replaces the include lines

    def __init__(self, md: Markdown, files: CodeFiles):
        super().__init__(md)
        self.files = files
        self.made: dict[str, tuple[str, str, str]] = {}  # title -> (label before the name, path, link or '')

    def title(self, code: str) -> str | None:
        path = shown_file(code)
        if path is None:
            return None
        label = f"{self.files.output_label}{self.files.colon}" \
            if path.startswith(OUTPUT_FOLDER) and self.files.output_label else ""
        link = ""
        if self.files.repo_url:
            sections = {section for _, section in included(code)}
            only = sections.pop() if len(sections) == 1 else None
            lines = section_lines(self.files.root / path, only) if self.files.root else None
            link = source_url(self.files.repo_url, path, lines)
        title = label + path
        self.made[title] = (label, path, link)
        return title

    def run(self, lines: list[str]) -> list[str]:
        out, index = [], 0
        while index < len(lines):
            line = lines[index]
            fence = FENCE.match(line)
            if fence is None or "`" in fence["info"] and fence["fence"][0] == "`":
                out.append(line)
                index += 1
                continue
            end = index + 1
            closing = fence["fence"][0]
            while end < len(lines) and not (lines[end].strip().startswith(fence["fence"])
                                            and set(lines[end].strip()) == {closing}):
                end += 1
            title = None if hand_title(fence["info"]) else self.title("\n".join(lines[index + 1:end]))
            if title is not None:
                info = fence["info"].rstrip()
                attribute = 'title="{}"'.format(title.replace('"', "'"))
                info = f"{info[:-1].rstrip()} {attribute} }}" if info.endswith("}") else f"{info} {attribute}"
                line = f"{fence['indent']}{fence['fence']}{info}"
            out.extend([line, *lines[index + 1:end + 1]])
            index = end + 1
        return out


class CodeTitleLinks(Postprocessor):
    """The file's name in a made title, as a link to the file in the repository."""

    PRIORITY = 5  # after the stashed code blocks are put back (20)

    def __init__(self, md: Markdown, titles: CodeTitles):
        super().__init__(md)
        self.titles = titles

    def run(self, text: str) -> str:
        for title, (label, path, link) in self.titles.made.items():
            if link:
                text = text.replace(f'<span class="filename">{html.escape(title)}</span>',
                                    f'<span class="filename">{html.escape(label)}<a href="{html.escape(link)}">'
                                    f'{html.escape(path)}</a></span>')
        return text
