"""Data files under data/: YAML read with the line of every key, and line-based files with their line numbers,
so that a problem names `file:line`."""

from __future__ import annotations

from pathlib import Path

import yaml

from processes_kb.content import ContentError


class LinedMap(dict):
    """A YAML mapping that remembers where each key is (`lines[key]`, 1-based) and where it starts (`line`)."""

    line: int = 1
    lines: dict


class _LinedLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LinedLoader, node: yaml.MappingNode) -> LinedMap:
    mapping = LinedMap()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


_LinedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _FastLinedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same, with libyaml's parser when PyYAML has it (about 5 times faster)."""


_FastLinedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def yaml_load(text: str, fast_loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader), loader=yaml.SafeLoader):
    """Parse with libyaml; when the text is not valid, parse again with PyYAML's own parser, whose messages and lines
    are the ones translators are shown (libyaml words them differently)."""
    try:
        return yaml.load(text, Loader=fast_loader)
    except yaml.YAMLError:
        return yaml.load(text, Loader=loader)  # raises the message we show


def _read_text(root: Path, relative: str) -> str:
    file = root / relative
    try:
        return file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ContentError(relative, 1, "file not found") from None
    except UnicodeDecodeError as error:
        line = file.read_bytes()[: error.start].count(b"\n") + 1
        raise ContentError(relative, line, "not valid UTF-8 text") from None
    except OSError as error:
        raise ContentError(relative, 1, f"cannot read: {error.strerror}") from None


def data_lines(root: Path, relative: str) -> list[tuple[int, str]]:
    """The (line number, text) of a line-based data file's entries: blank lines and `#` comments left out."""
    lines = enumerate(_read_text(root, relative).splitlines(), start=1)
    return [(number, raw.strip()) for number, raw in lines if raw.strip() and not raw.strip().startswith("#")]


def load_yaml(root: Path, relative: str):
    """The data of `root/relative`; ContentError (`file:line: message`) when it cannot be read as YAML."""
    text = _read_text(root, relative)
    try:
        return yaml_load(text, _FastLinedLoader, _LinedLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ContentError(relative, line, f"not valid YAML: {getattr(error, 'problem', None) or error}") from None
