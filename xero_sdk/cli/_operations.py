"""Every SDK operation as a command: ``xero <api> <operation> [ARGS] [OPTIONS]``.

The commands are built from the command tables codegen writes next to each API's facade
(``xero_sdk._generated.<api>.commands``): the same operations, names, parameters, types and help text
as the SDK methods. A table is imported only when a command of its API is asked for, and a
command is built only when it runs (or when its API's ``--help`` lists it), so startup stays fast.

Path parameters are arguments; the rest are options typed after the document (``--page 2``,
``--include-archived``, ``--if-modified-since 2026-01-31``, lists repeated or comma-separated);
a request body comes from ``--body @file.json``, ``--body -`` (stdin), inline JSON, or stdin
when it is piped. The call goes through the facade method, so retries, refreshes, the tenant
header and rate limiting are the SDK's own.
"""

from __future__ import annotations

import datetime
import importlib
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import click

from ._errors import USAGE, CLIError

#: The options every operation command adds to its own; no operation parameter may take these names.
COMMON = ("format", "output", "all", "raw", "body")


def table(api: str) -> dict[str, dict[str, Any]]:
    module = importlib.import_module(f"xero_sdk._generated.{api}.commands")
    operations: dict[str, dict[str, Any]] = module.OPERATIONS
    return operations


def api_title(api: str) -> str:
    """What ``xero --help`` says about an API: its generated title (``Bank Feeds v2 API``)."""
    return f"{importlib.import_module(f'xero_sdk._generated.{api}.commands').TITLE} API"


def api_keys() -> list[str]:
    """The APIs with commands: those of the SDK's base-URL table that have a command table."""
    from importlib.util import find_spec

    from xero_sdk._transport._config import API_NAMES

    return [a for a in API_NAMES if find_spec(f"xero_sdk._generated.{a}.commands") is not None]


def group_name(api: str) -> str:
    return api.replace("_", "-")


def option_name(python_name: str) -> str:
    return "--" + python_name.replace("_", "-")


# --------------------------------------------------------------------------- values


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _datetime(text: str) -> datetime.datetime:
    value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)


def _date_or_datetime(text: str) -> datetime.date | datetime.datetime:
    return _date(text) if len(text) == 10 else _datetime(text)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None


CONVERTERS: dict[str, Callable[[str], Any]] = {
    "int": int,
    "decimal": _decimal,
    "date": _date,
    "datetime": _datetime,
    "date_or_datetime": _date_or_datetime,
}
METAVARS = {
    "int": "INTEGER",
    "decimal": "NUMBER",
    "date": "YYYY-MM-DD",
    "datetime": "DATETIME",
    "date_or_datetime": "DATE[THH:MM:SS]",
    "uuid": "UUID",
    "where": "FILTER",
    "order": "ORDER",
}


