"""One operation as the templates need it: signature, request building and response parsing.

Built from the generator's ``Endpoint`` plus the normalised operation (for the ``x-sdk-*``
marks the normaliser left), so that the per-operation module and the API facade render from
the same facts.
"""

from __future__ import annotations

import keyword
from typing import Any

import attrs
from openapi_python_client.parser.properties import (
    AnyProperty,
    BooleanProperty,
    DateProperty,
    DateTimeProperty,
    EnumProperty,
    FileProperty,
    FloatProperty,
    IntProperty,
    ListProperty,
    ModelProperty,
    NoneProperty,
    StringProperty,
    UuidProperty,
)

from .apis import REMOVALS, SPLIT_LISTS, Api
from .normalise.rewrites import resolve
from .typemap import (
    class_name,
    decode,
    doc_text,
    encode,
    is_model,
    module_name,
    properties,
    py_type,
    raw,
    referenced,
    unwrap,
)


@attrs.frozen
class Param:
    python_name: str
    wire: str
    location: str  # path | query | header
    annotation: str
    required: bool
    render: str  # expression turning the argument into the text sent
    description: str
    repeat: bool = False  # a list sent as one key per item (OpenAPI's form style, exploded)


@attrs.frozen
class BodyInfo:
    kind: str  # json | content | multipart
    annotation: str
    encode: str  # json: expression over ``body``
    content_type: str
    parts: list[Param]  # multipart: the form fields (files have render == "file")
    optional: bool = False  # json: the document's example body is ``{}``; None sends ``{}``


@attrs.frozen
class ResponseInfo:
    kind: str  # json | binary | none
    annotation: str
    parse: str  # expression over ``body``


@attrs.frozen
class Paging:
    page_param: str | None  # python name of the page argument
    size_param: str | None  # python name of the page-size argument
    max_size: int | None  # largest page size the operation takes (None: fixed by Xero)
    fixed_size: int | None  # page size Xero uses when none can be asked for
    offset_param: str | None  # Journals: offset by JournalNumber
    offset_field: str | None
    items: str  # attribute of the response model holding the list
    item_type: str
    item_module: str
    pagination: str | None  # attribute holding the pagination object, if any


@attrs.frozen
class Operation:
    name: str
    tag: str
    operation_id: str
    method: str
    path: str  # a Python f-string body with path arguments quoted
    raw_path: str
    summary: str
    description: str
    path_params: list[Param]
    params: list[Param]  # keyword-only, required first
    body: BodyInfo | None
    response: ResponseInfo
    tenant: bool
    idempotency: bool
    unitdp: bool
    accept: str
    types: list[tuple[str, str]]  # (module, class) referenced in annotations
    paging: Paging | None
    problem: tuple[str, str] | None = None  # (module, class) of its application/problem+json errors
    security: tuple[str, ...] = ()  # the OAuth2 scopes its document's security section names
    split_lists: tuple[str, ...] = ()  # list parameters sent in pieces when too long for a URL
    removal: str | None = None  # when Xero removes the operation (it warns DeprecationWarning)
    returns_doc: str = ""  # the document's description of the success response
    error_statuses: tuple[int, ...] = ()  # the non-2xx statuses the document lists

    @property
    def iter_name(self) -> str | None:
        """The name of the ``iter_*`` twin of a paged operation (``get_invoices`` -> ``iter_invoices``)."""
        if self.paging is None:
            return None
        return "iter_" + (self.name[4:] if self.name.startswith("get_") else self.name)

    @property
    def method_names(self) -> tuple[str, ...]:
        """The API class's methods for this operation: its own and its ``iter_*`` twin."""
        return (self.name,) if self.iter_name is None else (self.name, self.iter_name)


# query parameters the SDK takes typed: (annotation, expression rendering the argument)
SPECIAL_QUERY = {
    "where": ("str | Expr", "render_where({v}, {model})"),
    "order": ("str | Order", "render_order({v}, {model})"),
}


