"""The spec normaliser: Xero's documents in, documents the generator reads exactly out.

``normalise(doc)`` applies every rewrite of :mod:`codegen.normalise.rewrites` in order and
returns the counts; ``python -m codegen.normalise IN.yaml OUT.json`` does it for one file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import observed as _observed  # noqa: F401  (registers the rewrites from real responses)
from .loader import load_yaml
from .rewrites import REWRITES, Doc

__all__ = ["REWRITES", "normalise", "normalise_file"]


def normalise(doc: Doc) -> dict[str, int]:
    """Rewrite ``doc`` in place; return each rewrite's count of changes."""
    return {rw.name: rw.apply(doc) for rw in REWRITES}


def normalise_file(src: Path, dest: Path) -> dict[str, int]:
    doc: Any = load_yaml(src)
    counts = normalise(doc)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(dest.suffix + ".tmp")
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False), encoding="utf-8")
    tmp.replace(dest)
    return counts
