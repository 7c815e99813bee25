"""MkDocs hook (``hooks:`` in ``mkdocs.yml``): the API reference pages, built with the site.

On every build (``make docs``, and each rebuild of ``make docs-serve``) the reference is written
from the locked documents by :mod:`codegen.reference` into ``build/docs-reference/`` (outside
``docs/``, never committed), its pages are added to the site's files, and the ``API reference``
entry of the navigation is replaced by every API's pages.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "docs-reference"
NAV_ENTRY = "reference/index.md"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _write() -> list[tuple[str, list[tuple[str, str]]]]:
    from codegen.reference import load_all, write_site

    shutil.rmtree(OUT, ignore_errors=True)
    docs, release = load_all()
    return write_site(docs, OUT, release)


def _replace_entry(nav: list[Any], section: list[Any]) -> bool:
    for i, item in enumerate(nav):
        if isinstance(item, dict):
            for title, value in item.items():
                if value == NAV_ENTRY:
                    nav[i] = {title: [NAV_ENTRY, *section]}
                    return True
                if isinstance(value, list) and _replace_entry(value, section):
                    return True
    return False


def on_config(config: Any) -> Any:
    nav = _write()
    section = [{title: [{name: path} for name, path in pages]} for title, pages in nav]
    if config.nav is None or not _replace_entry(config.nav, section):
        raise RuntimeError(f"mkdocs.yml: no nav entry '{NAV_ENTRY}' for the API reference")
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    for path in sorted(OUT.rglob("*.md")):
        rel = path.relative_to(OUT).as_posix()
        files.append(File(rel, str(OUT), config.site_dir, config.use_directory_urls))
    return files
