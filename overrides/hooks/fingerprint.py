"""Build hook: the site's own stylesheets and scripts are published under content-hashed names, like Material's
(processes_kb/fingerprint.py): the stylesheets of extra_css as one `assets/stylesheets/extra.<hash>.css`, each
script of extra_javascript as `<name>.<hash>.js`. Hosts can then let browsers keep them for a year, and a changed
file gets a new name. Only mkdocs.yml's lists are rewritten (Material's templates link whatever they list), so this
survives a Material upgrade; the source names are not published.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from processes_kb.fingerprint import plan

_published: dict[str, bytes] = {}   # hashed path -> content, for on_files of each language's build
_replaced: set[str] = set()


def on_config(config):
    # mkdocs-static-i18n runs the build (and this) once per language on the same config: plan only once.
    if any(str(entry) in _published for entry in [*config.extra_css, *config.extra_javascript]):
        return config
    found = plan(Path(config.docs_dir), [str(entry) for entry in config.extra_css],
                 [str(entry) for entry in config.extra_javascript])
    config.extra_css = found.extra_css
    for script in config.extra_javascript:  # a string, or an ExtraScriptValue with type/defer/async: keep those
        if str(script) in found.scripts:
            if isinstance(script, str):
                config.extra_javascript[config.extra_javascript.index(script)] = found.scripts[script]
            else:
                script.path = found.scripts[script.path]
    _published.update(found.generated)
    _replaced.update(found.replaced)
    return config


@event_priority(-110)  # after mkdocs-static-i18n (-100) has picked this language's files
def on_files(files, config):
    listed = {str(entry) for entry in [*config.extra_css, *config.extra_javascript]}
    for source in _replaced:
        file = files.get_file_from_path(source)
        if file is not None:
            files.remove(file)
    for path, content in _published.items():
        if path in listed and files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    return files
