"""The documentation site built once per test run (strict), and what the documents say it must hold."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from codegen.apis import APIS
from codegen.generate import normalised_path
from codegen.normalise import normalise_file
from codegen.normalise.rewrites import operations
from tests.specdocs import ROOT, release, spec_paths


def build_site(site_dir: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` into ``site_dir`` (what ``make docs`` runs)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@functools.cache
def normalised_doc(api: str) -> Any:
    path = normalised_path(release(), api)
    if not path.exists():
        normalise_file(spec_paths()[api], path)
    return json.loads(path.read_text(encoding="utf-8"))


def documented_operations() -> list[tuple[str, str, str, str]]:
    """(api, operationId, HTTP method, real path) for every operation of every document."""
    out = []
    for api in APIS:
        for path, method, op, _item in operations(normalised_doc(api.key)):
            out.append((api.key, str(op["operationId"]), method.upper(), str(op.get("x-sdk-path", path))))
    return out


def facade_methods(api: str) -> list[str]:
    """The public method names of an API's generated sync facade (``iter_*`` twins included)."""
    import importlib
    import inspect

    module = importlib.import_module(f"xero_sdk._generated.{api}.facade")
    cls = next(v for k, v in vars(module).items() if k.endswith("Api") and not k.startswith("Async"))
    return sorted(n for n, _ in inspect.getmembers(cls, inspect.isfunction) if not n.startswith("_"))


def python_names() -> dict[tuple[str, str], str]:
    """(api, operationId) -> the facade method's name, read from the generated operation modules."""
    import importlib
    import inspect

    out = {}
    for api in APIS:
        facade = importlib.import_module(f"xero_sdk._generated.{api.key}.facade")
        cls = next(v for k, v in vars(facade).items() if k.endswith("Api") and not k.startswith("Async"))
        for name, fn in inspect.getmembers(cls, inspect.isfunction):  # defined in its bases
            if name.startswith(("_", "iter_")):
                continue
            source = inspect.getsource(fn)
            module = re.search(r"from \.+api import (\w+) as op", source)
            assert module, name
            op = importlib.import_module(f"xero_sdk._generated.{api.key}.api.{module[1]}")
            op_id = re.search(r'operation_id="(\w+)"', inspect.getsource(op.build))
            assert op_id, name
            out[(api.key, op_id[1])] = name
    return out
