"""Links to the Twelve-Factor App go to its version in the reader's language.

The address of each language's version is the interface string `twelve_factor_url` (data/ui-strings.yml). A link
that points elsewhere on purpose (the Sources page names each source text in its own language) says so with
`{ hreflang=xx }` after it.
"""

from __future__ import annotations

import re

from processes_kb.content import Problem, Site

TWELVE_FACTOR_LINK = re.compile(r"\]\((?P<url>https?://12factor\.net(?:/[^)\s]*)?)\)(?P<attrs>\{[^}\n]*\})?")


def twelve_factor_problems(site: Site, strings: dict[str, dict[str, str]]) -> list[Problem]:
    home = strings.get("twelve_factor_url", {})
    problems = []
    for lang in site.languages:
        expected = home.get(lang)
        if not expected:
            continue  # the interface strings check reports the missing string
        for page in site.pages[lang].values():
            for segment in page.segments:
                if segment.kind == "code":
                    continue
                for match in TWELVE_FACTOR_LINK.finditer(segment.text):
                    if "hreflang=" in (match["attrs"] or "") or match["url"].startswith(expected):
                        continue
                    line = segment.line + segment.text.count("\n", 0, match.start())
                    problems.append(Problem(page.path, line, f"link to {match['url']} leaves the reader's language: "
                                                             f"link the page under {expected}, or mark a deliberate "
                                                             "exception with `{ hreflang=xx }` after the link"))
    return problems
