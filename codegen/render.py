"""Python-side helpers the templates call to render signatures and import blocks."""

from __future__ import annotations

import re
from typing import Any

from .operations import Operation, Param
from .typemap import py_str

_WORD = {
    "datetime": re.compile(r"\bdatetime\."),
    "Decimal": re.compile(r"\bDecimal\b"),
    "UUID": re.compile(r"\bUUID\b"),
    "Sequence": re.compile(r"\bSequence\["),
    "Mapping": re.compile(r"\bMapping\["),
    "IO": re.compile(r"\bIO\["),
    "Any": re.compile(r"\bAny\b"),
    "Where": re.compile(r"\bExpr\b"),
    "OrderBy": re.compile(r"\bOrder\b"),
}


def annotations(op: Operation) -> list[str]:
    out = [p.annotation for p in op.path_params + op.params]
    if op.body:
        out.append(op.body.annotation)
        out += [p.annotation for p in op.body.parts]
    out.append(op.response.annotation)
    return out


def _stdlib_imports(
    text: str, extra_typing: set[str] | None = None, extra_abc: set[str] | None = None
) -> list[str]:
    lines = []
    if _WORD["datetime"].search(text):
        lines.append("import datetime")
    abc = set(extra_abc or ()) | {n for n in ("Mapping", "Sequence") if _WORD[n].search(text)}
    if abc:
        lines.append(f"from collections.abc import {', '.join(sorted(abc))}")
    if _WORD["Decimal"].search(text):
        lines.append("from decimal import Decimal")
    typing = set(extra_typing or ())
    typing |= {n for n in ("IO", "Any") if _WORD[n].search(text)}
    if typing:
        lines.append(f"from typing import {', '.join(sorted(typing))}")
    if _WORD["UUID"].search(text):
        lines.append("from uuid import UUID")
    return lines


def signature_imports(op: Operation) -> str:
    # ``parse(body: Any)`` exists unless the response is a download
    extra = {"Any"} if op.response.kind != "binary" else set()
    if op.types:
        extra.add("TYPE_CHECKING")
    return "\n".join(_stdlib_imports(" ".join(annotations(op)), extra))


def type_checking_block(types: list[tuple[str, str]], models_pkg: str, sdk: tuple[str, ...] = ()) -> str:
    """``if TYPE_CHECKING:`` importing ``sdk`` lines and the models ``types`` names; empty if none."""
    lines = [*sdk, *(f"from {models_pkg}.{module} import {name}" for module, name in sorted(set(types)))]
    return "\n".join(["if TYPE_CHECKING:", *(f"    {line}" for line in lines)]) if lines else ""


def render_imports(op: Operation) -> str:
    text = " ".join(p.render for p in op.path_params + op.params)
    if op.body:
        text += " " + " ".join(p.render for p in op.body.parts)
    sig = " ".join(annotations(op))
    lines = []
    codec = sorted(
        n
        for n in ("format_date", "format_datetime", "format_if_modified_since")
        if re.search(rf"\b{n}\(", text)
    )
    if codec:
        lines.append(f"from xero_sdk._runtime.codec import {', '.join(codec)}")
    if op.body and op.body.kind == "json" and "Model" in op.body.encode:
        lines.append("from xero_sdk._runtime.model import Model")
    operation = ["ApiRequest"]
    if op.body and op.body.kind == "multipart":
        operation.append("MultipartPart")
    if "join_list(" in text:
        operation.append("join_list")
    if op.path_params:
        operation.append("path_segment")
    lines.append(f"from xero_sdk._runtime.operation import {', '.join(operation)}")
    if "render_order(" in text or _WORD["OrderBy"].search(sig):
        lines.append("from xero_sdk._runtime.order import Order, render_order")
    if "render_where(" in text or _WORD["Where"].search(sig):
        lines.append("from xero_sdk._runtime.where import Expr, render_where")
    block = type_checking_block(op.types, "..models")
    if block:
        lines += ["", block]
    return "\n".join(lines)


