"""The plain-text rendering of a diff report, in a stable order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from codegen.api_diff.surface import _fmt_value

_MAX_TEXT_VALUES = 15


def _fmt_values(values: Sequence[Any]) -> str:
    shown = [_fmt_value(v) for v in values[:_MAX_TEXT_VALUES]]
    more = len(values) - len(shown)
    return ", ".join(shown) + (f", ... (+{more} more)" if more > 0 else "")


def _fmt_attr(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(_fmt_value(v) for v in value) + "]"
    return str(value)


def _fmt_change(change: Mapping[str, Any]) -> str:
    return f"{change['attribute']}: {_fmt_attr(change['old'])} -> {_fmt_attr(change['new'])}"


def _fmt_type(info: Mapping[str, Any]) -> str:
    parts = [str(info["type"])]
    if info.get("enum") is not None:
        parts.append(f"enum[{_fmt_values(info['enum'])}]")
    parts.append("required" if info.get("required") else "optional")
    if info.get("readOnly"):
        parts.append("read-only")
    return ", ".join(parts)


def _clip(text: Any, limit: int = 100) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


def _op_row(sign: str, op: Mapping[str, Any]) -> str:
    """One operation's line: sign, method, path and operationId."""
    return f"{sign} {op['method']} {op['path']}  {op['operationId']}"


def render_api(api: str, data: Mapping[str, Any]) -> list[str]:
    version = (
        f"{data['old_version']} -> {data['new_version']}"
        if data["old_version"] != data["new_version"]
        else str(data["new_version"])
    )
    lines = [f"{api} - {data['title']} ({data['file']}, {version})"]
    if not data["changed"]:
        lines.append("  no API-surface changes")
        return lines

    def section(key: str, heading: str, rows: list[str]) -> None:
        if rows:
            lines.append(f"  {heading} ({len(data[key])}):")
            lines.extend(f"    {row}" for row in rows)

    doc_rows = []
    for c in data["document_changes"]:
        if c["attribute"] == "scopes":
            doc_rows.append(f"~ scopes: added [{', '.join(c['added'])}], removed [{', '.join(c['removed'])}]")
        else:
            doc_rows.append(f"~ {_fmt_change(c)}")
    section("document_changes", "Document", doc_rows)
    section(
        "operations_added",
        "Operations added",
        [_op_row("+", o) for o in data["operations_added"]],
    )
    section(
        "operations_removed",
        "Operations removed",
        [_op_row("-", o) for o in data["operations_removed"]],
    )
    rows: list[str] = []
    for o in data["operations_changed"]:
        rows.append(_op_row("~", o))
        rows.extend(f"    {_fmt_change(c)}" for c in o["changes"])
        rows.extend(f"    + parameter {p['name']} ({p['in']}): {_fmt_type(p)}" for p in o["parameters_added"])
        rows.extend(
            f"    - parameter {p['name']} ({p['in']}): {_fmt_type(p)}" for p in o["parameters_removed"]
        )
        for p in o["parameters_changed"]:
            changes = "; ".join(_fmt_change(c) for c in p["changes"])
            rows.append(f"    ~ parameter {p['name']} ({p['in']}): {changes}")
    section("operations_changed", "Operations changed", rows)

    def model_row(sign: str, m: Mapping[str, Any]) -> str:
        if m["enum"] is not None:
            return f"{sign} {m['name']}: {m['type']} enum[{_fmt_values(m['enum'])}]"
        if m["fields"]:
            names = ", ".join(f["field"] + ("*" if f["required"] else "") for f in m["fields"])
            note = "  (* required)" if any(f["required"] for f in m["fields"]) else ""
            return f"{sign} {m['name']}: {m['type']} {{{names}}}{note}"
        return f"{sign} {m['name']}: {m['type']}"

    section("models_added", "Models added", [model_row("+", m) for m in data["models_added"]])
    section("models_removed", "Models removed", [model_row("-", m) for m in data["models_removed"]])
    section(
        "models_changed",
        "Models changed",
        [f"~ {m['name']}: {'; '.join(_fmt_change(c) for c in m['changes'])}" for m in data["models_changed"]],
    )
    section(
        "fields_added",
        "Model fields added",
        [f"+ {f['model']}.{f['field']}: {_fmt_type(f)}" for f in data["fields_added"]],
    )
    section(
        "fields_removed",
        "Model fields removed",
        [f"- {f['model']}.{f['field']}: {_fmt_type(f)}" for f in data["fields_removed"]],
    )
    section(
        "fields_changed",
        "Model fields changed",
        [
            f"~ {f['model']}.{f['field']}: {'; '.join(_fmt_change(c) for c in f['changes'])}"
            for f in data["fields_changed"]
        ],
    )
    section(
        "enum_values_added",
        "Enum values added",
        [
            f"+ {e['enum']}: {_fmt_values(e['values'])}" + ("" if e["was_enum"] else "  (was not an enum)")
            for e in data["enum_values_added"]
        ],
    )
    section(
        "enum_values_removed",
        "Enum values removed",
        [
            f"- {e['enum']}: {_fmt_values(e['values'])}"
            + ("" if e["still_enum"] else "  (no longer an enum)")
            for e in data["enum_values_removed"]
        ],
    )
    section(
        "docs_changed",
        "Documentation changed",
        [
            f"~ {d['location']} {d['attribute']}: {_clip(d['old'])!r} -> {_clip(d['new'])!r}"
            for d in data["docs_changed"]
        ],
    )
    return lines


def render_text(report: Mapping[str, Any]) -> str:
    lines = ["API surface diff", f"  old: {report['old']}", f"  new: {report['new']}", ""]
    apis: Mapping[str, Any] = report["apis"]
    for api, data in apis.items():
        lines.extend(render_api(api, data))
        lines.append("")
    for key, label in (
        ("only_in_old", "Only in old (removed?)"),
        ("only_in_new", "Only in new (added?)"),
        ("in_neither", "In neither folder"),
    ):
        for ref in report[key]:
            lines.append(f"{label}: {ref['api']} - {ref['title']} ({ref['file']})")
            if key == "only_in_new":
                for o in report.get("operations_of_added_documents", {}).get(ref["api"], []):
                    lines.append("  " + _op_row("+", o))
    if report["only_in_old"] or report["only_in_new"] or report["in_neither"]:
        lines.append("")

    changed = [a for a, d in apis.items() if d["changed"]]
    counts = []
    for key, noun, verb in (
        ("operations_added", "operation", "added"),
        ("operations_removed", "operation", "removed"),
        ("operations_changed", "operation", "changed"),
        ("models_added", "model", "added"),
        ("models_removed", "model", "removed"),
        ("models_changed", "model", "changed"),
        ("fields_added", "field", "added"),
        ("fields_removed", "field", "removed"),
        ("fields_changed", "field", "changed"),
        ("enum_values_added", "enum", "with values added"),
        ("enum_values_removed", "enum", "with values removed"),
    ):
        n = sum(len(d[key]) for d in apis.values())
        if n:
            counts.append(f"{n} {noun}{'' if n == 1 else 's'} {verb}")
    if changed:
        lines.append(
            f"Summary: {len(changed)} of {len(apis)} APIs changed ({', '.join(changed)}): {', '.join(counts) or 'document-level changes only'}"
        )
    else:
        lines.append(f"Summary: no API-surface changes in {len(apis)} APIs")
    return "\n".join(lines) + "\n"
