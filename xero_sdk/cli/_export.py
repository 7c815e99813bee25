"""``xero export``: every record of an entity to CSV or JSON Lines, resumable.

Pages are fetched with the largest page size the operation takes, ``If-Modified-Since`` from
``--since``, under the SDK's rate limiter (and its retries on 429/5xx). After each page the file
is flushed and synced and a small state file (``<out>.xero-export``) records the next page and
the file's length; if the run stops (Ctrl-C, a network failure, a dead token), the same command
truncates the file to that length and goes on from that page. The state file is removed when
the export is complete.

Values are the models' ``to_dict()`` forms: money as exact decimals, dates in ISO 8601. CSV
columns are the entity's fields in the document's order, nested values as JSON, and fields
Xero sent that the document does not know in ``_extra``.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from typing import IO, Any

import click

from ._errors import USAGE, CLIError
from ._operations import api_keys, group_name, iter_pages, table
from ._output import cell, dumps, plain
from ._session import Session

STATE_SUFFIX = ".xero-export"
EXTRA_COLUMN = "_extra"


def exportable() -> dict[str, tuple[str, dict[str, Any]]]:
    """``entity`` -> (API, entry) for every paged list operation; Accounting's names unqualified,
    the others as ``<api>.<entity>`` (and unqualified when no other API has the name)."""
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for api in api_keys():
        for command, entry in table(api).items():
            if entry["paging"] and entry["response"] == "json" and not entry["args"]:
                name = command[4:] if command.startswith("get-") else command
                found.setdefault(name, []).append((api, entry))
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, candidates in found.items():
        for api, entry in candidates:
            out[f"{group_name(api)}.{name}"] = (api, entry)
        accounting = [c for c in candidates if c[0] == "accounting"]
        if accounting or len(candidates) == 1:
            out[name] = (accounting or candidates)[0]
    return out


def _since(value: str | None) -> datetime.date | datetime.datetime | None:
    if value is None:
        return None
    try:
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise CLIError(
            f"--since {value!r}: expected YYYY-MM-DD or an ISO 8601 date and time", USAGE
        ) from None


class Writer:
    """Records to the output, in CSV or JSON Lines; tracks the bytes written for resuming."""

    def __init__(self, fh: IO[bytes], fmt: str, columns: list[str] | None) -> None:
        self.fh = fh
        self.fmt = fmt
        self.columns = columns

    def write(self, items: list[Any]) -> None:
        if not items:
            return
        if self.fmt == "jsonl":
            self.fh.write(b"".join(dumps(plain(item)).encode("utf-8") + b"\n" for item in items))
            return
        import csv
        import io

        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        if self.columns is None:
            fields = getattr(type(items[0]), "FIELDS", None)
            self.columns = [*(fields.values() if fields else plain(items[0]).keys()), EXTRA_COLUMN]
            writer.writerow(self.columns)
        known = set(self.columns)
        for item in items:
            row = plain(item)
            extra = {k: v for k, v in row.items() if k not in known}
            values = [cell(row.get(c)) for c in self.columns[:-1]]
            writer.writerow([*values, dumps(extra) if extra else ""])
        self.fh.write(text.getvalue().encode("utf-8"))

    def sync(self) -> int:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        return self.fh.tell()


def _load_state(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raise CLIError(f"the resume state {path} is unreadable; pass --restart to start over") from None
    return data if isinstance(data, dict) else None


def _save_state(path: str, state: dict[str, Any]) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@click.command()
@click.argument("entity", required=False)
@click.option("--since", help="only records changed since this date or time (If-Modified-Since)")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default="jsonl",
    show_default=True,
    help="file format",
)
@click.option(
    "--out", type=click.Path(dir_okay=False), help="the file to write (default: stdout, not resumable)"
)
@click.option("--where", help="a where filter, for the entities that take one")
@click.option(
    "--page-size",
    type=click.IntRange(1, None),
    help="records a request (default: the largest the entity's operation accepts)",
)
@click.option("--restart", is_flag=True, help="ignore a previous interrupted run and start again")
@click.option("--list", "list_entities", is_flag=True, help="list the entities that can be exported")
@click.pass_obj
def export(
    session: Session,
    entity: str | None,
    since: str | None,
    fmt: str,
    out: str | None,
    where: str | None,
    page_size: int | None,
    restart: bool,
    list_entities: bool,
) -> None:
    """Export every record of ENTITY (invoices, contacts, payroll-uk.employees, ...).

    Follows every page with the largest page size, only records changed since --since
    (If-Modified-Since), under the rate limiter, with a progress bar on a terminal (records,
    pages, requests left this minute and today). With --out, an interrupted export resumes
    where it stopped when run again with the same arguments.
    """
    entities = exportable()
    if list_entities or not entity:
        for name in sorted(entities):
            api, entry = entities[name]
            click.echo(f"{name:44} {entry['summary']}")
        return
    if entity not in entities:
        raise CLIError(f"cannot export {entity!r}: `xero export --list` shows what can be", USAGE)
    api, entry = entities[entity]
    options = {o[0] for o in entry["options"]}
    kwargs: dict[str, Any] = {}
    if since is not None:
        if "if_modified_since" not in options:
            raise CLIError(f"{entity} cannot be filtered by modification date (no If-Modified-Since)", USAGE)
        kwargs["if_modified_since"] = _since(since)
    if where is not None:
        if "where" not in options:
            raise CLIError(f"{entity} takes no where filter", USAGE)
        kwargs["where"] = where

    if page_size is not None:
        size_option = entry["paging"]["size"]
        if size_option is None:
            raise CLIError(f"{entity} pages have a size fixed by Xero", USAGE)
        kwargs[size_option] = page_size
    identity = {"entity": entity, "format": fmt, "since": since, "where": where, "page_size": page_size}
    state_path = (out + STATE_SUFFIX) if out else None
    state = _load_state(state_path) if state_path and not restart else None
    if state is not None and {k: state.get(k) for k in identity} != identity:
        raise CLIError(
            f"{state_path} belongs to another export ({state.get('entity')}, {state.get('format')}, "
            f"since {state.get('since')}); pass --restart to start over",
            USAGE,
        )
    client = session.client(rate_limit=True)
    org = (
        client.for_tenant(session.tenant_id())
        if entry["tenant"] and not client.client_credentials
        else client
    )
    method = getattr(getattr(org, api), entry["method"])

    if out:
        fh: IO[bytes] = open(out, "r+b" if state else "wb")
        if state:
            fh.truncate(state["bytes"])
            fh.seek(state["bytes"])
    else:
        fh = sys.stdout.buffer
    records = state["records"] if state else 0
    pages = state["pages"] if state else 0
    start = state["next"] if state else None
    writer = Writer(fh, fmt, state.get("columns") if state else None)
    if state:
        click.echo(f"resuming {entity} at page {start} after {records} records", err=True)
    started = time.monotonic()
    with _progress(entity) as progress:
        task = progress.add_task(entity, total=None, records=records, pages=pages, limits="")
        try:
            for _pos, items, following in iter_pages(method, entry, kwargs, start=start):
                writer.write(items)
                records += len(items)
                pages += 1
                if out and state_path:
                    length = writer.sync()
                    if following is not None:
                        _save_state(
                            state_path,
                            {
                                **identity,
                                "next": following,
                                "bytes": length,
                                "records": records,
                                "pages": pages,
                                "columns": writer.columns,
                            },
                        )
                else:
                    fh.flush()
                progress.update(task, advance=len(items), records=records, pages=pages, limits=_limits(org))
        finally:
            if out:
                fh.close()
    if state_path and os.path.exists(state_path):
        os.remove(state_path)
    rate = records / max(time.monotonic() - started, 1e-9)
    click.echo(
        f"exported {records} {entity} records in {pages} pages"
        f"{' to ' + out if out else ''} ({rate:.0f} records/s)",
        err=True,
    )


def _limits(org: Any) -> str:
    limits = org.rate_limits
    if limits is None:
        return ""
    parts = []
    if limits.minute_remaining is not None:
        parts.append(f"{limits.minute_remaining}/min")
    if limits.day_remaining is not None:
        parts.append(f"{limits.day_remaining}/day")
    return "requests left: " + ", ".join(parts) if parts else ""


def _progress(entity: str) -> Any:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        TextColumn("{task.fields[records]} records"),
        TextColumn("{task.fields[pages]} pages"),
        TextColumn("{task.fields[limits]}"),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    )
