"""1. Cold import in a fresh interpreter.

Each sample is a new ``python -c`` process that times the import statements with
``time.perf_counter`` around them (interpreter start-up excluded; the process's wall time is
kept in the details). Every statement runs once unmeasured first, so byte-code caches are warm
for everyone. Paired rounds: one process per contender per round, rotating order.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tempfile
import time

from benchmarks._common import (
    FLOOR,
    PYXERO,
    ROOT,
    SDK,
    XERO_PYTHON,
    Section,
    Settings,
    Target,
    paired_row,
)
from benchmarks._peers import pyxero_version, xero_python_version

# What a script does before its first call.
CLIENT = {
    SDK: "from xero_sdk import Xero\nfrom xero_sdk.accounting import Invoice",
    XERO_PYTHON: (
        "from xero_python.api_client import ApiClient, Configuration\n"
        "from xero_python.api_client.oauth2 import OAuth2Token\n"
        "from xero_python.accounting import Invoice"
    ),
    PYXERO: "from xero import Xero\nfrom xero.auth import OAuth2Credentials",
    FLOOR: "import httpx\nimport attrs",
}
# Everything Accounting offers: every model and the API class.
SURFACE = {
    SDK: (
        "from xero_sdk import Xero\n"
        "import xero_sdk.accounting as accounting\n"
        "from xero_sdk._generated.accounting.facade import AccountingApi\n"
        "for name in dir(accounting):\n"
        "    getattr(accounting, name)"
    ),
    XERO_PYTHON: (
        "from xero_python.api_client import ApiClient, Configuration\nfrom xero_python.accounting import *"
    ),
}

# What each case is held to, against xero-python in the same run: a script pays for the client and
# the models it touches (models load on first use); a program touching every model pays for
# building every attrs class, which xero-python's plain classes do not (see the surface floor).
TARGETS = {"client": ("client + one model", 0.5), "surface": ("whole Accounting surface", 1.0)}

MODELS = os.path.join(ROOT, "generated", "xero_sdk", "_generated", "accounting", "models")


def surface_floor() -> tuple[str, int, int]:
    """What any attrs-based SDK pays for the same surface: ``import attrs``, then the same attrs
    classes (same names and fields, slots, no method generated at all) and the same enums (the
    stdlib's ``Enum`` with the same members), read from the generated Accounting models."""
    models: list[tuple[str, list[str]]] = []
    enums: list[tuple[str, list[tuple[str, str]]]] = []
    for filename in sorted(os.listdir(MODELS)):
        if not filename.endswith(".py") or filename == "__init__.py":
            continue
        with open(os.path.join(MODELS, filename), encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            bases = [ast.unparse(b) for b in node.bases]
            if "OpenStrEnum" in bases:
                members = [
                    (t.id, v.value)
                    for stmt in node.body
                    if isinstance(stmt, ast.Assign) and isinstance(v := stmt.value, ast.Constant)
                    for t in stmt.targets
                    if isinstance(t, ast.Name) and isinstance(v.value, str)
                ]
                enums.append((node.name, members))
            elif any("attrs.define" in ast.unparse(d) for d in node.decorator_list):
                fields = [
                    stmt.target.id
                    for stmt in node.body
                    if isinstance(stmt, ast.AnnAssign)
                    and isinstance(stmt.target, ast.Name)
                    and "ClassVar" not in ast.unparse(stmt.annotation)
                ]
                models.append((node.name, fields))
    code = (
        "import attrs, enum\n"
        f"for name, fields in {models!r}:\n"
        "    attrs.define(type(name, (), {'__module__': 'floor', '__annotations__':"
        " dict.fromkeys(fields, 'object'), **dict.fromkeys(fields)}), slots=True, kw_only=True, init=False, eq=False, repr=False,"
        " weakref_slot=False, match_args=False)\n"
        f"for name, members in {enums!r}:\n"
        "    enum.Enum(name, members, type=str)\n"
    )
    return code, len(models), len(enums)


_CHILD = (
    "import sys, time\n"
    "code = compile(sys.argv[1], '<bench>', 'exec')\n"
    "t = time.perf_counter()\n"
    "exec(code, {})\n"
    "t = time.perf_counter() - t\n"
    "sys.stdout.write(f'{t!r} {len(sys.modules)}\\n')\n"
)


def timed_child(stmt: str, importtime: bool = False) -> tuple[float, float, int, str]:
    """(import seconds, process wall seconds, modules loaded, stderr) in a fresh interpreter."""
    args = [sys.executable]
    if importtime:
        args += ["-X", "importtime"]
    args += ["-c", _CHILD, stmt]
    start = time.perf_counter()
    proc = subprocess.run(
        args, capture_output=True, text=True, cwd=tempfile.gettempdir(), timeout=120, env=_env()
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"import failed: {stmt[:200]!r}...: {proc.stderr.strip()[-500:]}")
    seconds, modules = proc.stdout.split()
    return float(seconds), wall, int(modules), proc.stderr


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _available() -> dict[str, bool]:
    return {SDK: True, XERO_PYTHON: xero_python_version() is not None, PYXERO: pyxero_version() is not None}


def importtime_top(stmt: str, count: int = 15) -> list[tuple[str, float, float]]:
    """The modules with the largest cumulative import time: (module, self ms, cumulative ms)."""
    timed_child(stmt)  # byte-code caches warm, as in the timed runs
    _, _, _, stderr = timed_child(stmt, importtime=True)
    rows: list[tuple[str, float, float]] = []
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append(
                (match.group(3)[1:] + match.group(4), int(match.group(1)) / 1000, int(match.group(2)) / 1000)
            )
    rows.sort(key=lambda r: r[2], reverse=True)
    return rows[:count]


def run(settings: Settings) -> Section:
    section = Section("import", "1. Cold import (fresh interpreter, ms)")
    available = _available()
    surface = {k: v for k, v in SURFACE.items() if available.get(k, True)}
    surface[FLOOR], floor_models, floor_enums = surface_floor()
    cases = {
        "client": {k: v for k, v in CLIENT.items() if available.get(k, True)},
        "surface": surface,
    }
    for statements in cases.values():
        for stmt in statements.values():
            timed_child(stmt)  # warm the byte-code caches
    samples: dict[str, dict[str, list[float]]] = {c: {k: [] for k in cases[c]} for c in cases}
    walls: dict[str, dict[str, list[float]]] = {c: {k: [] for k in cases[c]} for c in cases}
    modules: dict[str, dict[str, int]] = {c: {} for c in cases}
    deadline = time.perf_counter() + settings.budget
    for i in range(settings.import_repeats):
        for case, stmts in cases.items():
            names = list(stmts)
            shift = i % len(names)
            for name in names[shift:] + names[:shift]:
                seconds, wall, count, _ = timed_child(stmts[name])
                samples[case][name].append(seconds)
                walls[case][name].append(wall)
                modules[case][name] = count
        if time.perf_counter() > deadline and i >= 1:
            break

    labels = {
        ("client", SDK): "xero-sdk: Xero + Invoice",
        ("client", XERO_PYTHON): "xero-python: ApiClient + Configuration + OAuth2Token + Invoice",
        ("client", PYXERO): "pyxero: Xero + OAuth2Credentials (no models)",
        ("client", FLOOR): "floor: httpx + attrs (xero-sdk's dependencies)",
        ("surface", SDK): "xero-sdk: every Accounting model + AccountingApi",
        ("surface", XERO_PYTHON): "xero-python: from xero_python.accounting import *",
        ("surface", FLOOR): "floor: import attrs + the same attrs classes (fields only) and enums",
    }
    for case in cases:
        for name in cases[case]:
            ref = XERO_PYTHON if XERO_PYTHON in cases[case] else FLOOR
            note = f"{modules[case].get(name, 0)} modules"
            section.rows.append(paired_row(labels[(case, name)], samples[case], name, ref, 1000, "ms", note))
        has_xp = XERO_PYTHON in cases[case]
        what, limit = TARGETS[case]
        section.targets.append(
            Target.paired(
                f"import, {what} <= {limit}x xero-python",
                samples[case],
                SDK,
                XERO_PYTHON,
                "<=",
                limit,
                "" if has_xp else "xero-python not installed",
            )
        )
    section.notes.append(
        f"surface floor: import attrs, then attrs.define over the same {floor_models} classes and fields "
        f"(slots, no repr/eq; attrs still compiles an __attrs_init__ each) and enum.Enum over the same "
        f"{floor_enums} enums: what any attrs-based SDK pays to create this surface"
    )
    section.details = {"samples_s": samples, "process_wall_s": walls, "modules": modules}
    return section