def parse_imports(op: Operation) -> str:
    names = [(m, n) for m, n in op.types if re.search(rf"\b{n}\b", op.response.parse)]
    return "\n".join(f"    from ..models.{m} import {n}" for m, n in sorted(set(names)))


def _keyword(p: Param, indent: str) -> str:
    """A keyword argument: ``None`` by default unless required."""
    if p.required:
        return f"{indent}{p.python_name}: {p.annotation},"
    return f"{indent}{p.python_name}: {p.annotation} | None = None,"


def kwargs_signature(op: Operation, *, indent: str = "    ") -> str:
    lines = []
    if op.body and op.body.kind in ("json", "content"):
        lines.append(f"{indent}body: {op.body.annotation}{' = None' if op.body.optional else ''},")
    if op.body and op.body.kind == "content":
        lines += [_keyword(p, indent) for p in op.body.parts]
    if op.body and op.body.kind == "multipart":
        lines += [_keyword(p, indent) for p in op.body.parts]
    lines += [_keyword(p, indent) for p in op.params]
    return "\n".join(lines)


def argument_names(op: Operation) -> list[str]:
    """The method's arguments in order: path parameters, body, body parts, other parameters."""
    names = [p.python_name for p in op.path_params]
    if op.body and op.body.kind in ("json", "content"):
        names.append("body")
    if op.body and op.body.kind in ("content", "multipart"):
        names += [p.python_name for p in op.body.parts]
    return names + [p.python_name for p in op.params]


def call_arguments(op: Operation) -> str:
    positional = len(op.path_params)
    names = argument_names(op)
    return ", ".join(names[:positional] + [f"{k}={k}" for k in names[positional:]])


def guards(op: Operation, method: str, args: list[str], w: str) -> str:
    """The first lines of a facade method: the removal warning, and the split of identifier
    lists too long for one URL into several calls of ``method`` (``args``: its arguments)."""
    lines = []
    if op.removal:
        lines.append(f"        warn_removal({py_str(op.operation_id)}, {py_str(op.removal)})")
    if op.split_lists:
        mapping = ", ".join(f"{py_str(n)}: {n}" for n in op.split_lists)
        again = ", ".join(f"{a}=part[{py_str(a)}]" if a in op.split_lists else f"{a}={a}" for a in args)
        lines.append(f"        parts = split_id_lists({{{mapping}}})")
        lines.append("        if parts is not None:")
        if method.startswith("iter_"):
            chain = "chain_async" if w else "chain"
            lines.append(
                f"            return {chain}(self.{method}({again}, options=options) for part in parts)"
            )
        else:
            lines.append(
                f"            return merge_responses([{w}self.{method}({again}, options=options) for part in parts])"
            )
    return "\n".join(lines)


def file_name_expr(op: Operation) -> str:
    """Multipart uploads name the file part after the ``filename`` field when there is one."""
    assert op.body is not None
    for p in op.body.parts:
        if p.wire.lower() == "filename":
            return p.python_name if p.required else f"{p.python_name} or 'file'"
    return "'file'"


def file_type_expr(op: Operation) -> str:
    assert op.body is not None
    for p in op.body.parts:
        if p.wire.lower() in ("mimetype", "mime_type", "contenttype"):
            return p.python_name if p.required else f"{p.python_name} or 'application/octet-stream'"
    return "'application/octet-stream'"


