"""Comparing two surfaces (:func:`diff_surfaces`) and two folders of documents (:func:`diff_dirs`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from codegen.api_diff.documents import DocumentRef, load_surfaces, locked_documents
from codegen.api_diff.surface import Surface, _op_sort_key, _value_key

Report = dict[str, Any]

#: Lists in an API's report that count as changes (in output order).
CHANGE_SECTIONS = (
    "document_changes",
    "operations_added",
    "operations_removed",
    "operations_changed",
    "models_added",
    "models_removed",
    "models_changed",
    "fields_added",
    "fields_removed",
    "fields_changed",
    "enum_values_added",
    "enum_values_removed",
    "docs_changed",
)


_OP_ATTRS = ("operationId", "deprecated", "security", "request")
_PARAM_ATTRS = ("type", "required", "deprecated")
_FIELD_ATTRS = ("type", "required", "readOnly", "writeOnly", "nullable", "deprecated", "default")


def _changes(old: Mapping[str, Any], new: Mapping[str, Any], attrs: Iterable[str]) -> list[dict[str, Any]]:
    return [
        {"attribute": a, "old": old.get(a), "new": new.get(a)}
        for a in attrs
        if _value_key(old.get(a)) != _value_key(new.get(a))
    ]


def _enum_delta(
    location: str, kind: str, old: list[Any] | None, new: list[Any] | None, report: Report
) -> None:
    if old == new:
        return
    old_keys = {_value_key(v) for v in old or []}
    new_keys = {_value_key(v) for v in new or []}
    added = [v for v in new or [] if _value_key(v) not in old_keys]
    removed = [v for v in old or [] if _value_key(v) not in new_keys]
    if added:
        report["enum_values_added"].append(
            {"enum": location, "kind": kind, "values": added, "was_enum": old is not None}
        )
    if removed:
        report["enum_values_removed"].append(
            {"enum": location, "kind": kind, "values": removed, "still_enum": new is not None}
        )


def _doc_delta(location: str, attr: str, old: Any, new: Any, report: Report, docs: bool) -> None:
    if docs and (old or "") != (new or ""):
        report["docs_changed"].append({"location": location, "attribute": attr, "old": old, "new": new})


def _op_ref(op: Mapping[str, Any]) -> dict[str, Any]:
    return {"method": op["method"], "path": op["path"], "operationId": op["operationId"]}


def _param_ref(p: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": p["name"], "in": p["in"], "type": p["type"], "required": p["required"], "enum": p["enum"]}


def _field_ref(model: str, path: str, f: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "model": model,
        "field": path,
        "type": f["type"],
        "required": f["required"],
        "readOnly": f["readOnly"],
        "enum": f["enum"],
    }


def _model_ref(name: str, m: Mapping[str, Any]) -> dict[str, Any]:
    fields = [
        {k: v for k, v in _field_ref(name, path, f).items() if k != "model"}
        for path, f in m["fields"].items()
    ]
    return {"name": name, "type": m["type"], "enum": m["enum"], "fields": fields}


def _empty_report() -> Report:
    return {section: [] for section in CHANGE_SECTIONS}


def diff_surfaces(old: Surface, new: Surface, *, docs: bool = False) -> Report:
    """Compare two surfaces; every list in :data:`CHANGE_SECTIONS` is in a stable order."""
    report = _empty_report()

    for attr in ("openapi", "servers"):
        if old.get(attr) != new.get(attr):
            report["document_changes"].append({"attribute": attr, "old": old.get(attr), "new": new.get(attr)})
    old_scopes, new_scopes = set(old.get("scopes", [])), set(new.get("scopes", []))
    if old_scopes != new_scopes:
        report["document_changes"].append(
            {
                "attribute": "scopes",
                "added": sorted(new_scopes - old_scopes),
                "removed": sorted(old_scopes - new_scopes),
            }
        )

    # ------------------------------------------------------------------ operations
    old_ops: Mapping[str, Any] = old.get("operations", {})
    new_ops: Mapping[str, Any] = new.get("operations", {})
    for key, op in new_ops.items():
        if key not in old_ops:
            report["operations_added"].append(_op_ref(op))
    for key, op in old_ops.items():
        if key not in new_ops:
            report["operations_removed"].append(_op_ref(op))
    for key in sorted(set(old_ops) & set(new_ops), key=lambda k: _op_sort_key(new_ops[k])):
        o, n = old_ops[key], new_ops[key]
        where = f"{n['method']} {n['path']}"
        entry: dict[str, Any] = {
            **_op_ref(n),
            "changes": _changes(o, n, _OP_ATTRS),
            "parameters_added": [],
            "parameters_removed": [],
            "parameters_changed": [],
        }
        for code in sorted(set(o["responses"]) | set(n["responses"])):
            ro, rn = o["responses"].get(code), n["responses"].get(code)
            if ro != rn:
                entry["changes"].append({"attribute": f"response {code}", "old": ro, "new": rn})
        op_, np_ = o["parameters"], n["parameters"]
        for pkey in sorted(set(np_) - set(op_)):
            entry["parameters_added"].append(_param_ref(np_[pkey]))
        for pkey in sorted(set(op_) - set(np_)):
            entry["parameters_removed"].append(_param_ref(op_[pkey]))
        for pkey in sorted(set(op_) & set(np_)):
            po, pn = op_[pkey], np_[pkey]
            pchanges = _changes(po, pn, _PARAM_ATTRS)
            if pchanges:
                entry["parameters_changed"].append({"name": pn["name"], "in": pn["in"], "changes": pchanges})
            _enum_delta(f"{where} {pkey}", "parameter", po["enum"], pn["enum"], report)
            _doc_delta(f"{where} {pkey}", "description", po["description"], pn["description"], report, docs)
        for attr in ("summary", "description"):
            _doc_delta(where, attr, o[attr], n[attr], report, docs)
        if (
            entry["changes"]
            or entry["parameters_added"]
            or entry["parameters_removed"]
            or entry["parameters_changed"]
        ):
            report["operations_changed"].append(entry)

    # ------------------------------------------------------------------ models
    old_models: Mapping[str, Any] = old.get("models", {})
    new_models: Mapping[str, Any] = new.get("models", {})
    for name in sorted(set(new_models) - set(old_models)):
        report["models_added"].append(_model_ref(name, new_models[name]))
    for name in sorted(set(old_models) - set(new_models)):
        report["models_removed"].append(_model_ref(name, old_models[name]))
    for name in sorted(set(old_models) & set(new_models)):
        mo, mn = old_models[name], new_models[name]
        if mo["type"] != mn["type"]:
            report["models_changed"].append(
                {"name": name, "changes": [{"attribute": "type", "old": mo["type"], "new": mn["type"]}]}
            )
        _enum_delta(name, "schema", mo["enum"], mn["enum"], report)
        _doc_delta(name, "description", mo["description"], mn["description"], report, docs)
        fo, fn = mo["fields"], mn["fields"]
        for path in sorted(set(fn) - set(fo)):
            report["fields_added"].append(_field_ref(name, path, fn[path]))
        for path in sorted(set(fo) - set(fn)):
            report["fields_removed"].append(_field_ref(name, path, fo[path]))
        for path in sorted(set(fo) & set(fn)):
            changes = _changes(fo[path], fn[path], _FIELD_ATTRS)
            if changes:
                report["fields_changed"].append({"model": name, "field": path, "changes": changes})
            _enum_delta(f"{name}.{path}", "property", fo[path]["enum"], fn[path]["enum"], report)
            _doc_delta(
                f"{name}.{path}",
                "description",
                fo[path]["description"],
                fn[path]["description"],
                report,
                docs,
            )

    report["enum_values_added"].sort(key=lambda e: str(e["enum"]))
    report["enum_values_removed"].sort(key=lambda e: str(e["enum"]))
    return report


def diff_dirs(
    old_dir: Path,
    new_dir: Path,
    *,
    documents: Sequence[DocumentRef] | None = None,
    docs: bool = False,
    jobs: int | None = None,
) -> Report:
    """Diff every locked document present in both folders; note those present in one only, and
    list the operations of a document only the new folder has."""
    refs = list(documents) if documents is not None else locked_documents()
    found = {r.api: (r.path_in(old_dir), r.path_in(new_dir)) for r in refs}
    both = [r for r in refs if found[r.api][0] and found[r.api][1]]
    only_old = [r for r in refs if found[r.api][0] and not found[r.api][1]]
    only_new = [r for r in refs if found[r.api][1] and not found[r.api][0]]
    missing = [r for r in refs if not found[r.api][0] and not found[r.api][1]]

    paths = (
        [found[r.api][0] for r in both]
        + [found[r.api][1] for r in both]
        + [found[r.api][1] for r in only_new]
    )
    surfaces = load_surfaces([p for p in paths if p is not None], jobs=jobs)
    apis: dict[str, Any] = {}
    for i, ref in enumerate(both):
        old, new = surfaces[i], surfaces[len(both) + i]
        changes = diff_surfaces(old, new, docs=docs)
        apis[ref.api] = {
            "title": ref.title,
            "file": ref.file,
            "old_version": old.get("version"),
            "new_version": new.get("version"),
            "changed": any(changes[s] for s in CHANGE_SECTIONS),
            **changes,
        }
    added = {
        ref.api: diff_surfaces({}, surfaces[2 * len(both) + i])["operations_added"]
        for i, ref in enumerate(only_new)
    }

    def refs_json(items: Sequence[DocumentRef]) -> list[dict[str, str]]:
        return [{"api": r.api, "title": r.title, "file": r.file} for r in items]

    return {
        "old": str(old_dir),
        "new": str(new_dir),
        "only_in_old": refs_json(only_old),
        "only_in_new": refs_json(only_new),
        "in_neither": refs_json(missing),
        "apis": apis,
        "operations_of_added_documents": added,
    }
