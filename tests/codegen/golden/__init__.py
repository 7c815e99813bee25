"""Golden files for the templates: a small synthetic document rendered and kept in ``expected/``.

    python -m tests.codegen.golden --update     # after a deliberate template change

``synthetic.yaml`` walks every template path once (see its header); ``no_where.yaml`` is an
API whose operations take no ``where`` filter (no typed field references). The test renders
each the way ``make generate`` renders an API (normaliser, openapi-python-client with our
templates, ruff) and compares every file with ``expected/`` and ``expected_no_where/``, so a
template change shows as a diff of what it did to real code, without regenerating the 13
documents.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import attrs

HERE = Path(__file__).resolve().parent
DOCUMENT = HERE / "synthetic.yaml"
EXPECTED = HERE / "expected"
#: rendered as the Accounting API, so where/order, paging limits and the tenant header apply
API_KEY = "accounting"


@attrs.frozen
class Golden:
    """A synthetic document, the API it is rendered as, and the folder of its expected output."""

    document: Path
    api_key: str
    expected: Path


WITH_WHERE = Golden(DOCUMENT, API_KEY, EXPECTED)
#: rendered as Payroll UK (camelCase, no where filter)
NO_WHERE = Golden(HERE / "no_where.yaml", "payroll_uk", HERE / "expected_no_where")
GOLDENS = (WITH_WHERE, NO_WHERE)


def render(out: Path, golden: Golden = WITH_WHERE) -> Path:
    """Render ``golden``'s document into ``out``; returns the package folder."""
    from codegen.generate import GenerationError, format_tree, generate_api
    from codegen.normalise import normalise_file

    normalised = out / f"{golden.document.stem}.json"
    normalise_file(golden.document, normalised)
    package = out / "xero_sdk" / "_generated" / golden.api_key
    messages = generate_api(golden.api_key, normalised, package, "golden", golden.document.name)
    if messages:
        raise GenerationError("\n".join(messages))
    format_tree(package)
    return package


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help="rewrite expected/ from the templates")
    args = parser.parse_args(argv)
    if not args.update:
        parser.print_help()
        return 2
    for golden in GOLDENS:
        with tempfile.TemporaryDirectory() as tmp:
            package = render(Path(tmp), golden)
            shutil.rmtree(golden.expected, ignore_errors=True)
            shutil.copytree(package, golden.expected, ignore=shutil.ignore_patterns("__pycache__"))
        print(f"wrote {len(files(golden.expected))} files into {golden.expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
