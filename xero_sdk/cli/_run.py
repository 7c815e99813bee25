"""Running one operation command: arguments to the facade call, the result to stdout."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

import click

from ._errors import USAGE, CLIError
from ._operations import iter_pages, read_body
from ._output import columns_of, csv_lines, default_format, dumps, plain, write
from ._session import Session, redacted_headers


def _facade_method(session: Session, api: str, entry: dict[str, Any]) -> Any:
    client = session.client()
    if entry["tenant"] and not client.client_credentials:
        client = client.for_tenant(session.tenant_id())
    return getattr(getattr(client, api), entry["method"])


def _call_arguments(entry: dict[str, Any], values: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    args = [values.pop(p[0]) for p in entry["args"]]
    kwargs = {k: v for k, v in values.items() if v is not None}
    body = entry["body"]
    if body and body["kind"] in ("json", "content"):
        data = read_body(values.get("body"), binary=body["kind"] == "content")
        if data is None:
            raise CLIError("this operation needs a body: --body @file, --body - or piped stdin", USAGE)
        kwargs["body"] = data
    if body and body["kind"] == "multipart":
        for name, _wire, location, *_ in body["parts"]:
            if location == "file" and isinstance(kwargs.get(name), str):
                path = kwargs[name]
                kwargs[name] = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    return args, kwargs


def run_operation(ctx: click.Context, api: str, entry: dict[str, Any], values: dict[str, Any]) -> None:
    session: Session = ctx.obj
    fmt = values.pop("format", None) or default_format()
    output = values.pop("output", None)
    follow = values.pop("all", False)
    raw = values.pop("raw", False)
    exchanges: list[Any] = []
    if raw:
        session.on_request.append(lambda request: exchanges.append([request, None]))
        session.on_response.append(lambda response: exchanges[-1].__setitem__(1, response))
    args, kwargs = _call_arguments(entry, values)
    method = _facade_method(session, api, entry)
    out = sys.stdout
    if entry["response"] == "binary":
        _download(method, args, kwargs, output, raw)
    elif follow and entry["paging"]:
        if args:
            kwargs.update(zip((p[0] for p in entry["args"]), args, strict=True))
        _all_pages(method, entry, kwargs, "jsonl" if raw else fmt, out if not raw else _Discard())
    else:
        result = method(*args, **kwargs)
        if not raw:
            write(plain(result), fmt, out, title=entry["summary"])
    if raw:
        print_exchanges(exchanges, out)


class _Discard:
    """Where ``--all --raw`` sends the records: the exchanges are the output."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None


def _download(method: Any, args: list[Any], kwargs: dict[str, Any], output: str | None, raw: bool) -> None:
    if output and output != "-":
        written = method(*args, destination=output, **kwargs)
        click.echo(f"wrote {written} bytes to {output}", err=True)
        return
    stdout = sys.stdout.buffer
    if stdout.isatty() and not raw:
        raise CLIError("the answer is a file: pass -o FILE (or pipe the output)", USAGE)
    data = method(*args, **kwargs)
    if not raw:
        stdout.write(data)
        stdout.flush()


def _all_pages(method: Any, entry: dict[str, Any], kwargs: dict[str, Any], fmt: str, out: Any) -> None:
    """Every page, written as it arrives (JSON: one array at the end)."""
    collected: list[Any] = []
    columns: list[str] | None = None
    for _pos, batch, _next in iter_pages(method, entry, kwargs):
        rows = [plain(item) for item in batch]
        if fmt == "jsonl":
            for row in rows:
                out.write(dumps(row) + "\n")
        elif fmt == "csv" and rows:
            if columns is None:
                columns = columns_of(rows)
                out.write(next(csv_lines([], columns)))
            for chunk in csv_lines(rows, columns, header=False):
                out.write(chunk)
        else:
            collected += rows
        out.flush()
    if fmt in ("json", "table"):
        write(collected, fmt, out, title=entry["summary"])


def print_exchanges(exchanges: list[Any], out: IO[str]) -> None:
    """The HTTP exchanges of the call, as sent and received; secret headers shown as ``***``."""
    for request, response in exchanges:
        out.write(f"> {request.method} {request.url}\n")
        for name, value in redacted_headers(request.headers):
            out.write(f"> {name}: {value}\n")
        body = _body_text(request)
        if body:
            out.write(f">\n{body}\n")
        if response is None:
            out.write("< (no response)\n\n")
            continue
        out.write(f"< HTTP/1.1 {response.status_code} {response.reason_phrase}\n")
        for name, value in redacted_headers(response.headers):
            out.write(f"< {name}: {value}\n")
        text = _body_text(response)
        out.write(f"<\n{text}\n\n" if text else "\n")


def _body_text(message: Any) -> str:
    try:
        data: bytes = message.content
    except Exception:  # a streamed body not read into memory
        return "(streamed body)"
    if not data:
        return ""
    ctype = message.headers.get("content-type", "")
    if "json" in ctype or "text" in ctype or "xml" in ctype or "form" in ctype:
        return data.decode("utf-8", "replace")
    return f"({len(data)} bytes of {ctype or 'binary data'})"
