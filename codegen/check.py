"""``make check-generated``: regenerate into a temporary folder and fail on any difference.

Covers ``generated/`` and the API list ``api.md`` at the repository root.

Proves that ``generated/`` is exactly what ``make generate`` writes from the locked documents,
the templates, the normaliser and the pinned generator: nobody edited it by hand, and nobody
changed codegen without regenerating.
"""

from __future__ import annotations

import difflib
import filecmp
import sys
import tempfile
from pathlib import Path

from .generate import ROOT, TREE, GenerationError, generate


def compare(expected: Path, actual: Path) -> list[str]:
    """Relative paths that differ between two trees (missing on either side, or changed)."""
    problems: list[str] = []

    def walk(cmp: filecmp.dircmp[str], rel: Path) -> None:
        for name in sorted(cmp.left_only):
            problems.append(f"only in generated/: {rel / name}")
        for name in sorted(cmp.right_only):
            problems.append(f"missing from generated/: {rel / name}")
        for name in sorted(cmp.common_files):
            if (Path(cmp.left) / name).read_bytes() != (Path(cmp.right) / name).read_bytes():
                problems.append(f"differs: {rel / name}")
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, rel / name)

    walk(filecmp.dircmp(expected, actual, ignore=["__pycache__"]), Path(TREE))
    return problems


def main() -> int:
    committed = ROOT / "generated" / TREE
    with tempfile.TemporaryDirectory(prefix="check-generated-") as tmp:
        try:
            generate(Path(tmp), api_md=Path(tmp) / "api.md")
        except GenerationError as exc:
            print(f"make check-generated: {exc}", file=sys.stderr)
            return 1
        fresh = Path(tmp) / TREE
        if not committed.exists():
            print("make check-generated: generated/ is missing; run `make generate`", file=sys.stderr)
            return 1
        problems = compare(committed, fresh)
        api_md = ROOT / "api.md"
        if not api_md.exists() or api_md.read_bytes() != (Path(tmp) / "api.md").read_bytes():
            problems.append("differs: api.md (the API list at the repository root)")
        if problems:
            print("make check-generated: generated/ is not what `make generate` writes:", file=sys.stderr)
            for line in problems[:50]:
                print(f"  {line}", file=sys.stderr)
            first = next((p for p in problems if p.startswith("differs: ") and "api.md" not in p), None)
            if first:
                rel = Path(first.split(": ", 1)[1]).relative_to(TREE)
                a = (committed / rel).read_text(encoding="utf-8").splitlines()
                b = (fresh / rel).read_text(encoding="utf-8").splitlines()
                for line in list(difflib.unified_diff(a, b, "generated", "regenerated", lineterm=""))[:40]:
                    print(f"  {line}", file=sys.stderr)
            return 1
    print("generated/ matches `make generate`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
