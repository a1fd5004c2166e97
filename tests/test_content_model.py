"""The content model reads a page in any language into ordered segments with IDs and source lines."""

from __future__ import annotations

import textwrap

import pytest

from processes_kb.content import ContentError, load_site, parse_page, read_languages

pytestmark = pytest.mark.toolkit

PAGE = textwrap.dedent("""\
    ---
    title: A page
    description: Its description.
    ---

    # Title { #title }

    First paragraph,
    on two lines.
    {: #first }

    - One item
      {: #item-one }
    - Two item,
      wrapped.
      {: #item-two }

    !!! note "Careful"
        Inside an admonition.
        {: #inside-note }

    ``` { .py #code-sample }
    print("hi")
    ```

    <!-- comments are not segments -->
    """)


def parse(source: str):
    return parse_page(textwrap.dedent(source), "en", "page.md", "docs/en/page.md")


def test_reads_segments_in_order_with_kinds_lines_and_text():
    page = parse(PAGE)
    assert page.problems == []
    assert page.meta == {"title": "A page", "description": "Its description."}
    assert [(s.id, s.kind, s.line) for s in page.segments] == [
        ("title", "heading", 6),
        ("first", "paragraph", 8),
        ("item-one", "list-item", 12),
        ("item-two", "list-item", 14),
        ("inside-note", "paragraph", 19),
        ("code-sample", "code", 22),
    ]
    assert page.segment("title").text == "Title"
    assert page.segment("first").text == "First paragraph,\non two lines."
    assert page.segment("item-two").text == "Two item,\nwrapped."
    assert page.segment("code-sample").text == 'print("hi")\n'


def test_digest_ignores_rewrapping_but_not_wording():
    one = parse("Some words here.\n{: #a }\n").segments[0]
    rewrapped = parse("Some words\nhere.\n{: #a }\n").segments[0]
    reworded = parse("Some other words here.\n{: #a }\n").segments[0]
    assert one.digest == rewrapped.digest
    assert one.digest != reworded.digest


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("# Title\n", "docs/en/page.md:1: a heading has no segment ID: add `{ #id }` at the end of the heading line"),
        ("Text.\n", "docs/en/page.md:1: a paragraph has no segment ID: add `{: #id }` on a line of its own as the "
                    "block's last line"),
        ("- item\n", "docs/en/page.md:1: a list item has no segment ID: add `{: #id }` on a line of its own as the "
                     "block's last line"),
        ("Text {: #inline }\n", "docs/en/page.md:1: a paragraph has no segment ID: add `{: #id }` on a line of its "
                                "own as the block's last line"),
        ("```py\nx\n```\n", "docs/en/page.md:1: a code block has no segment ID: add `#id` to the fence's attributes, "
                            "e.g. ``` { .py #id }"),
        ("Text.\n{: #Bad_ID }\n", "docs/en/page.md:1: segment ID 'Bad_ID' is not valid: use lowercase letters, "
                                  "digits and dashes"),
        ("A.\n{: #same }\n\nB.\n{: #same }\n", "docs/en/page.md:4: duplicate segment ID 'same' (first used on line 1)"),
        ("# T { #t }\n\n{: #alone }\n", "docs/en/page.md:3: ID line `{: #alone }` stands alone: put it on the last line of "
                                   "its block, with no blank line before it"),
        ("| a |\n|---|\n| b |\n", "docs/en/page.md:1: tables cannot carry segment IDs: write the content as a list"),
        ("<div>\nx\n</div>\n", "docs/en/page.md:1: raw HTML blocks cannot carry segment IDs: use Markdown"),
        ("---\ntitle: [unclosed\n---\n", "docs/en/page.md:2: front matter is not valid YAML: "
                                         "expected ',' or ']', but got '<stream end>'"),
        ("---\n- a list\n---\n", "docs/en/page.md:2: front matter must be a mapping of `key: value` lines"),
    ],
)
def test_reports_each_malformed_block_with_file_and_line(source, message):
    assert [str(p) for p in parse(source).problems] == [message]


def test_reads_languages_from_mkdocs_yml_with_python_tags(make_project):
    root = make_project({}, mkdocs_yml=textwrap.dedent("""\
        site_url: !ENV [SITE_URL, "https://example.org/"]
        markdown_extensions:
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
        plugins:
          - search
          - i18n:
              languages:
                - {locale: fr, name: Français}
                - {locale: en, name: English, default: true}
                - {locale: de, name: Deutsch, build: false}
        """))
    assert read_languages(root / "mkdocs.yml") == ("en", ["en", "fr"])


def test_bad_mkdocs_yml_is_a_content_error_with_line(make_project):
    root = make_project({}, mkdocs_yml="site_name: x\nplugins: [\n")
    with pytest.raises(ContentError) as caught:
        read_languages(root / "mkdocs.yml")
    assert str(caught.value).startswith("mkdocs.yml:3: not valid YAML")


def test_load_site_groups_pages_by_language_and_reports_stray_files(make_project):
    root = make_project({
        "docs/en/index.md": "# Home { #home }\n",
        "docs/uk/index.md": "# Головна { #home }\n",
        "docs/en/guide/deep.md": "# Deep { #deep }\n",
        "docs/stray.md": "# Stray { #stray }\n",
        "docs/de/index.md": "# Start { #home }\n",
    })
    site = load_site(root)
    assert site.languages == ["en", "uk"]
    assert sorted(site.pages["en"]) == ["guide/deep.md", "index.md"]
    assert site.pages["uk"]["index.md"].segments[0].text == "Головна"
    assert [str(p) for p in site.problems] == [
        "docs/de/index.md:1: folder 'de' is not a language configured in mkdocs.yml (en, uk)",
        "docs/stray.md:1: page outside a language folder: move it to docs/<lang>/",
    ]


def test_undecodable_page_is_a_content_error_naming_the_line(make_project):
    root = make_project({"docs/en/index.md": b"# Home { #home }\n\nbroken \xff byte\n"})
    with pytest.raises(ContentError) as caught:
        load_site(root)
    assert str(caught.value) == "docs/en/index.md:3: not valid UTF-8 text (save the file as UTF-8)"


@pytest.mark.parametrize("lang, name, published", [
    ("en", "index.md", ""), ("uk", "index.md", "uk/"), ("uk", "processes.md", "uk/processes/"),
    ("uk", "reindex.md", "uk/reindex/"), ("en", "recommendations/index.md", "recommendations/"),
    ("vi", "recommendations/reindex.md#x", "vi/recommendations/reindex/#x"),
])
def test_page_paths_follow_mkdocs_directory_urls(make_project, lang, name, published):
    """The rule MkDocs publishes by (index.md is its folder's page; a name merely ending in "index" is not); the
    build adapter checks every page against MkDocs' own File.url."""
    site = load_site(make_project({"docs/en/index.md": "# Home { #home }\n", "docs/uk/index.md": "# Дім { #home }\n"}))
    assert site.page_path(lang, name) == published
