"""The Processes docs toolkit: the content model and every check, build helper and command built on it.

One module per concern:
- content: pages -> ordered segments with IDs, and their links (everything else reads the docs through it)
- problems: a Problem (code, file, line, language, message) and the list of every code
- alignment, anchors, typography, ui_strings: the checks; checks: all of them in one run
- markdown_extension: what the build adds to pages (¶ links, kept anchors), through Python-Markdown's element tree
- snippets, example_checks, process_group: runnable examples against real processes and a real Redis
- datafile: data/ files read with line numbers; cli: the `kb` command; bench, lighthouse: the benchmarks
- fingerprint: content-hashed names for the site's own stylesheets and scripts
- project: mkdocs.yml's settings; rendering: the page as Python-Markdown renders it, against the model
- site_build: one build, builder-neutral (state, page markup steps in order); site_files: files beside the pages
- mkdocs_plugin: the thin MkDocs adapter (the only module that imports MkDocs' plugin API)
"""