def filters_with_where(key: str, endpoints: list[Any]) -> bool:
    """Whether an API's operations take a ``where`` filter: only then do its models get typed
    field references (``<Model>Fields``, ``Model.F``), which the filters and the ``order``
    name check walk. An ``order`` without ``where`` would leave that check without references,
    so it is refused rather than generated half-working."""
    names = {raw(p.name) for e in endpoints for p in e.query_parameters}
    if "order" in names and "where" not in names:
        raise ValueError(
            f"{key}: operations take order but none takes where: no field references to check it"
        )
    return "where" in names


def _render(prop: Any, var: str, depth: int = 0) -> str:
    prop = unwrap(prop)
    if isinstance(prop, ListProperty):
        inner = unwrap(prop.inner_property)
        if depth == 0 and isinstance(inner, (StringProperty, UuidProperty)):
            # checked at run time: no element holding the separator, GUID lists hold GUIDs
            guid = ", guid=True" if isinstance(inner, UuidProperty) else ""
            return f"join_list({raw(prop.name)!r}, {var}{guid})"
        x = f"x{depth}"
        return f'",".join({_render(prop.inner_property, x, depth + 1)} for {x} in {var})'
    if isinstance(prop, BooleanProperty):
        return f'("true" if {var} else "false")'
    if isinstance(prop, DateTimeProperty):
        return f"format_datetime({var})"
    if isinstance(prop, DateProperty):
        return f"format_date({var})"
    if isinstance(prop, StringProperty):
        return var if depth == 0 else f"str({var})"
    return f"str({var})"


def _arg_type(prop: Any) -> str:
    prop = unwrap(prop)
    if isinstance(prop, ListProperty):
        inner = unwrap(prop.inner_property)
        return f"Sequence[{py_type(inner, accept=True)}]"
    return py_type(prop, accept=True)


def _param(prop: Any, location: str, raw_param: dict[str, Any], filtered: str = "None") -> Param:
    """One parameter; ``filtered`` is the Python literal naming the model ``where``/``order``
    names are checked against (``"xero_sdk._generated.accounting.models:Invoice"``, or ``None``)."""
    wire = raw(prop.name)
    snake = raw_param.get("x-snake")
    # Xero's own snake name reads better than the generator's (``ids``, not ``i_ds``).
    name = (
        snake
        if isinstance(snake, str) and snake.isidentifier() and not keyword.iskeyword(snake)
        else str(prop.python_name)
    )
    annotation = _arg_type(prop)
    render = _render(prop, name)
    if location == "query" and wire in SPECIAL_QUERY:
        annotation, template = SPECIAL_QUERY[wire]
        render = template.format(v=name, model=filtered)
    if location == "header" and raw_param.get("x-sdk-if-modified-since"):
        annotation = "datetime.date | datetime.datetime"
        render = f"format_if_modified_since({name})"
    repeat = False
    if location == "query" and isinstance(unwrap(prop), ListProperty):
        # OpenAPI's default for a query list is form style, exploded: ?id=a&id=b. Xero's
        # Accounting lists say explode: false (?IDs=a,b); the others are sent as documented.
        explode = raw_param.get("explode", raw_param.get("style", "form") == "form")
        if explode:
            repeat = True
            render = _render(unwrap(prop).inner_property, "x0", 1)
    if location == "path":
        render = f"path_segment({name})"
    description = doc_text(prop.description) if prop.description else doc_text(raw_param.get("description"))
    return Param(name, wire, location, annotation, bool(prop.required), render, description, repeat)


def _raw_params(
    doc: dict[str, Any], op: dict[str, Any], item: dict[str, Any]
) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for p in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
        p = resolve(doc, p)
        out[(p.get("in", ""), p.get("name", ""))] = p
    return out


def _types_of(prop: Any) -> list[tuple[str, str]]:
    return [(module_name(r), class_name(r)) for r in referenced(prop)]


