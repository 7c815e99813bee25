"""The package's three layers, read from every import statement (module level, inside functions
and under ``TYPE_CHECKING`` alike): runtime below generated, generated below the SDK, no import
upwards. See ``xero_sdk/_runtime/__init__.py`` for what each layer holds."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The two folders of the one ``xero_sdk`` package: handwritten, and what `make generate` writes.
FOLDERS = (ROOT / "xero_sdk", ROOT / "generated" / "xero_sdk")
RUNTIME, GENERATED, SDK = 0, 1, 2
NAMES = {RUNTIME: "runtime", GENERATED: "generated", SDK: "sdk"}


def module_name(folder: Path, path: Path) -> str:
    parts = ["xero_sdk", *path.relative_to(folder).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package: name -> (file, written by make generate)."""
    found: dict[str, tuple[Path, bool]] = {}
    for folder in FOLDERS:
        for path in folder.rglob("*.py"):
            found[module_name(folder, path)] = (path, folder != FOLDERS[0])
    return found


MODULES = modules()


def layer(name: str) -> int:
    if name == "xero_sdk.errors" or name == "xero_sdk._runtime" or name.startswith("xero_sdk._runtime."):
        return RUNTIME
    if name.startswith("xero_sdk._generated") or (name in MODULES and MODULES[name][1]):
        return GENERATED
    return SDK


def imports(name: str, path: Path) -> set[str]:
    """The ``xero_sdk`` modules ``path`` imports (for ``from M import n``: ``M.n`` when that is a
    module, else ``M``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                child = f"{target}.{alias.name}"
                found.add(child if child in MODULES else target)
    return {m for m in found if m == "xero_sdk" or m.startswith("xero_sdk.")}


EDGES = sorted((name, target) for name, (path, _) in MODULES.items() for target in imports(name, path))


def test_every_layer_has_modules_and_the_graph_was_read() -> None:
    counts = {n: sum(layer(m) == n for m in MODULES) for n in NAMES}
    assert counts[RUNTIME] >= 15 and counts[GENERATED] >= 1000 and counts[SDK] >= 100, counts
    assert len(EDGES) > 3000


@pytest.mark.parametrize("lower", [RUNTIME, GENERATED], ids=NAMES.get)
def test_no_import_upwards(lower: int) -> None:
    upward = [
        f"{src} ({NAMES[layer(src)]}) imports {dst} ({NAMES[layer(dst)]})"
        for src, dst in EDGES
        if layer(src) == lower and layer(dst) > lower
    ]
    assert upward == []


def test_generated_code_uses_only_the_runtime_of_the_handwritten_code() -> None:
    """What the generated code needs from the handwritten half is the runtime layer alone."""
    used = {dst for src, dst in EDGES if layer(src) == GENERATED and layer(dst) == RUNTIME}
    assert "xero_sdk._runtime.model" in used and "xero_sdk._runtime.operation" in used


def test_one_top_level_package() -> None:
    """Installing the SDK adds one import name: ``xero_sdk``."""
    assert importlib.util.find_spec("xero_generated") is None
    import xero_sdk._generated.accounting.facade as facade

    assert facade.__name__ == "xero_sdk._generated.accounting.facade"