class Value(click.ParamType):  # type: ignore[type-arg, unused-ignore]  # generic from click 8.2
    """Text converted after the document's type (dates in ISO 8601, exact decimals)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.name = METAVARS.get(kind, "TEXT").lower()

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        convert = CONVERTERS.get(self.kind)
        if convert is None:
            return value
        try:
            return convert(value)
        except ValueError as exc:
            self.fail(f"{value!r}: expected {METAVARS[self.kind]} ({exc})", param, ctx)


def _list(kind: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    inner = Value(kind)

    def callback(ctx: click.Context, param: click.Parameter, values: Any) -> Any:
        if not values:
            return None
        out = []
        for value in values:
            out += [inner.convert(v.strip(), param, ctx) for v in str(value).split(",") if v.strip()]
        return out

    return callback


def _help(text: str, wire: str) -> str:
    text = " ".join(text.split())
    return f"{text} (Xero: {wire})" if text else f"Xero: {wire}"


def parameter(spec: tuple[str, str, str, str, bool, str]) -> click.Parameter:
    """The click argument or option for one entry of a command table."""
    name, wire, location, kind, required, help_text = spec
    if location == "path":
        return click.Argument([name], type=Value(kind), metavar=name.upper())
    if kind.startswith("list:"):
        inner = kind[5:]
        return click.Option(
            [option_name(name), name],
            multiple=True,
            metavar=METAVARS.get(inner, "TEXT") + "[,...]",
            callback=_list(inner),
            required=required,
            help=_help(help_text, wire) + "; repeat or separate with commas",
        )
    if kind == "bool":
        flag = option_name(name)
        return click.Option(
            [f"{flag}/--no-{flag[2:]}", name], default=None, required=required, help=_help(help_text, wire)
        )
    if location == "file":
        return click.Option(
            [option_name(name), name],
            type=click.Path(exists=True, dir_okay=False, allow_dash=True),
            required=required,
            help=_help(help_text, wire) + " (a file path, - for stdin)",
        )
    return click.Option(
        [option_name(name), name],
        type=Value(kind),
        metavar=METAVARS.get(kind, "TEXT"),
        required=required,
        help=_help(help_text, wire),
    )


def help_text(api: str, entry: dict[str, Any]) -> str:
    parts = [entry["summary"] or entry["operation_id"]]
    if entry["description"]:
        parts.append(entry["description"])
    facts = f"Xero operation {entry['operation_id']}: {entry['http']}."
    from xero_sdk.auth import scopes

    allowing = scopes.allowing(f"{api}.{entry['method']}")
    if allowing:
        facts += f" Scopes: {', '.join(allowing)}."
    if entry["paging"]:
        facts += " Pages: --all follows every page."
    parts.append(facts)
    return "\n\n".join(p.replace("\n", " ") for p in parts)


def build_command(api: str, name: str, entry: dict[str, Any]) -> click.Command:
    params: list[click.Parameter] = [parameter(p) for p in entry["args"]]
    params += [parameter(p) for p in entry["options"]]
    body = entry["body"]
    if body and body["kind"] == "multipart":
        params += [parameter(p) for p in body["parts"]]
    elif body and body["kind"] == "content":
        params.append(
            click.Option(
                ["--body", "body"],
                required=False,
                metavar="@FILE|-",
                help="the file to upload: @path, or - for stdin",
            )
        )
        params += [parameter(p) for p in body["parts"]]
    elif body:
        params.append(
            click.Option(
                ["--body", "body"],
                metavar="@FILE|-|JSON",
                help=f"the request body ({body['type']}) as JSON: @file.json, - for stdin, or inline; "
                "read from stdin when piped and not given",
            )
        )
    if entry["response"] == "binary":
        params.append(
            click.Option(
                ["-o", "--output", "output"],
                type=click.Path(dir_okay=False, allow_dash=True),
                help="write the downloaded file here (default: stdout when it is not a terminal)",
            )
        )
    else:
        params.append(
            click.Option(
                ["-f", "--format", "format"],
                type=click.Choice(["json", "jsonl", "csv", "table"]),
                help="output format (default: table on a terminal, json when piped)",
            )
        )
    if entry["paging"]:
        params.append(click.Option(["--all", "all"], is_flag=True, help="follow every page"))
    params.append(
        click.Option(["--raw", "raw"], is_flag=True, help="print the HTTP exchange (secrets redacted)")
    )
    taken = [p.name for p in params]
    if len(set(taken)) != len(taken):
        raise RuntimeError(f"{api} {name}: parameter names collide: {taken}")

    @click.pass_context
    def callback(ctx: click.Context, /, **kwargs: Any) -> None:
        from ._run import run_operation

        run_operation(ctx, api, entry, kwargs)

    return click.Command(
        name,
        params=params,
        callback=callback,
        help=help_text(api, entry),
        short_help=entry["summary"] or entry["operation_id"],
        no_args_is_help=False,
    )


class ApiGroup(click.Group):
    """One API's commands, built from its table on demand."""

    def __init__(self, api: str) -> None:
        super().__init__(
            group_name(api),
            help=f"Every operation of the {api_title(api)} as a command.",
            short_help=f"{api_title(api)} operations",
        )
        self.api = api

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(table(self.api))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = table(self.api).get(cmd_name)
        if entry is None:
            return None
        return build_command(self.api, cmd_name, entry)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, entry["summary"]) for name, entry in sorted(table(self.api).items())]
        if rows:
            with formatter.section(f"Commands ({len(rows)} operations)"):
                formatter.write_dl(rows)


def read_body(value: str | None, *, binary: bool) -> Any:
    """The ``--body`` value: ``@file``, ``-`` (stdin), inline JSON, or stdin when piped."""
    if value is None:
        if sys.stdin is None or sys.stdin.isatty():
            return None
        data = sys.stdin.buffer.read()
        if not data.strip():
            return None  # stdin is not a terminal, but nothing was piped
    elif value == "-":
        data = sys.stdin.buffer.read()
    elif value.startswith("@"):
        try:
            with open(value[1:], "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise CLIError(f"cannot read the body file {value[1:]}: {exc.strerror}", USAGE) from None
    else:
        if binary:
            raise CLIError("--body for an upload is @path or -", USAGE)
        data = value.encode("utf-8")
    if binary:
        return data
    from xero_sdk._runtime.codec.json import loads

    try:
        return loads(data)
    except ValueError as exc:
        raise CLIError(f"the body is not valid JSON: {exc}", USAGE) from None


def iter_pages(
    call: Callable[..., Any], entry: dict[str, Any], kwargs: dict[str, Any], *, start: int | None = None
) -> Iterator[tuple[int, list[Any], int | None]]:
    """(page number or offset, items, the next page or offset or None) for each page, from
    ``start``: the same stop rule as the SDK's ``iter_*`` methods."""
    from xero_sdk._runtime.paging import _more

    paging = entry["paging"]
    items_attr = paging["items"]

    def items_of(response: Any) -> list[Any]:
        return list((getattr(response, items_attr, None) if items_attr else response) or [])

    if paging["page"]:
        size = kwargs.get(paging["size"]) if paging["size"] else None
        if paging["size"] and size is None:
            size = paging["max_size"]
            kwargs[paging["size"]] = size
        size = size or paging["fixed_size"]
        page = start or 1
        while True:
            response = call(**{**kwargs, paging["page"]: page})
            batch = items_of(response)
            pagination = getattr(response, paging["pagination"], None) if paging["pagination"] else None
            more = _more(page, len(batch), size, pagination)
            yield page, batch, (page + 1 if more else None)
            if not more:
                return
            page += 1
    else:
        offset = start or 0
        size = paging["fixed_size"]
        while True:
            batch = items_of(call(**{**kwargs, paging["offset"]: offset}))
            last = getattr(batch[-1], paging["offset_field"], None) if len(batch) >= size else None
            following = last if isinstance(last, int) and last > offset else None
            yield offset, batch, following
            if following is None:
                return
            offset = following
