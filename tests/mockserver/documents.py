"""The documents Prism serves: the normalised documents, with what Prism cannot serve as written fixed.

The contract mock must serve the same documents the generator consumed
(``.specs/<release>/normalised/<api>.json``, written by ``make generate``; made here with
:func:`codegen.normalise.normalise_file` when absent). Four things in them Prism cannot serve
as Xero means them; each is one named transformation below, applied in order to a copy that is
written to ``.specs/<release>/mock/<api>.json`` (and counted in its ``info.x-mock-transformations``):

``pdf-real-path``
    The four PDF operations sit on a fake ``…/pdf`` path; the real request (``x-path``, kept by
    the normaliser as ``x-sdk-path``) is ``GET /Invoices/{InvoiceID}`` with
    ``Accept: application/pdf``. The operation moves to its real path, where it shares the GET
    with the JSON operation (merged, see below), and its response is declared
    ``application/pdf`` again (the normaliser made it octet-stream for the generator), so Prism
    picks the PDF or the JSON answer from the ``Accept`` header, as Xero does.
``colliding-templates``
    Paths equal up to the names of their parameters (``/Contacts/{ContactID}`` and
    ``/Contacts/{ContactNumber}``, every ``…/Attachments/{AttachmentID}`` and
    ``…/Attachments/{FileName}``, Files ``/Files/{FileId}`` and ``/Files/{FolderId}``) are one
    route to any router: Prism would validate every request against whichever it met first.
    They become one path, named as the first one declared; operations on the same method are
    merged.
``schema-cycles``
    Prism 5.16 cannot validate against a recursive schema (Accounting: Invoice, Payment,
    CreditNote, Allocation, Overpayment, Prepayment, BatchPayment; Contact and ContactGroup):
    its loader turns each cycle into a ``$ref`` AJV cannot resolve, after which Prism skips
    the check *without a word* (and retries the failing compilation on every request, 2 to 3 s
    each). Each recursive group is unrolled ``CYCLE_DEPTH`` levels deep instead (copies named
    ``<Schema>.mock-depth-<n>``), the last level's references inside the group left unchecked.

Merging two operations on one route (``A`` first declared, ``B`` the other): one operation
that accepts every request either accepts, and answers as either would. A parameter both
declare keeps its name; where their schemas differ it takes ``anyOf`` both; it stays
required only if both require it. A parameter only one declares becomes optional. Responses
are united per status and media type; the same status and media type with two different
schemas is refused (:class:`MockDocumentError`), as are two different request bodies for one
media type: no operation in release 16.1.0 needs either. The merged operation keeps ``A``'s
operationId and lists both in ``x-mock-merged``.

Nothing else is changed: the schemas, examples and parameters Prism validates against are the
normalised document's.
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from codegen.normalise.rewrites import HTTP_METHODS, Doc, operations, resolve, walk  # noqa: E402
from tests.specdocs import REST_APIS  # noqa: E402

__all__ = ["HTTP_METHODS", "REST_APIS", "Doc", "effective_params", "operations", "resolve"]


class MockDocumentError(Exception):
    """The document has something the mock derivation does not know how to serve."""


@dataclass(frozen=True)
class Transformation:
    name: str
    reason: str
    apply: Callable[[Doc], int]


TRANSFORMATIONS: list[Transformation] = []


def transformation(name: str, reason: str) -> Callable[[Callable[[Doc], int]], Callable[[Doc], int]]:
    def register(fn: Callable[[Doc], int]) -> Callable[[Doc], int]:
        TRANSFORMATIONS.append(Transformation(name, reason, fn))
        return fn

    return register


# ---------------------------------------------------------------------------- helpers


_PARAM = re.compile(r"\{([^}]+)\}")


def template_key(path: str) -> str:
    """The route a path template stands for: ``/Contacts/{ContactID}`` -> ``/Contacts/{}``."""
    return _PARAM.sub("{}", path)


def path_params(path: str) -> list[str]:
    return _PARAM.findall(path)


def _params(doc: Doc, owner: dict[str, Any]) -> list[dict[str, Any]]:
    return [copy.deepcopy(resolve(doc, p)) for p in owner.get("parameters") or []]


def effective_params(doc: Doc, op: dict[str, Any], item: dict[str, Any]) -> list[dict[str, Any]]:
    """The operation's parameters with the path item's folded in (the operation's win)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for p in [*_params(doc, item), *_params(doc, op)]:
        out[(p.get("in", ""), p.get("name", ""))] = p
    return list(out.values())


def _schema_union(doc: Doc, a: Any, b: Any) -> Any:
    if resolve(doc, a) == resolve(doc, b):
        return a
    return {"anyOf": [a, b]}


def _merge_params(doc: Doc, a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    b_keys = {(p.get("in"), p.get("name")) for p in b}
    a_keys = {(p.get("in"), p.get("name")) for p in a}
    for p in a:
        key = (p.get("in", ""), p.get("name", ""))
        merged[key] = p
        if key not in b_keys and p.get("in") != "path":
            p["required"] = False
    for p in b:
        key = (p.get("in", ""), p.get("name", ""))
        if key in merged:
            mine = merged[key]
            mine["schema"] = _schema_union(doc, mine.get("schema", {}), p.get("schema", {}))
            mine["required"] = bool(mine.get("required")) and bool(p.get("required"))
            if mine.get("in") == "path":
                mine["required"] = True
        else:
            q = dict(p)
            if key not in a_keys and q.get("in") != "path":
                q["required"] = False
            merged[key] = q
    return list(merged.values())


def _merge_content(doc: Doc, where: str, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for media, spec in b.items():
        if media not in out:
            out[media] = spec
        elif resolve(doc, (out[media] or {}).get("schema")) != resolve(doc, (spec or {}).get("schema")):
            raise MockDocumentError(f"{where}: two different {media} schemas cannot be served on one route")
    return out


def _merge_operations(
    doc: Doc, where: str, a: dict[str, Any], a_item: dict[str, Any], b: dict[str, Any], b_item: dict[str, Any]
) -> dict[str, Any]:
    merged = copy.deepcopy(a)
    merged["parameters"] = _merge_params(
        doc, effective_params(doc, a, a_item), effective_params(doc, b, b_item)
    )
    body_a = resolve(doc, a.get("requestBody"))
    body_b = resolve(doc, b.get("requestBody"))
    if body_a or body_b:
        content = _merge_content(
            doc, where, (body_a or {}).get("content") or {}, (body_b or {}).get("content") or {}
        )
        merged["requestBody"] = {
            "required": bool(body_a and body_a.get("required")) and bool(body_b and body_b.get("required")),
            "content": copy.deepcopy(content),
        }
    responses: dict[str, Any] = {}
    for source in (a, b):
        for status, response in (source.get("responses") or {}).items():
            response = copy.deepcopy(resolve(doc, response))
            if status not in responses:
                responses[status] = response
                continue
            mine = responses[status]
            content = _merge_content(
                doc, f"{where} {status}", mine.get("content") or {}, response.get("content") or {}
            )
            if content:
                mine["content"] = content
    merged["responses"] = responses
    names = [
        *(a.get("x-mock-merged") or [a.get("operationId")]),
        *(b.get("x-mock-merged") or [b.get("operationId")]),
    ]
    merged["x-mock-merged"] = names
    return merged


def _rename_path_params(
    doc: Doc, path: str, new_path: str, op: dict[str, Any], item: dict[str, Any]
) -> dict[str, Any]:
    """A copy of ``op`` with the path item's parameters folded in, and path parameters renamed
    positionally from ``path``'s names to ``new_path``'s."""
    names = dict(zip(path_params(path), path_params(new_path), strict=True))
    renamed = copy.deepcopy(op)
    params = effective_params(doc, op, item)
    for p in params:
        if p.get("in") == "path" and p.get("name") in names:
            p["name"] = names[p["name"]]
    renamed["parameters"] = params
    return renamed


def _put_operation(doc: Doc, where: str, path: str, method: str, op: dict[str, Any]) -> None:
    """Place ``op`` (its parameters folded in and named for ``path``) at ``path``, merging it
    with an operation already there on ``method``."""
    item = doc["paths"].setdefault(path, {})
    if item.get("parameters"):
        # the path item's parameters were written for the operations already there only
        for other in HTTP_METHODS:
            if isinstance(item.get(other), dict):
                item[other]["parameters"] = effective_params(doc, item[other], item)
        del item["parameters"]
    existing = item.get(method)
    item[method] = op if existing is None else _merge_operations(doc, where, existing, {}, op, {})


# ---------------------------------------------------------------------------- transformations


@transformation(
    "pdf-real-path",
    "PDF operations move from their fake /pdf path to the real one (x-path), answering application/pdf",
)
def pdf_real_path(doc: Doc) -> int:
    moves = []
    for path, method, op, item in operations(doc):
        real = op.get("x-sdk-path") or op.get("x-path")
        if isinstance(real, str) and real != path:
            moves.append((path, method, op, item, real))
    for path, method, op, item, real in moves:
        accept = op.get("x-sdk-accept")
        moved = _rename_path_params(doc, path, real, op, item)
        if isinstance(accept, str) and accept != "application/octet-stream":
            for status, response in list((moved.get("responses") or {}).items()):
                response = copy.deepcopy(resolve(doc, response))
                content = response.get("content") or {}
                if "application/octet-stream" in content and accept not in content:
                    content[accept] = content.pop("application/octet-stream")
                moved["responses"][status] = response
        del item[method]
        if not any(isinstance(item.get(m), dict) for m in HTTP_METHODS):
            del doc["paths"][path]
        _put_operation(doc, f"{method.upper()} {real}", real, method, moved)
    return len(moves)


@transformation(
    "colliding-templates",
    "paths equal but for parameter names are one route: served as one path, same-method operations merged",
)
def colliding_templates(doc: Doc) -> int:
    groups: dict[str, list[str]] = {}
    for path in doc.get("paths") or {}:
        groups.setdefault(template_key(path), []).append(path)
    count = 0
    for paths in groups.values():
        if len(paths) < 2:
            continue
        first, *others = paths
        for other in others:
            item = doc["paths"].pop(other)
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    moved = _rename_path_params(doc, other, first, op, item)
                    _put_operation(doc, f"{method.upper()} {first} ({other})", first, method, moved)
            count += 1
    return count


SCHEMA_PREFIX = "#/components/schemas/"
#: How many times a recursive structure is unrolled before it is left unchecked (see schema-cycles).
CYCLE_DEPTH = 2


def _schema_refs(node: Any) -> Iterator[dict[str, Any]]:
    """Every ``{"$ref": "#/components/schemas/..."}`` node under ``node``."""
    return (n for n in walk(node) if isinstance(n.get("$ref"), str) and n["$ref"].startswith(SCHEMA_PREFIX))


def recursive_schema_groups(doc: Doc) -> list[list[str]]:
    """The groups of component schemas that reach themselves through ``$ref``s (the strongly
    connected components of the reference graph that hold a cycle), each sorted."""
    schemas = (doc.get("components") or {}).get("schemas") or {}
    graph = {
        name: {r["$ref"][len(SCHEMA_PREFIX) :] for r in _schema_refs(schema)}
        for name, schema in schemas.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        # iterative Tarjan
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph[node]:
                    groups.append(sorted(group))
    return sorted(groups)


def level_name(name: str, level: int) -> str:
    return name if level == 1 else f"{name}.mock-depth-{level}"


@transformation(
    "schema-cycles",
    f"recursive schemas (Accounting's Invoice/Payment/CreditNote..., Contact/ContactGroup) are unrolled {CYCLE_DEPTH} "
    "levels deep and then left unchecked: Prism 5.16 cannot validate a recursive schema at all",
)
def schema_cycles(doc: Doc) -> int:
    """Prism dereferences the document, then turns each cycle back into a ``$ref`` that points
    into ``#/paths/...``; AJV cannot resolve it, and Prism then skips validating that body
    without a word (and retries the failing compilation on every request, 2 to 3 s each). So
    every schema of a recursive group gets copies for depths 2..N: a reference from one member
    of the group to another leads one level deeper, and at the last level it is replaced by
    ``{}`` (anything). Everything within N levels of nesting is validated as the document says."""
    schemas = (doc.get("components") or {}).get("schemas") or {}
    count = 0
    for group in recursive_schema_groups(doc):
        members = set(group)
        originals = {name: copy.deepcopy(schemas[name]) for name in group}
        for level in range(1, CYCLE_DEPTH + 1):
            for name in group:
                schema = copy.deepcopy(originals[name])
                for ref in list(_schema_refs(schema)):
                    target = ref["$ref"][len(SCHEMA_PREFIX) :]
                    if target not in members:
                        continue
                    del ref["$ref"]
                    if level < CYCLE_DEPTH:
                        ref["$ref"] = SCHEMA_PREFIX + level_name(target, level + 1)
                    else:
                        ref["description"] = f"{target}: nested deeper than the mock checks"
                    count += 1
                schemas[level_name(name, level)] = schema
    return count


# ---------------------------------------------------------------------------- documents


def mock_document(doc: Doc) -> tuple[Doc, dict[str, int]]:
    """A copy of the normalised ``doc`` that Prism serves as Xero means it, and each
    transformation's count of changes."""
    out = copy.deepcopy(doc)
    counts = {t.name: t.apply(out) for t in TRANSFORMATIONS}
    out.setdefault("info", {})["x-mock-transformations"] = counts
    return out, counts


def release(root: Path = ROOT) -> str:
    from specs.fetch import load_lock

    return str(load_lock(root).release)


def normalised_path(api: str, root: Path = ROOT) -> Path:
    """The normalised document ``make generate`` writes (and the generator consumed)."""
    return root / ".specs" / release(root) / "normalised" / f"{api}.json"


def mock_path(api: str, root: Path = ROOT) -> Path:
    return root / ".specs" / release(root) / "mock" / f"{api}.json"


def ensure_normalised(api: str, root: Path = ROOT) -> Path:
    """The normalised document, written with the project's normaliser when absent."""
    dest = normalised_path(api, root)
    if not dest.exists():
        from codegen.normalise import normalise_file
        from specs.fetch import ensure_specs

        normalise_file(ensure_specs(root)[api], dest)
    return dest


def _write_atomically(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and dest.read_text(encoding="utf-8") == text:
        return
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(dest)


def ensure_mock_document(api: str, root: Path = ROOT) -> Path:
    """Derive ``.specs/<release>/mock/<api>.json`` from the normalised document (always redone:
    it takes well under a second, and so never serves a stale derivation)."""
    source = ensure_normalised(api, root)
    doc = json.loads(source.read_text(encoding="utf-8"))
    mocked, _counts = mock_document(doc)
    dest = mock_path(api, root)
    _write_atomically(dest, json.dumps(mocked, indent=1, ensure_ascii=False))
    return dest
