"""The MkDocs adapter: the one place that knows MkDocs' plugin events, Material and mkdocs-static-i18n.

Everything it does is a call into the builder-neutral core: `SiteBuild` (processes_kb/site_build.py) owns the build's
state and the order in which a page's markup is made; `processes_kb.site_files` writes the files beside the pages;
`processes_kb.checks` is `kb check`. State lives on this plugin object, one `SiteBuild` per state of the input files
(mkdocs-static-i18n runs every event once per language on the same plugin, and `mkdocs serve` rebuilds on a save).

Registered as the `processes-kb` plugin (pyproject.toml's entry point), listed after `i18n` in mkdocs.yml. Its one
option, `preview_language` (`bash scripts/serve.sh --lang uk`), builds the default language and that one only, and
warns only about that language's problems and the shared ones; the checks still read every language.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from types import CodeType

import jinja2

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from processes_kb.build_inputs import inputs_fingerprint, load_inputs
from processes_kb.checks import build_stoppers, run_checks
from processes_kb.content import ContentError
from processes_kb.fingerprint import plan as fingerprint_plan
from processes_kb.problems import Problem
from processes_kb.project import OWN_EXTENSION, ConfigError, Language, ProjectConfig
from processes_kb.search_index import SearchIndexError
from processes_kb.whole_base import WholeBaseError
from processes_kb.site_build import SiteBuild
from processes_kb.not_found import keep_not_found_page
from processes_kb.site_files import finish_language
from processes_kb.typography import colon

log = logging.getLogger("mkdocs.plugins.processes_kb")

TOGGLE_STRINGS = {"slate": "palette_to_light", "default": "palette_to_dark"}  # the scheme shown -> where it leads
SEARCH_WORDS = {"search_placeholder": "placeholder", "search_label": "search_label", "search_clear": "clear_search",
                "search_load_more": "load_more", "search_searching": "searching",
                "search_zero_results": "zero_results", "search_one_result": "one_result",
                "search_many_results": "many_results", "search_alt_search": "alt_search",
                "search_suggestion": "search_suggestion"}  # ours -> Pagefind's names for its interface words


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process, not once per build: mkdocs-static-i18n builds each language
    with a new Jinja environment, and `mkdocs serve` rebuilds everything on every save (a template whose source
    changed is compiled again: Jinja compares checksums)."""

    def __init__(self):
        self._compiled: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        checksum, code = self._compiled.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED: dict[tuple, CompiledTemplates] = {}  # one per way of compiling (an environment's extensions and options)


def current_language(config: MkDocsConfig) -> str:
    """The language this build renders (mkdocs-static-i18n builds one at a time)."""
    return config.plugins["i18n"].current_language


def page_location(page, config: MkDocsConfig) -> tuple[str, str]:
    """(language, page name inside the language folder), e.g. ('uk', 'recommendations/health-check.md')."""
    lang = current_language(config)
    return lang, Path(page.file.abs_src_path).relative_to(Path(config.docs_dir) / lang).as_posix()


class ProcessesPluginConfig(base.Config):
    # A translator's preview: the default language and this one are built, and only their warnings shown.
    preview_language = c.Optional(c.Type(str))


