"""The project's settings, read once: where the pages are, the languages, the navigation, the site URL and the
Markdown extensions the renderer uses.

Two ways in, one result: `ProjectConfig.read(root)` reads mkdocs.yml for the `kb` commands (with its `!ENV` tags
resolved as MkDocs resolves them), and the build adapter makes it from the configuration MkDocs loaded
(`ProjectConfig.from_settings`), so a build never reads mkdocs.yml a second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag

# MkDocs adds these to every site's Markdown extensions (mkdocs.config.defaults: MarkdownExtensions builtins).
BUILTIN_EXTENSIONS = ["toc", "tables", "fenced_code"]
OWN_EXTENSION = "processes_kb.markdown_extension"


class ConfigError(Exception):
    """mkdocs.yml cannot be read, or lacks what the toolkit needs; carries `file:line`."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    site_name: str = ""
    site_description: str = ""
    # The BCP 47 tag its pages declare (<html lang>, hreflang): the theme language set for it in the i18n plugin
    # (`theme: {language: pt-BR}`), else the code. Folders, URLs and data files keep the code.
    tag: str = ""


@dataclass(frozen=True)
class ProjectConfig:
    root: Path
    docs_dir: Path
    languages: tuple[Language, ...]  # the default language first
    nav: tuple[str, ...] = ()  # page names in the navigation's order
    site_url: str = "/"
    markdown_extensions: tuple[str, ...] = ()  # names, in mkdocs.yml's order, MkDocs' built-ins included
    mdx_configs: dict = field(default_factory=dict, compare=False, hash=False)
    theme_dir: Path | None = None  # the theme's custom_dir: templates (such as partials/short-link.html) and assets
    # The site's own stylesheets and scripts as mkdocs.yml lists them (kb finish-site fingerprints them)
    extra_css: tuple[str, ...] = ()
    extra_javascript: tuple[str, ...] = ()
    repo_url: str = ""  # the repository's address (REPO_URL): code blocks link the files they show

    @property
    def default_lang(self) -> str:
        return self.languages[0].code

    @property
    def codes(self) -> list[str]:
        return [language.code for language in self.languages]

    def language(self, code: str) -> Language | None:
        return next((language for language in self.languages if language.code == code), None)

    @classmethod
    def read(cls, root: Path) -> "ProjectConfig":
        """The settings in `root`/mkdocs.yml."""
        return cls.from_settings(root, _read_yaml(root / "mkdocs.yml"))

    @classmethod
    def from_settings(cls, root: Path, settings: dict) -> "ProjectConfig":
        """From mkdocs.yml's settings as a mapping (read by us, or MkDocs' loaded configuration)."""
        root = Path(root)
        languages = _languages(settings)
        default = languages[0]  # the site's own name and description are the default language's
        languages = (replace(default, site_name=default.site_name or str(settings.get("site_name") or ""),
                             site_description=default.site_description or str(settings.get("site_description") or "")),
                     *languages[1:])
        extensions, configs = _extensions(settings)
        docs_dir = Path(settings.get("docs_dir") or "docs")
        theme = settings.get("theme")
        # MkDocs' loaded theme is an object with `custom_dir`; mkdocs.yml has a mapping
        custom_dir = getattr(theme, "custom_dir", None) or (theme.get("custom_dir") if isinstance(theme, dict) else None)
        return cls(root, docs_dir if docs_dir.is_absolute() else root / docs_dir, languages,
                   tuple(_nav_names(settings.get("nav") or [])), str(settings.get("site_url") or "/"),
                   tuple(extensions), configs, root / custom_dir if custom_dir else None,
                   _paths(settings.get("extra_css")), _paths(settings.get("extra_javascript")),
                   str(settings.get("repo_url") or "").rstrip("/"))


# ---------------------------------------------------------------- reading mkdocs.yml


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: `!ENV` resolved; other tags (`!!python/name:`, …) are left as None."""


# The same resolver MkDocs reads `!ENV` with (pyyaml-env-tag), so `kb` and the build agree on every value.
_Loader.add_constructor("!ENV", construct_env_tag)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def _read_yaml(path: Path) -> dict:
    try:
        settings = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except OSError as error:
        raise ConfigError(path.name, 1, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(path.name, 1, "not valid UTF-8 text") from None
    except yaml.YAMLError as error:
        line = error.problem_mark.line + 1 if getattr(error, "problem_mark", None) else 1
        raise ConfigError(path.name, line, f"not valid YAML: {getattr(error, 'problem', error)}") from None
    return settings if isinstance(settings, dict) else {}


def _languages(settings: dict) -> tuple[Language, ...]:
    """The i18n plugin's built languages, the default first."""
    plugins = settings.get("plugins") or []
    if isinstance(plugins, dict):  # MkDocs' loaded configuration: name -> plugin (with its own config)
        i18n = plugins.get("i18n")
        entries = [dict(lang) for lang in i18n.config.languages] if i18n is not None else None
    else:
        found = [p["i18n"] for p in plugins if isinstance(p, dict) and "i18n" in p]
        entries = ((found[0] or {}).get("languages") or []) if found else None
    if entries is None:
        raise ConfigError("mkdocs.yml", 1, "no i18n plugin with `languages` is configured")
    if not all(isinstance(lang, dict) and lang.get("locale") for lang in entries):
        raise ConfigError("mkdocs.yml", 1, "every i18n language needs a `locale`")
    built = [lang for lang in entries if lang.get("build", True)]
    defaults = [lang for lang in built if lang.get("default")]
    if len(defaults) != 1:
        raise ConfigError("mkdocs.yml", 1, "the i18n plugin needs exactly one language with `default: true`")
    ordered = defaults + [lang for lang in built if not lang.get("default")]
    return tuple(Language(str(lang["locale"]), str(lang.get("name") or lang["locale"]),
                          str(lang.get("site_name") or ""), str(lang.get("site_description") or ""),
                          str((lang.get("theme") or {}).get("language") or lang["locale"]))
                 for lang in ordered)


def _paths(entries) -> tuple[str, ...]:
    """extra_css/extra_javascript entries: a path, a mapping with `path` (mkdocs.yml) or MkDocs' ExtraScriptValue."""
    return tuple(str(entry.get("path") if isinstance(entry, dict) else getattr(entry, "path", entry))
                 for entry in entries or [] if entry)


def _nav_names(item) -> list[str]:
    """Page names of the navigation, in order (nested sections flattened; titles ignored)."""
    if isinstance(item, str):
        return [item]
    if isinstance(item, dict):
        return [name for value in item.values() for name in _nav_names(value)]
    if isinstance(item, list):
        return [name for value in item for name in _nav_names(value)]
    return []


def _extensions(settings: dict) -> tuple[list[str], dict]:
    names, configs = [], dict(settings.get("mdx_configs") or {})
    for entry in settings.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, config in entry.items():
                names.append(name)
                configs[name] = config or {}
        elif isinstance(entry, str):
            names.append(entry)
    ordered = list(dict.fromkeys([*BUILTIN_EXTENSIONS, *names]))  # as MkDocs orders them
    return ordered, configs