def docstring(op: Operation, *, indent: str = "        ") -> str:
    parts = [op.summary.replace("\n", " ") or op.operation_id]
    if op.description and op.description != op.summary:
        parts += ["", op.description]
    args = []
    for p in op.path_params + op.params:
        args.append(
            f"    {p.python_name}: {p.description}".rstrip()
            if p.description
            else f"    {p.python_name}: ``{p.wire}``"
        )
    if op.body and op.body.kind != "multipart":
        args.append("    body: the request body")
    if op.body and op.body.kind == "content":
        args += [f"    {p.python_name}: {p.description}" for p in op.body.parts]
    if op.body and op.body.kind == "multipart":
        args += [f"    {p.python_name}: {p.description or p.wire}" for p in op.body.parts]
    if args:
        parts += ["", "Args:", *[a.replace("\n", " ") for a in args]]
    parts += ["", "Returns:", f"    {_returns_doc(op)}", "", "Raises:", *_raises_doc(op)]
    parts += ["", f"Xero operation ``{op.operation_id}``: ``{op.method} {op.raw_path}``."]
    if op.removal:
        parts += ["", f".. deprecated:: Xero removes this operation in {op.removal}; calling it warns."]
    if op.split_lists:
        names = ", ".join(f"``{n}``" for n in op.split_lists)
        parts += ["", f"{names}: a list too long for one URL is sent as several requests, answers merged."]
    text = "\n".join(parts).rstrip()
    return "\n".join((indent + line) if line else "" for line in text.split("\n")).lstrip()


def _returns_doc(op: Operation) -> str:
    said = op.returns_doc.replace("\n", " ").rstrip(".")
    said = f" {said}." if said and said.lower() != "success" else ""
    if op.response.kind == "binary":
        return (
            f"bytes | int:{said} The body as bytes, or with ``destination`` (a path or a binary file"
            " object) the number of bytes streamed there in chunks."
        )
    return (
        f"{'None' if op.response.kind == 'none' else op.response.annotation}:{said or ' the decoded body.'}"
    )


def _raises_doc(op: Operation) -> list[str]:
    """The documented error statuses as ``xero_sdk.errors`` classes, then what any call can raise."""
    from .reference import error_name

    out = []
    for status in op.error_statuses:
        out.append(f"    {error_name(status)}: HTTP {status}, with every message Xero returned.")
    out.append("    APIError: any other non-2xx answer (401, 403, 404, 429, 5xx: its subclass).")
    out.append("    APIConnectionError: no answer after the retries (``APITimeoutError`` on timeouts).")
    return out


def facade_imports(ops: list[Operation]) -> str:
    text = " ".join(a for op in ops for a in annotations(op))
    extra = {"TYPE_CHECKING"} if any(op.types for op in ops) else set()
    if any(op.response.kind == "binary" for op in ops):
        extra.add("overload")
    abc = {"AsyncIterator", "Iterator"} if any(op.paging for op in ops) else set()
    return "\n".join(_stdlib_imports(text, extra, abc))


def facade_sdk_imports(ops: list[Operation]) -> str:
    """The sender types, ``Destination`` when an operation downloads, and the paging helpers
    the ``iter_*`` methods call."""
    operation = ["AsyncSender", "RequestOptions", "Sender"]
    if any(op.response.kind == "binary" for op in ops):
        operation.append("Destination")
    lines = [f"from xero_sdk._runtime.operation import {', '.join(sorted(operation))}"]
    paging = {"iterate_offsets" if op.paging.offset_param else "iterate_pages" for op in ops if op.paging}
    if paging:
        names = sorted(n + suffix for n in paging for suffix in ("", "_async"))
        lines.append(f"from xero_sdk._runtime.paging import {', '.join(names)}")
    if any(op.split_lists for op in ops):
        split = ["merge_responses", "split_id_lists"]
        if any(op.split_lists and op.paging for op in ops):
            split += ["chain", "chain_async"]
        lines.append(f"from xero_sdk._runtime.id_lists import {', '.join(sorted(split))}")
    if any(op.removal for op in ops):
        lines.append("from xero_sdk._runtime.removals import warn_removal")
    return "\n".join(lines)


