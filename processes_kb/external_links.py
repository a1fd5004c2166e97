"""Links to the Twelve-Factor App go to its version in the reader's language.

The address of each language's version is the interface string `twelve_factor_url` (data/ui-strings.yml). A link
that points elsewhere on purpose (the Sources page names each source text in its own language) says so with
`{ hreflang=xx }` after it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from processes_kb.content import Problem, Site


def is_twelve_factor(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.netloc == "12factor.net"


def twelve_factor_problems(site: Site, strings: dict[str, dict[str, str]]) -> list[Problem]:
    home = strings.get("twelve_factor_url", {})
    problems = []
    for lang in site.languages:
        expected = home.get(lang)
        if not expected:
            continue  # the interface strings check reports the missing string
        for page in site.pages[lang].values():
            for segment in page.segments:
                for link in segment.links():
                    url = link.target
                    if not is_twelve_factor(url) or url.startswith(expected) or "hreflang=" in link.attributes:
                        continue
                    problems.append(Problem("twelve-factor-language", page.path, segment.line + link.line_offset,
                                            f"link to {url} leaves the reader's language: link the page under "
                                            f"{expected}, or mark a deliberate exception with `{{ hreflang=xx }}` "
                                            "after the link"))
    return problems