def response_of(endpoint: Any) -> tuple[ResponseInfo, Any]:
    """The operation's success response, and its JSON property (None unless JSON)."""
    for response in sorted(endpoint.responses.patterns):
        code = response.status_code
        if code.range is not None and not (code.range[0] >= 200 and code.range[1] < 300):
            continue
        prop = unwrap(response.prop)
        if isinstance(prop, NoneProperty) or response.source.get("attribute") == "None":
            # a response declared without content (Xero's 204s): the method returns None
            return ResponseInfo("none", "None", "None"), None
        if isinstance(prop, FileProperty) or (
            isinstance(prop, StringProperty) and response.source.get("attribute") == "response.content"
        ):
            return ResponseInfo("binary", "bytes", ""), None
        json_props = (ModelProperty, ListProperty, EnumProperty, StringProperty, IntProperty, FloatProperty)
        if isinstance(prop, (*json_props, BooleanProperty, AnyProperty)):
            return ResponseInfo("json", py_type(prop), decode(prop, "body")), prop
        raise TypeError(f"{endpoint.name}: unsupported response {type(prop).__name__}")
    return ResponseInfo("none", "None", "None"), None


def _empty_body(op: dict[str, Any]) -> bool:
    """Whether the document's example of the JSON body is ``{}`` (emailInvoice: Xero wants an
    empty object, and the schema is a placeholder), so callers need not build one."""
    content = (op.get("requestBody") or {}).get("content") or {}
    media = content.get("application/json") or {}
    return isinstance(media, dict) and media.get("example", None) == {}


def _body(endpoint: Any, op: dict[str, Any]) -> tuple[BodyInfo | None, list[tuple[str, str]]]:
    """The request body, and the models and enums its annotations name."""
    if not endpoint.bodies:
        return None, []
    body = endpoint.bodies[0]
    prop = unwrap(body.prop)
    ctype = raw(body.content_type)
    kind = str(body.body_type)
    if kind == "json":
        annotation = py_type(prop, accept=True)
        if isinstance(prop, ModelProperty) and _empty_body(op):
            annotation = f"{annotation} | Mapping[str, Any] | None"
            encoded = "{} if body is None else body.to_dict() if isinstance(body, Model) else dict(body)"
            return BodyInfo("json", annotation, encoded, ctype, [], optional=True), _types_of(prop)
        if isinstance(prop, ModelProperty):
            annotation = f"{annotation} | Mapping[str, Any]"
            encoded = "body.to_dict() if isinstance(body, Model) else dict(body)"
        elif isinstance(prop, ListProperty):
            encoded = (
                "[x.to_dict() if isinstance(x, Model) else x for x in body]"
                if is_model(prop.inner_property)
                else "list(body)"
            )
        else:
            encoded = encode(prop, "body")
        return BodyInfo("json", annotation, encoded, ctype, []), _types_of(prop)
    if kind == "files" and isinstance(prop, ModelProperty):
        # the form's model is flattened into one argument per part: only the parts' types are named
        parts = []
        types: list[tuple[str, str]] = []
        for p in properties(prop):
            types += _types_of(p)
            q = unwrap(p)
            name = str(p.python_name)
            is_file = isinstance(q, FileProperty)
            parts.append(
                Param(
                    name,
                    raw(p.name),
                    "file" if is_file else "form",
                    py_type(q, accept=True),
                    bool(p.required),
                    "file" if is_file else _render(q, name),
                    doc_text(p.description),
                )
            )
        parts.sort(key=lambda x: not x.required)
        return BodyInfo("multipart", "", "", ctype, parts), types
    return BodyInfo(
        "content", "bytes | IO[bytes]", "body", ctype,
        [Param("content_type", "Content-Type", "content-type", "str", False, "content_type", "the file's media type (default: the document's, usually application/octet-stream)")],
    ), _types_of(prop)  # fmt: skip


