"""The API reference, written from the same parsed documents ``make generate`` renders code from.

Two outputs:

* ``api.md`` at the repository root (written by ``make generate``, checked by
  ``make check-generated``): every API, every method with its signature and return type,
  grouped by resource. Small enough to commit and to read in a diff when Xero changes.
* The reference pages of the documentation site (``python -m codegen.reference OUT``, run by
  the MkDocs hook ``docs/hooks/reference.py`` on every ``make docs``): per API, an index, one
  page per resource group and one page of models and enums. They are built, not committed:
  several megabytes of Markdown derived entirely from the documents would double every
  release's diff and add nothing ``api.md`` does not already show for review.

A resource group is the first literal segment of the operation's real path (``/Invoices/...``
is ``Invoices``): Xero's documents put every operation of an API under one tag, so the tag
alone would make one page of 235 Accounting operations.

Scopes come from each operation's ``security`` (the broad scopes the document names).
Granular scopes per operation come from :func:`granular_scopes`, the one place to plug in a
per-operation map; until one exists, an operation whose broad scope has granular replacements
links to the table of them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from .apis import APIS, BY_KEY, Api
from .operations import Operation, Param
from .render import kwargs_signature
from .typemap import class_name, module_name, properties, py_type, raw

# --------------------------------------------------------------------------- facts per operation


@attrs.frozen
class OpDoc:
    """One operation with what the reference says about it beyond the generated code."""

    op: Operation
    group: str
    scopes: tuple[str, ...]
    errors: tuple[tuple[str, str], ...]  # (status, exception class) the document lists
    if_modified_since: bool

    @property
    def iter_name(self) -> str | None:
        return self.op.iter_name


@attrs.frozen
class FieldDoc:
    python_name: str
    json_name: str
    type: str
    description: str
    read_only: bool
    required: bool


@attrs.frozen
class ModelDoc:
    name: str
    module: str
    description: str
    fields: tuple[FieldDoc, ...]


@attrs.frozen
class EnumDoc:
    name: str
    description: str
    values: tuple[tuple[str, str], ...]  # (member, value)


@attrs.frozen
class ApiDoc:
    api: Api
    ops: tuple[OpDoc, ...]
    models: tuple[ModelDoc, ...]
    enums: tuple[EnumDoc, ...]

    def groups(self) -> dict[str, list[OpDoc]]:
        out: dict[str, list[OpDoc]] = {}
        for o in sorted(self.ops, key=lambda o: (o.group.lower(), o.op.name)):
            out.setdefault(o.group, []).append(o)
        return out


def resource_group(path: str) -> str:
    """``/Invoices/{InvoiceID}/History`` -> ``Invoices``; ``/`` -> ``Root``."""
    for segment in path.split("/"):
        if segment and not segment.startswith("{"):
            return segment
    return "Root"


def documented_errors(op: Operation) -> tuple[tuple[str, str], ...]:
    """The non-2xx statuses the document lists, with the exception each becomes."""
    return tuple((str(status), error_name(status)) for status in op.error_statuses)


def error_name(status: int) -> str:
    """The ``xero_sdk.errors`` class a status becomes (from the SDK's one status map)."""
    from xero_sdk.errors import STATUS_ERRORS

    cls = STATUS_ERRORS.get(status)
    return cls.__name__ if cls else ("ServerError" if status >= 500 else "APIError")


def granular_scopes(api: str, operation_id: str, path: str, broad: Iterable[str]) -> tuple[str, ...]:
    """The granular scopes that allow one operation: the SDK's own map (Xero's documents name
    only broad scopes; ``xero_sdk.auth.scopes.allowing`` answers from the same function)."""
    from xero_sdk.auth._operation_scopes import granular_for_operation

    return tuple(granular_for_operation(api, operation_id, path, broad))


def _replaced_scopes() -> frozenset[str]:
    from xero_sdk.auth.scopes import GRANULAR_REPLACEMENTS

    return frozenset(GRANULAR_REPLACEMENTS)


def _model_docs(data: Any) -> tuple[ModelDoc, ...]:
    models = []
    for m in sorted(data.models, key=class_name):
        schema_props = getattr(m.data, "properties", None) or {}
        read_only = {raw(k) for k, v in schema_props.items() if getattr(v, "readOnly", None)}
        required = {str(p.python_name) for p in m.required_properties or []}
        fields = tuple(
            FieldDoc(
                python_name=str(p.python_name),
                json_name=raw(p.name),
                type=py_type(p),
                description=raw(p.description) if p.description else "",
                read_only=raw(p.name) in read_only,
                required=str(p.python_name) in required,
            )
            for p in properties(m)
        )
        description = raw(m.description) if m.description else ""
        models.append(ModelDoc(class_name(m), module_name(m), description, fields))
    return tuple(models)


def _enum_docs(data: Any) -> tuple[EnumDoc, ...]:
    out = []
    for e in sorted(data.enums, key=class_name):
        values = tuple((str(k), str(v)) for k, v in e.values.items())
        out.append(EnumDoc(class_name(e), raw(e.description) if e.description else "", values))
    return tuple(out)


def api_doc(key: str, data: Any, ops: list[Operation]) -> ApiDoc:
    """Everything the reference shows for one API, from the generator's parse of it."""
    docs = []
    for op in ops:
        ims = any(p.location == "header" and p.wire.lower() == "if-modified-since" for p in op.params)
        docs.append(OpDoc(op, resource_group(op.raw_path), op.security, documented_errors(op), ims))
    return ApiDoc(BY_KEY[key], tuple(docs), _model_docs(data), _enum_docs(data))


def load_api_doc(key: str, spec: Path, release: str) -> ApiDoc:
    """Normalise one API's locked document (as ``make generate`` does, so the reference follows
    the current normaliser) and parse it."""
    from .generate import normalised_path, parse_api
    from .normalise import normalise_file

    normalised = normalised_path(release, key)
    normalise_file(spec, normalised)
    parsed = parse_api(key, normalised)
    return api_doc(key, parsed.data, parsed.operations())


# --------------------------------------------------------------------------- signatures


def _one_line(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def returns(op: Operation) -> str:
    return "bytes | int" if op.response.kind == "binary" else op.response.annotation


def signature(op: Operation, *, is_async: bool = False, multiline: bool = True) -> str:
    """The facade method's signature as the generated code declares it (without ``self``)."""
    args = [f"{p.python_name}: {p.annotation}" for p in op.path_params]
    kwargs = [line.strip().rstrip(",") for line in kwargs_signature(op, indent="").splitlines() if line]
    if op.response.kind == "binary":
        kwargs.append("destination: Destination | None = None")
    kwargs.append("options: RequestOptions | None = None")
    parts = [*args, "*", *kwargs]
    head = f"{'async ' if is_async else ''}def {op.name}("
    if not multiline:
        return f"{head}{', '.join(parts)}) -> {returns(op)}"
    body = "".join(f"    {p},\n" for p in parts)
    return f"{head}\n{body}) -> {returns(op)}"


def iter_signature(o: OpDoc, *, is_async: bool = False) -> str:
    pg = o.op.paging
    assert pg is not None and o.iter_name is not None
    skip = {pg.page_param, pg.size_param, pg.offset_param}
    args = [f"{p.python_name}: {p.annotation}" for p in o.op.path_params]
    kwargs = [
        f"{p.python_name}: {p.annotation}" + ("" if p.required else " | None = None")
        for p in o.op.params
        if p.python_name not in skip
    ]
    if pg.size_param:
        kwargs.append(f"page_size: int = {pg.max_size}")
    kwargs.append("options: RequestOptions | None = None")
    ret = f"{'AsyncIterator' if is_async else 'Iterator'}[{pg.item_type}]"
    return f"def {o.iter_name}({', '.join([*args, '*', *kwargs])}) -> {ret}"


# --------------------------------------------------------------------------- api.md


def api_md_section(d: ApiDoc) -> str:
    """One API's part of ``api.md``."""
    lines = [
        f"## {d.api.title}",
        "",
        f"`xero.{d.api.key}`: `{d.api.prefix}Api` / `Async{d.api.prefix}Api`; models: "
        f"`from xero_sdk.{d.api.key} import ...` ({len(d.models)} models, {len(d.enums)} enums).",
        "",
    ]
    for group, ops in d.groups().items():
        lines += [f"### {group}", ""]
        for o in ops:
            lines.append(f"- `{o.op.method} {o.op.raw_path}`")
            owner = f"xero.{d.api.key}."
            lines.append(f"  `{signature(o.op, multiline=False).replace('def ', owner, 1)}`")
            if o.iter_name:
                lines.append(f"  `{iter_signature(o).replace('def ', owner, 1)}`")
        lines.append("")
    return "\n".join(lines)


def api_md_text(sections: list[str], release: str) -> str:
    head = [
        "<!-- Generated by `make generate` (codegen/reference.py); checked by `make check-generated`. -->",
        "",
        "# API",
        "",
        "`xero` below is a `Xero` client for one organisation (`Xero(...).for_tenant(tenant_id)`).",
        f"Every operation of Xero's documents (Xero-OpenAPI {release}) as a method of `Xero` /",
        "`AsyncXero`, grouped by API and resource. Path arguments are positional, the rest keyword-only;",
        "`AsyncXero` has the same methods as coroutines (and `iter_*` as async iterators). The",
        "documentation site's reference (`make docs`) adds scopes, parameters, errors and models.",
        "",
    ]
    return "\n".join(head) + "\n" + "\n".join(sections).rstrip() + "\n"


# --------------------------------------------------------------------------- site pages


def _md(text: str) -> str:
    """Document text as one Markdown paragraph (Xero's descriptions are plain text)."""
    text = _one_line(text)
    return re.sub(r"([<>*_\[\]`|])", r"\\\1", text)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _type_links(annotation: str, names: dict[str, str]) -> str:
    """``list[Invoice] | None`` with model and enum names linked to their entries."""

    def link(match: re.Match[str]) -> str:
        word = match.group(0)
        return f"[{word}]({names[word]})" if word in names else word

    escaped = annotation.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")
    return re.sub(r"\b[A-Z][A-Za-z0-9]*\b", link, escaped)


def _example(o: OpDoc, api: str) -> str:
    op = o.op
    args = [p.python_name for p in op.path_params]
    required = [p for p in op.params if p.required]
    if op.body and op.body.kind == "json":
        body_type = op.body.annotation.split(" | ")[0]
        args.append(f"body={body_type}(...)" if body_type[:1].isupper() else "body=[...]")
    elif op.body and op.body.kind == "content":
        args.append('body=open("file.pdf", "rb")')
    elif op.body:
        args += [f"{p.python_name}=..." for p in op.body.parts if p.required]
    args += [f"{p.python_name}=..." for p in required]
    call = f"org.{api}.{op.name}({', '.join(args)})"
    lines = []
    if op.response.kind == "binary":
        lines.append(f"data: bytes = {call}")
    elif op.response.kind == "none":
        lines.append(call)
    else:
        lines.append(f"result = {call}  # {op.response.annotation}")
    if o.iter_name:
        lines.append(
            f"for item in org.{api}.{o.iter_name}(...):  # every {op.paging.item_type if op.paging else ''}"
        )
        lines.append("    ...")
    return "\n".join(lines)


def _param_line(p: Param, links: dict[str, str]) -> str:
    where = {"path": "path", "query": "query", "header": "header", "file": "form file", "form": "form"}.get(
        p.location, p.location
    )
    req = "required" if p.required else "optional"
    desc = f": {_md(p.description)}" if p.description else ""
    return f"- `{p.python_name}` ({_type_links(p.annotation, links)}; {where} `{p.wire}`; {req}){desc}"


def operation_section(o: OpDoc, d: ApiDoc, links: dict[str, str]) -> list[str]:
    op = o.op
    out = [
        f"## {op.name} {{#{op.name}}}",
        "",
        f"`{op.method} {op.raw_path}` · operationId `{op.operation_id}`",
        "",
    ]
    if op.summary:
        out += [_md(op.summary), ""]
    if op.description and op.description != op.summary:
        out += [_md(op.description), ""]
    out += [
        '=== "Sync"',
        "",
        "    ```python",
        *(f"    {line}" for line in signature(op).splitlines()),
        "    ```",
        "",
        '=== "Async"',
        "",
        "    ```python",
        *(f"    {line}" for line in signature(op, is_async=True).splitlines()),
        "    ```",
        "",
    ]
    if o.scopes:
        granular = granular_scopes(d.api.key, op.operation_id, op.raw_path, o.scopes)
        line = "**Scopes** (any one): " + ", ".join(f"`{s}`" for s in o.scopes)
        if granular:
            line += "; granular: " + ", ".join(f"`{s}`" for s in granular)
        elif any(s in _replaced_scopes() for s in o.scopes):
            line += " (granular: [the scopes that replace them](../../guides/authentication.md#scopes-broad-and-granular))"
        out += [line, ""]
    params = list(op.path_params)
    if op.body and op.body.kind in ("json", "content"):
        body_doc = f"the request body ({op.body.content_type})"
        params.append(Param("body", "body", "body", op.body.annotation, True, "", body_doc))
    params += [*(op.body.parts if op.body else []), *op.params]
    if params:
        out += ["**Parameters**", ""]
        out += [_param_line(p, links) for p in params]
        out += ["- `options` (RequestOptions; optional): per-call timeout, retries, headers", ""]
    if op.response.kind == "binary":
        out += [
            "**Returns** `bytes` (the body), or with `destination=` (a path or binary file) the number "
            f"of bytes streamed there. Sent with `Accept: {op.accept}`.",
            "",
        ]
    elif op.response.kind == "none":
        out += ["**Returns** `None`.", ""]
    else:
        out += [f"**Returns** {_type_links(op.response.annotation, links)}", ""]
    raises = [f"`{cls}` ({status})" for status, cls in o.errors]
    raises.append("`AuthenticationError` (401), `PermissionDeniedError` (403), `RateLimitError` (429), ")
    raises[-1] += "`ServerError` (5xx), `APIConnectionError` / `APITimeoutError`"
    out += ["**Raises** " + ", ".join(raises) + " (all in `xero_sdk.errors`).", ""]
    supports = []
    if op.unitdp:
        supports.append(
            "`unitdp` (4 decimal places for unit amounts; `Xero(unitdp=4)` sets it for every call)"
        )
    if op.idempotency:
        supports.append("`Idempotency-Key` (added by the SDK, so retries are safe)")
    if o.if_modified_since:
        supports.append("`If-Modified-Since` (`if_modified_since=` a date or aware datetime)")
    if op.tenant:
        supports.append("`Xero-Tenant-Id` (filled from `xero.for_tenant(...)`)")
    if supports:
        out += ["**Supports** " + "; ".join(supports) + ".", ""]
    if o.iter_name:
        assert op.paging is not None
        out += [
            f"**Pages**: `{o.iter_name}` yields every {_type_links(op.paging.item_type, links)} across all "
            "pages (async: an async iterator):",
            "",
            "```python",
            iter_signature(o),
            "```",
            "",
        ]
    out += ["**Example**", "", "```python", _example(o, d.api.key), "```", ""]
    return out


def model_section(m: ModelDoc, links: dict[str, str]) -> list[str]:
    out = [f"## {m.name} {{#{_slug(m.name)}}}", "", f"`from xero_sdk.{{api}} import {m.name}`", ""]
    if m.description:
        out += [_md(m.description), ""]
    if not m.fields:
        return [*out, "No documented fields (unknown fields are kept in `additional_properties`).", ""]
    for f in m.fields:
        flags = ["read-only" if f.read_only else "", "required" if f.required else ""]
        flag = "".join(f"; {x}" for x in flags if x)
        desc = f": {_md(f.description)}" if f.description else ""
        out.append(f"- `{f.python_name}` (JSON `{f.json_name}`; {_type_links(f.type, links)}{flag}){desc}")
    return [*out, ""]


def enum_section(e: EnumDoc) -> list[str]:
    out = [f"## {e.name} {{#{_slug(e.name)}}}", ""]
    if e.description:
        out += [_md(e.description), ""]
    out.append("Open enum: a value Xero adds later is kept as it is. Members:")
    out.append("")
    out += [f"- `{e.name}.{member}` = `{value!s}`" for member, value in e.values]
    return [*out, ""]


def write_site(docs: list[ApiDoc], out: Path, release: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Write the reference pages under ``out`` (``reference/<api>/...``); returns the navigation:
    per API title, its (title, path) pages."""
    nav: list[tuple[str, list[tuple[str, str]]]] = []
    index = [
        "# API reference",
        "",
        f"Generated from Xero's OpenAPI documents (Xero-OpenAPI {release}) by `codegen/reference.py`, "
        "from the same parse that generates the code. Search finds an operation by its method name, "
        "its operationId or its path.",
        "",
        "| API | client attribute | operations | models | enums |",
        "|---|---|---|---|---|",
    ]
    for d in docs:
        key = d.api.key
        base = out / "reference" / key
        base.mkdir(parents=True, exist_ok=True)
        links = {m.name: f"models.md#{_slug(m.name)}" for m in d.models}
        links.update({e.name: f"models.md#{_slug(e.name)}" for e in d.enums})
        pages: list[tuple[str, str]] = [("Overview", f"reference/{key}/index.md")]
        overview = [
            f"# {d.api.title}",
            "",
            f"`xero.{key}` (`{d.api.prefix}Api`) and `async_xero.{key}` (`Async{d.api.prefix}Api`); "
            f"models and enums: `from xero_sdk.{key} import ...`.",
            "",
            "| Resource | Method | HTTP |",
            "|---|---|---|",
        ]
        groups = d.groups()
        for group, ops in groups.items():
            slug = _slug(group)
            page = [f"# {d.api.title}: {group}", ""]
            for o in ops:
                page += operation_section(o, d, links)
                overview.append(
                    f"| {group} | [`{o.op.name}`]({slug}.md#{o.op.name}) | `{o.op.method} {o.op.raw_path}` |"
                )
            (base / f"{slug}.md").write_text("\n".join(page), encoding="utf-8")
            pages.append((group, f"reference/{key}/{slug}.md"))
        models = [
            f"# {d.api.title}: models and enums",
            "",
            "Models are attrs classes with keyword-only fields; every field is optional (`T | None`: "
            "Xero declares no `nullable` yet sends nulls), unknown fields are kept in "
            "`additional_properties`, and `from_dict`/`to_dict`, `from_json`/`to_json` convert them. "
            "Enums are open: a value Xero adds later is kept.",
            "",
        ]
        if not d.models and not d.enums:
            models.append("This API has no models.")
        for m in d.models:
            models += [line.replace("{api}", key) for line in model_section(m, links)]
        for e in d.enums:
            models += enum_section(e)
        (base / "models.md").write_text("\n".join(models), encoding="utf-8")
        pages.append(("Models and enums", f"reference/{key}/models.md"))
        if not groups:
            overview += ["", "This document defines payload models only: see the models page."]
        (base / "index.md").write_text("\n".join(overview) + "\n", encoding="utf-8")
        nav.append((d.api.title, pages))
        index.append(
            f"| [{d.api.title}]({key}/index.md) | `{key}` | {len(d.ops)} | {len(d.models)} | {len(d.enums)} |"
        )
    (out / "reference" / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    (out / "reference" / "nav.json").write_text(json.dumps(nav, indent=1), encoding="utf-8")
    return nav


def load_all(keys: Iterable[str] | None = None) -> tuple[list[ApiDoc], str]:
    """Every API's reference (and the webhooks document's models), with the release tag."""
    from .generate import spec_paths

    paths, release = spec_paths()
    wanted = list(keys) if keys else [a.key for a in APIS] + ["webhooks"]
    return [load_api_doc(k, paths[k], release) for k in wanted], release


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write the documentation site's API reference pages")
    parser.add_argument("out", type=Path, help="folder to write reference/ into")
    args = parser.parse_args(argv)
    docs, release = load_all()
    nav = write_site(docs, args.out, release)
    pages = sum(len(p) for _, p in nav) + 1
    ops = sum(len(d.ops) for d in docs)
    models = sum(len(d.models) for d in docs)
    print(f"reference: {pages} pages, {ops} operations, {models} models into {args.out / 'reference'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
