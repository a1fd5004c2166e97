"""The Processes docs toolkit: the content model and every check, build helper and command built on it.

One module per concern:
- content: pages -> ordered segments with IDs (everything else reads the docs through it)
- alignment, anchors, typography, ui_strings: the checks; checks: all of them in one run
- markdown_extension: what the build adds to pages (¶ links, kept anchors), through Python-Markdown's element tree
- snippets, example_checks, process_group: runnable examples against real processes and a real Redis
- datafile: data/ files read with line numbers; cli: the `kb` command; bench, lighthouse: the benchmarks
- fingerprint: content-hashed names for the site's own stylesheets and scripts (overrides/hooks/fingerprint.py)
"""