def _paging(
    endpoint: Any, response_prop: Any, spec_max: int | None, api: Api, models: dict[str, Any]
) -> Paging | None:
    """Whether and how a list operation pages: by ``page`` (and ``pageSize``), or by ``offset``
    over the items' ``...Number`` field (Journals). ``spec_max`` is the document's pageSize
    maximum; ``models`` the parsed models by class name (a property met through a reference
    is a stub: the parsed model holds the fields)."""
    names = {raw(p.name).lower(): str(p.python_name) for p in endpoint.query_parameters}
    page_param = names.get("page")
    offset_param = names.get("offset") if page_param is None else None
    if page_param is None and offset_param is None:
        return None
    pagination, offset_field = None, None
    found = _items(response_prop, models)
    if found is None:
        return None
    items, item_prop = found
    if not items and page_param is None:
        return None  # a bare array of items (Files getAssociationsByObject) pages by page only
    if items:
        props = properties(models.get(class_name(response_prop), response_prop))
        pagination = next((str(p.python_name) for p in props if raw(p.name).lower() == "pagination"), None)
        if offset_param is not None:
            offset_field = next(
                (str(p.python_name) for p in properties(item_prop) if raw(p.name).endswith("Number")), None
            )
            if offset_field is None:
                return None
    size_param = names.get("pagesize")
    return Paging(
        page_param=page_param,
        size_param=size_param,
        max_size=(int(spec_max) if spec_max else api.max_page_size) if size_param else None,
        fixed_size=api.fixed_page_size or 100,
        offset_param=offset_param,
        offset_field=offset_field,
        items=items,
        item_type=class_name(item_prop),
        item_module=module_name(item_prop),
        pagination=pagination,
    )


def _items(response_prop: Any, models: dict[str, Any]) -> tuple[str, Any] | None:
    """The items a list response holds: (attribute of the response model holding them, or ""
    for a bare array; the item model), or None when the response is not a list of models."""
    if isinstance(response_prop, ListProperty) and is_model(response_prop.inner_property):
        return "", unwrap(response_prop.inner_property)
    if not isinstance(response_prop, ModelProperty):
        return None
    props = properties(models.get(class_name(response_prop), response_prop))
    lists = [p for p in props if isinstance(unwrap(p), ListProperty) and is_model(unwrap(p).inner_property)]
    if len(lists) > 1:
        # Invoices has Invoices and Warnings: the items are the list named after the wrapper.
        wrapper = class_name(response_prop).lower()
        named = [p for p in lists if raw(p.name).lower() == wrapper]
        lists = named or [p for p in lists if raw(p.name).lower() != "warnings"]
    if len(lists) != 1:
        return None
    item_prop = unwrap(unwrap(lists[0]).inner_property)
    return str(lists[0].python_name), models.get(class_name(item_prop), item_prop)


RawOps = dict[str, tuple[dict[str, Any], dict[str, Any]]]