class ProcessesPlugin(BasePlugin[ProcessesPluginConfig]):
    def __init__(self):
        super().__init__()
        self.build: SiteBuild | None = None
        self._languages: tuple[Language, ...] | None = None  # every language, read before a preview narrows them
        self._inputs_state: tuple | None = None
        self._checked_state: tuple | None = None
        self._fingerprints = None  # the plan for extra_css/extra_javascript, made once
        self._not_found: dict[str, bytes] = {}

    # ------------------------------------------------------------ configuration, once per language

    @event_priority(50)  # before mkdocs-static-i18n reads which languages it builds (-100)
    def _on_config_preview(self, config: MkDocsConfig) -> MkDocsConfig:
        """A preview of one language: mkdocs-static-i18n builds the default language and that one only."""
        wanted = self.config.preview_language
        if not wanted or self._languages is not None:
            return config
        try:
            self._languages = ProjectConfig.from_settings(self._root(config), config).languages
        except ConfigError as error:
            raise PluginError(str(error)) from None
        codes = [language.code for language in self._languages]
        if wanted not in codes:
            raise PluginError(f"preview language '{wanted}' is not configured in mkdocs.yml ({', '.join(codes)})")
        for language in config.plugins["i18n"].config.languages:
            language.build = language.build and language.locale in (codes[0], wanted)
        log.info(f"Preview of '{wanted}': building {' and '.join(dict.fromkeys([codes[0], wanted]))} only; showing "
                 f"the warnings of '{wanted}' and the shared ones.")
        return config

    @event_priority(-200)  # after mkdocs-static-i18n has set up the language (-100)
    def _on_config_language(self, config: MkDocsConfig) -> MkDocsConfig:
        root = self._root(config)
        build = self._load(root, config)
        lang = current_language(config)
        strings = build.inputs.labels(lang)
        # Relative snippet paths are the project folder's, from any working directory.
        snippets = config.mdx_configs.get("pymdownx.snippets")
        if snippets is not None:
            snippets["base_path"] = [str(root / p) for p in snippets.get("base_path") or ["."]]
        config.mdx_configs[OWN_EXTENSION] = {"build": build}
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = strings.get("permalink", "")
        if config.repo_url:  # the "edit this page" button opens the page's file on the main branch
            config.edit_uri = "edit/main/docs/"
        for option in config.theme["palette"]:
            if strings.get(TOGGLE_STRINGS[option["scheme"]]):
                option["toggle"]["name"] = strings[TOGGLE_STRINGS[option["scheme"]]]
        config.extra["ui_strings"] = strings  # templates: config.extra.ui_strings.<key>, in this build's language
        config.extra["search_words"] = {pagefind: strings.get(ours, "") for ours, pagefind in SEARCH_WORDS.items()}
        # The tag the pages declare (`<html lang>`, hreflang in the language menu) is the theme language: set for
        # every language, because mkdocs-static-i18n gives each language built after one with a `theme:` override
        # that language's theme language.
        config.theme["language"] = build.site.tag(lang)
        config.extra["language_tags"] = {code: build.site.tag(code) for code in build.site.languages}
        config.extra["colon"] = colon(lang)  # the footer's link names: "Précédent : …"
        self._apply_fingerprints(config)
        return config

    on_config = CombinedEvent(_on_config_preview, _on_config_language)

    @staticmethod
    def _root(config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def _load(self, root: Path, config: MkDocsConfig) -> SiteBuild:
        state = inputs_fingerprint(root)
        if self.build is None or state != self._inputs_state:
            try:
                project = ProjectConfig.from_settings(root, config)
                if self._languages is not None:  # a preview: the model and the checks keep every language
                    project = dataclasses.replace(project, languages=self._languages)
                inputs = load_inputs(root, project)
            except (ContentError, ConfigError) as error:
                raise PluginError(str(error)) from None
            if inputs.string_problems:
                raise PluginError("\n".join(map(str, inputs.string_problems)))
            self.build, self._inputs_state = SiteBuild(project, inputs), state
        return self.build

    def _apply_fingerprints(self, config: MkDocsConfig) -> None:
        """The site's CSS and JS under content-hashed names (processes_kb/fingerprint.py); mkdocs.yml's lists are
        rewritten once, the same config serving every language's build."""
        if self._fingerprints is not None:
            return
        found = fingerprint_plan(Path(config.docs_dir), [str(e) for e in config.extra_css],
                                 [str(e) for e in config.extra_javascript])
        config.extra_css = found.extra_css
        for index, script in enumerate(config.extra_javascript):  # keep an ExtraScriptValue's type/defer/async
            if str(script) in found.scripts:
                if isinstance(script, str):
                    config.extra_javascript[index] = found.scripts[script]
                else:
                    script.path = found.scripts[script.path]
        self._fingerprints = found

    # ------------------------------------------------------------ each language's build

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """`kb check` once per state of the files: problems are warnings (a strict build fails on them); a page that
        cannot render (a missing include or diagram) stops the build."""
        if self._checked_state == self._inputs_state:
            return
        try:
            report = run_checks(self.build.config.root, render=False, config=self.build.config,
                                site=self.build.site)  # pages: as rendered
        except ContentError as error:
            raise PluginError(str(error)) from None
        shown = self._shown(report.problems)
        for problem in shown:
            log.warning(str(problem))
        hidden = len(report.problems) - len(shown)
        if hidden:
            log.info(f"{hidden} problem(s) of languages other than '{self.config.preview_language}' are not shown in "
                     "this preview; `kb check` lists them.")
        stoppers = build_stoppers(report)
        if stoppers:
            raise PluginError("pages cannot be rendered:\n" + "\n".join(map(str, stoppers)))
        self._checked_state = self._inputs_state

    @event_priority(-200)  # after every plugin has added its Jinja extensions
    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        compiling = (tuple(sorted(env.extensions)), env.autoescape, env.trim_blocks, env.lstrip_blocks,
                     env.keep_trailing_newline, getattr(env, "newstyle_gettext", None))
        env.bytecode_cache = _COMPILED.setdefault(compiling, CompiledTemplates())
        return env

    def _shown(self, problems: list[Problem]) -> list[Problem]:
        """The problems to warn about: all of them, or in a preview those of its language and the shared ones."""
        wanted = self.config.preview_language
        return [p for p in problems if not wanted or p.lang in (wanted, None)]

    @event_priority(-200)  # after mkdocs-static-i18n has picked this language's files (-100)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self._check_page_urls(files)
        found = self._fingerprints
        listed = {str(entry) for entry in [*config.extra_css, *config.extra_javascript]}
        for source in found.replaced:
            file = files.get_file_from_path(source)
            if file is not None:
                files.remove(file)
        for path, content in found.generated.items():
            if path in listed and files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
        for source, (published, content) in self.build.generated_files(current_language(config)).items():
            if files.get_file_from_path(source) is None:
                generated = File.generated(config, source, content=content)
                generated.dest_uri = published
                files.append(generated)
        return files

    def _check_page_urls(self, files: Files) -> None:
        """The core computes page paths (Site.page_path) where no builder is around (sitemap, short links): they
        must be the ones MkDocs publishes."""
        site = self.build.site
        for file in files.documentation_pages():
            lang = getattr(file, "locale", None)
            name = file.src_uri.removeprefix(f"{lang}/")
            if name in site.pages.get(lang, {}) and site.page_path(lang, name) != file.url.removeprefix("./"):
                raise PluginError(f"docs/{lang}/{name}: published at {file.url}, but the toolkit expects "
                                  f"{site.page_path(lang, name)} (use_directory_urls must stay on)")

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        self.build.start_page(*page_location(page, config))
        return markdown

    def on_page_context(self, context: dict, page, config: MkDocsConfig, nav) -> dict:
        """The page's schema.org data for main.html (pages are rendered to HTML first, all of them, then put in the
        template: the page is named again here)."""
        context["structured_data"] = self.build.structured_data(*page_location(page, config))
        return context

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        for problem in self._shown(self.build.rendering):
            log.warning(str(problem))
        # Code blocks carry their segment IDs inside HTML that MkDocs' link validation never sees: tell it those
        # anchors exist, so that links to a code block (a checked output) are validated too.
        model = self.build.current_page()
        if page.present_anchor_ids is not None and model is not None:
            page.present_anchor_ids.update(s.id for s in model.segments if s.kind == "code")
        return html

    def on_post_build(self, config: MkDocsConfig) -> None:
        lang, site_dir = current_language(config), Path(config.site_dir)
        keep_not_found_page(self.build, site_dir, lang, self._not_found)
        try:
            done = finish_language(self.build, site_dir, lang)
        except (SearchIndexError, WholeBaseError) as error:
            raise PluginError(str(error)) from None
        log.info(f"search index for {lang}: {done.search.pages} pages, {done.search.distinct_words} distinct words")
