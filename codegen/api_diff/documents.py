"""Reading the documents to compare: the locked list, one document as the generator reads it,
and the surfaces of many documents (each distinct content parsed once, in parallel)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.api_diff.surface import Surface, extract_surface
from codegen.normalise import loader
from codegen.normalise.rewrites import enum_members_read_as_booleans, unquoted_timestamps, yaml_booleans

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def load_yaml(path: Path) -> Any:
    """Load one document as the generator reads it, before its surface-changing rewrites.

    The project's loader keeps YAML 1.1 booleans and timestamps as marked text; the
    normaliser's scalar rewrites then decide what each one is, in the normaliser's order:
    string enum members keep the text (``NO``, Norway), other booleans become ``bool`` and
    timestamps stay the text as written.
    """
    doc = loader.load_yaml(path)
    for rewrite in (enum_members_read_as_booleans, yaml_booleans, unquoted_timestamps):
        rewrite(doc)
    return doc


def _surface_of_file(path_str: str) -> Surface:
    """Worker: parse one document and extract its surface (small, picklable)."""
    return extract_surface(load_yaml(Path(path_str)))


def load_surfaces(paths: Sequence[Path], *, jobs: int | None = None) -> list[Surface]:
    """Surfaces of ``paths`` (same order): each distinct content parsed once, in parallel
    processes when there is more than one to parse and ``jobs`` allows it."""
    digests = [hashlib.sha256(path.read_bytes()).hexdigest() for path in paths]
    first: dict[str, Path] = {}
    for digest, path in zip(digests, paths, strict=True):
        first.setdefault(digest, path)

    todo = sorted(first, key=lambda d: -first[d].stat().st_size)
    workers = min(len(todo), jobs if jobs is not None else (os.cpu_count() or 1))
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parsed = list(pool.map(_surface_of_file, [str(first[d]) for d in todo]))
    else:
        parsed = [_surface_of_file(str(first[d])) for d in todo]
    surfaces = dict(zip(todo, parsed, strict=True))
    return [surfaces[digest] for digest in digests]


@dataclass(frozen=True)
class DocumentRef:
    """A document to compare: the lock's API key, title and file name (and the sub-folder a
    document newer than the release is kept in, ``next``)."""

    api: str
    title: str
    file: str
    folder: str = ""

    def path_in(self, folder: Path) -> Path | None:
        """The document in ``folder`` (or in its sub-folder), ``None`` when absent."""
        for path in (folder / self.file, folder / self.folder / self.file if self.folder else None):
            if path is not None and path.is_file():
                return path
        return None


def locked_documents(project_root: Path = PROJECT_ROOT) -> list[DocumentRef]:
    """The documents named in ``specs/lock.json``."""
    from specs.fetch import load_lock

    return [DocumentRef(d.api, d.title, d.file, d.folder) for d in load_lock(project_root).documents]