def build_operation(
    endpoint: Any, doc: dict[str, Any], raw_ops: RawOps, api: Api, models: dict[str, Any]
) -> Operation:
    """One operation from the generator's endpoint and the normalised document; ``raw_ops`` maps
    Python names to (operation, path item), ``models`` the parsed models by class name."""
    op, item = raw_ops[str(endpoint.name)]
    path = str(op["x-sdk-spec-path"])
    rawp = _raw_params(doc, op, item)
    real_path = op.get("x-sdk-path", path)
    path_params = [_param(p, "path", rawp.get(("path", raw(p.name)), {})) for p in endpoint.path_parameters]
    # order path parameters as they appear in the URL
    path_params.sort(key=lambda p: real_path.find("{" + p.wire + "}"))
    fpath = real_path
    for p in path_params:
        fpath = fpath.replace("{" + p.wire + "}", "{" + p.render + "}")
    response, response_prop = response_of(endpoint)
    found = _items(response_prop, models)
    filtered = f'"xero_sdk._generated.{api.key}.models:{class_name(found[1])}"' if found else "None"
    params = [
        _param(p, "query", rawp.get(("query", raw(p.name)), {}), filtered) for p in endpoint.query_parameters
    ]
    params += [_param(p, "header", rawp.get(("header", raw(p.name)), {})) for p in endpoint.header_parameters]
    params.sort(key=lambda p: not p.required)
    taken = [p.python_name for p in path_params + params]
    if len(set(taken)) != len(taken) or {"body", "options", "destination", "self"} & set(taken):
        raise ValueError(f"{endpoint.name}: argument names collide: {taken}")
    types: list[tuple[str, str]] = []
    for p in [*endpoint.path_parameters, *endpoint.query_parameters, *endpoint.header_parameters]:
        types += _types_of(p)
    body, body_types = _body(endpoint, op)
    types += body_types
    if response_prop is not None:
        types += _types_of(response_prop)
    problem = _problem_model(doc, op, models)
    if problem is not None:
        types.append(problem)
    wires = {(p.location, p.wire.lower()) for p in params}
    page_max = next(
        (
            (q.get("schema") or {}).get("maximum")
            for (loc, name), q in rawp.items()
            if loc == "query" and name.lower() == "pagesize"
        ),
        None,
    )
    return Operation(
        name=str(endpoint.name),
        tag=str(endpoint.tags[0]),
        operation_id=str(op.get("operationId")),
        method=str(endpoint.method).upper(),
        path=fpath,
        raw_path=real_path,
        summary=doc_text(endpoint.summary),
        description=doc_text(endpoint.description),
        path_params=path_params,
        params=params,
        body=body,
        response=response,
        tenant=bool(op.get("x-sdk-tenant")),
        idempotency=("header", "idempotency-key") in wires,
        unitdp=("query", "unitdp") in wires,
        accept=_accept(op, response),
        types=sorted(set(types)),
        paging=_paging(endpoint, response_prop, page_max, api, models),
        problem=problem,
        security=_security(doc, op),
        split_lists=tuple(
            p.python_name for p in params if p.wire in SPLIT_LISTS and p.annotation.startswith("Sequence[")
        ),
        removal=REMOVALS.get((api.key, real_path.strip("/").split("/")[0])),
        returns_doc=_success_description(op),
        error_statuses=tuple(
            sorted(
                int(s) for s in op.get("responses") or {} if str(s).isdigit() and not str(s).startswith("2")
            )
        ),
    )


def _security(doc: dict[str, Any], op: dict[str, Any]) -> tuple[str, ...]:
    """Every scope the operation's ``security`` (or the document's) lists, in document order:
    any one of them allows the call (Xero lists the read-write and the read-only scope)."""
    requirements = op.get("security", doc.get("security")) or []
    found: list[str] = []
    for requirement in requirements:
        for scheme_scopes in (requirement or {}).values():
            found += [str(s) for s in scheme_scopes or [] if str(s) not in found]
    return tuple(found)


PROBLEM_JSON = "application/problem+json"


def _problem_model(doc: dict[str, Any], op: dict[str, Any], models: dict[str, Any]) -> tuple[str, str] | None:
    """The model of the RFC 7807 problem documents the operation's error answers carry (Bank
    Feeds v2 declares ``application/problem+json``), so a raised error holds it typed."""
    for status, response in (op.get("responses") or {}).items():
        if str(status).startswith("2"):
            continue
        media = ((resolve(doc, response) or {}).get("content") or {}).get(PROBLEM_JSON) or {}
        ref = str((media.get("schema") or {}).get("$ref", ""))
        model = models.get(ref.rsplit("/", 1)[-1]) if ref.startswith("#/components/schemas/") else None
        if model is not None:
            return module_name(model), class_name(model)
    return None


def _success_description(op: dict[str, Any]) -> str:
    for status, resp in sorted((op.get("responses") or {}).items()):
        if str(status).startswith("2") and isinstance(resp, dict):
            return doc_text(resp.get("description"))
    return ""


def _accept(op: dict[str, Any], response: ResponseInfo) -> str:
    """What the operation asks for: PDFs as the normaliser recorded, other downloads the media
    type their success response declares, everything else JSON."""
    if "x-sdk-accept" in op:
        return str(op["x-sdk-accept"])
    if response.kind == "binary":
        for status, resp in (op.get("responses") or {}).items():
            if str(status).startswith("2") and isinstance(resp, dict):
                for media in resp.get("content") or {}:
                    if media != "application/json":
                        return str(media)
        return "application/octet-stream"
    return "application/json"