def facade_type_block(ops: list[Operation]) -> str:
    types = [t for op in ops for t in op.types]
    for op in ops:
        if op.paging:
            types.append((op.paging.item_module, op.paging.item_type))
    sig = " ".join(a for op in ops for a in annotations(op))
    sdk = []
    if _WORD["OrderBy"].search(sig):
        sdk.append("from xero_sdk._runtime.order import Order")
    if _WORD["Where"].search(sig):
        sdk.append("from xero_sdk._runtime.where import Expr")
    return type_checking_block(types, "..models", tuple(sdk))


def render_iter(op: Operation, mode: str) -> str:
    """The ``iter_*`` twin of a paged operation: every item across all pages."""
    pg = op.paging
    assert pg is not None
    is_async = mode == "async"
    name = op.iter_name
    assert name is not None
    skip = {pg.page_param, pg.size_param, pg.offset_param}
    kept = [p for p in op.params if p.python_name not in skip]
    sig = []
    for p in op.path_params:
        sig.append(f"        {p.python_name}: {p.annotation},")
    sig.append("        *,")
    sig += [_keyword(p, "        ") for p in kept]
    if pg.size_param:
        sig.append(f"        page_size: int = {pg.max_size},")
    sig.append("        options: RequestOptions | None = None,")
    args = [p.python_name for p in op.path_params] + [f"{p.python_name}={p.python_name}" for p in kept]
    item = pg.item_type
    ret = f"AsyncIterator[{item}]" if is_async else f"Iterator[{item}]"
    a = "async " if is_async else ""
    w = "await " if is_async else ""
    resp = op.response.annotation
    lines = [
        "",
        f"    def {name}(",
        "        self,",
        *sig,
        f"    ) -> {ret}:",
        f'        """Every item of ``{op.name}``, across all pages{", " + "page_size" + " a request" if pg.size_param else ""}.',
        "",
        "        Pages are fetched as the iteration reaches them; it stops after the last item.",
        '        """',
    ]
    names = [p.python_name for p in op.path_params + kept] + (["page_size"] if pg.size_param else [])
    guard = guards(op, name, names, w if is_async else "")
    if guard:
        lines.append(guard)
    lines += [f"        from ..api import {op.name} as op", ""]
    if pg.offset_param:
        call_args = ", ".join([*args, f"{pg.offset_param}=offset"])
        lines += [
            f"        {a}def fetch(offset: int) -> {resp}:",
            f"            return {w}self._sender.request(op.build({call_args}), op.parse, options)",
            "",
            f"        return iterate_offsets{'_async' if is_async else ''}(",
            f"            fetch, lambda r: r.{pg.items}, lambda item: item.{pg.offset_field}, {pg.fixed_size}",
            "        )",
        ]
    else:
        extra = [f"{pg.page_param}=page"]
        if pg.size_param:
            extra.append(f"{pg.size_param}=page_size")
        call_args = ", ".join([*args, *extra])
        size = "page_size" if pg.size_param else str(pg.fixed_size)
        pagination = f"lambda r: r.{pg.pagination}" if pg.pagination else "None"
        items = f"lambda r: r.{pg.items}" if pg.items else "lambda r: r"
        lines += [
            f"        {a}def fetch(page: int) -> {resp}:",
            f"            return {w}self._sender.request(op.build({call_args}), op.parse, options)",
            "",
            f"        return iterate_pages{'_async' if is_async else ''}(fetch, {items}, {pagination}, {size})",
        ]
    return "\n".join(lines)


GLOBALS: dict[str, Any] = {
    "signature_imports": signature_imports,
    "render_imports": render_imports,
    "parse_imports": parse_imports,
    "kwargs_signature": kwargs_signature,
    "call_arguments": call_arguments,
    "file_name_expr": file_name_expr,
    "file_type_expr": file_type_expr,
    "docstring": docstring,
    "guards": guards,
    "argument_names": argument_names,
    "facade_imports": facade_imports,
    "facade_sdk_imports": facade_sdk_imports,
    "facade_type_block": facade_type_block,
    "render_iter": render_iter,
}
