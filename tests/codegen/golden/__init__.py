"""Golden files for the templates: a small synthetic document rendered and kept in ``expected/``.

    python -m tests.codegen.golden --update     # after a deliberate template change

``synthetic.yaml`` walks every template path once (see its header). The test renders it the
way ``make generate`` renders an API (normaliser, openapi-python-client with our templates,
ruff) and compares every file with ``expected/``, so a template change shows as a diff of
what it did to real code, without regenerating the 13 documents.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCUMENT = HERE / "synthetic.yaml"
EXPECTED = HERE / "expected"
#: rendered as the Accounting API, so where/order, paging limits and the tenant header apply
API_KEY = "accounting"


def render(out: Path) -> Path:
    """Render the synthetic document into ``out``; returns the package folder."""
    from codegen.generate import GenerationError, format_tree, generate_api
    from codegen.normalise import normalise_file

    normalised = out / "synthetic.json"
    normalise_file(DOCUMENT, normalised)
    package = out / "xero_sdk" / "_generated" / API_KEY
    messages = generate_api(API_KEY, normalised, package, "golden", DOCUMENT.name)
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
    with tempfile.TemporaryDirectory() as tmp:
        package = render(Path(tmp))
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(package, EXPECTED, ignore=shutil.ignore_patterns("__pycache__"))
    print(f"wrote {len(files(EXPECTED))} files into {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
