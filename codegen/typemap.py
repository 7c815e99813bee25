"""How each generator property becomes Python: its type, and its JSON decode and encode.

The generator parses the (normalised) document into property objects; the templates call
these functions, so the mapping from OpenAPI to Python lives in one place:

| OpenAPI                              | Python                       | from JSON            |
|--------------------------------------|------------------------------|----------------------|
| string                               | str                          | as is                |
| string, format date (+ x-is-msdate)  | datetime.date                | parse_date           |
| string, format date-time             | datetime.datetime (aware)    | parse_datetime       |
| string, format uuid                  | UUID                         | UUID                 |
| number (any format)                  | Decimal                      | to_decimal           |
| integer / boolean                    | int / bool                   | as is                |
| enum                                 | open str enum                | EnumClass(value)     |
| object / $ref                        | attrs model                  | Model.from_dict      |
| array                                | list[...]                    | element by element   |
| oneOf / anyOf                        | union of the branches        | first branch that fits |

Every field is optional (``T | None``): Xero declares no ``nullable`` yet sends nulls.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
    UnionProperty,
    UuidProperty,
)

Prop = Any


def unwrap(prop: Prop) -> Prop:
    """A union of one type with None (OpenAPI ``nullable``) is that type."""
    if isinstance(prop, UnionProperty):
        inner = [p for p in prop.inner_properties if not isinstance(p, NoneProperty)]
        if len(inner) == 1:
            return unwrap(inner[0])
    return prop


def union_members(prop: Prop) -> list[Prop]:
    return [unwrap(p) for p in prop.inner_properties if not isinstance(p, NoneProperty)]


def class_name(prop: Prop) -> str:
    return str(prop.class_info.name)


def module_name(prop: Prop) -> str:
    return str(prop.class_info.module_name)


def properties(model: Prop) -> list[Prop]:
    """A model's fields: the required ones first, as the generator orders them."""
    return (model.required_properties or []) + (model.optional_properties or [])


def py_type(prop: Prop, *, accept: bool = False) -> str:
    """The annotation (without ``| None``). ``accept`` widens it for arguments a user passes."""
    prop = unwrap(prop)
    if isinstance(prop, BooleanProperty):
        return "bool"
    if isinstance(prop, IntProperty):
        return "int"
    if isinstance(prop, FloatProperty):
        return "Decimal | int" if accept else "Decimal"
    if isinstance(prop, DateTimeProperty):
        return "datetime.datetime"
    if isinstance(prop, DateProperty):
        return "datetime.date"
    if isinstance(prop, UuidProperty):
        return "UUID | str" if accept else "UUID"
    if isinstance(prop, EnumProperty):
        return f"{class_name(prop)} | str" if accept else class_name(prop)
    if isinstance(prop, StringProperty):
        return "str"
    if isinstance(prop, ModelProperty):
        return class_name(prop)
    if isinstance(prop, ListProperty):
        inner = py_type(prop.inner_property, accept=accept)
        return f"Sequence[{inner}]" if accept else f"list[{inner}]"
    if isinstance(prop, UnionProperty):
        seen: list[str] = []
        for member in union_members(prop):
            t = py_type(member, accept=accept)
            if t not in seen:
                seen.append(t)
        return " | ".join(seen)
    if isinstance(prop, FileProperty):
        return "bytes | IO[bytes]"
    if isinstance(prop, AnyProperty):
        return "Any"
    raise TypeError(f"no Python type for {type(prop).__name__} {prop.name}")


def is_identity(prop: Prop) -> bool:
    """JSON already holds the Python value (no conversion either way)."""
    prop = unwrap(prop)
    if isinstance(prop, ListProperty):
        return is_identity(prop.inner_property)
    return isinstance(prop, (BooleanProperty, IntProperty, StringProperty, AnyProperty))


def is_text(prop: Prop) -> bool:
    """A plain string field (not a date, a GUID or an enum): decoded through ``sys.intern``.

    Xero repeats the same short strings across a page (account and item codes, tax types,
    line descriptions, contact names): interning keeps one copy of each (about 13% of the
    memory held by a page of invoices). ``intern`` only ever returns an equal string, and
    CPython drops an interned string when nothing else refers to it.

    The generator's property classes share no base class: a date, a GUID or an enum is never
    a ``StringProperty``."""
    return isinstance(unwrap(prop), StringProperty)


def scalar_check(prop: Prop, expr: str) -> str | None:
    """For a JSON scalar field (text, bool, integer): the condition the JSON value ``expr`` must
    meet to be stored as it is; ``None`` for other fields. ``bool`` is not an ``int`` here, as in
    JSON. A value failing it is kept as JSON, like any value whose shape does not fit."""
    prop = unwrap(prop)
    for cls, py in ((StringProperty, "str"), (BooleanProperty, "bool"), (IntProperty, "int")):
        if isinstance(prop, cls):
            return f"{expr}.__class__ is {py}"
    return None


def decode(prop: Prop, expr: str, depth: int = 0) -> str:
    """An expression turning the JSON value ``expr`` (not None) into the Python value."""
    prop = unwrap(prop)
    if isinstance(prop, FloatProperty):
        # JSON numbers arrive as Decimal already (or int): skip the call for the common case
        return f"{expr} if {expr}.__class__ is Decimal else to_decimal({expr})"
    if isinstance(prop, DateTimeProperty):
        return f"parse_datetime({expr})"
    if isinstance(prop, DateProperty):
        return f"parse_date({expr})"
    if isinstance(prop, UuidProperty):
        return f"parse_uuid({expr})" if depth == 0 else f"UUID({expr})"
    if isinstance(prop, EnumProperty):
        if prop.value_type is str:
            # "" is no value, not an unknown member: refused (kept as JSON), as in every typed field
            return f"{class_name(prop)}({expr}) if {expr} else no_value({expr})"
        return f"{class_name(prop)}({expr})"
    if isinstance(prop, ModelProperty):
        return f"{class_name(prop)}.from_dict({expr})"
    if isinstance(prop, ListProperty):
        if is_identity(prop.inner_property):
            return expr
        var = f"x{depth}"
        each = f"[{decode(prop.inner_property, var, depth + 1)} for {var} in {expr}]"
        # Xero sends many empty lists (Tracking, CreditNotes, Phones...): skip the comprehension
        return f"[] if {expr}.__class__ is list and not {expr} else {each}" if depth == 0 else each
    if isinstance(prop, UnionProperty):
        return f"_decode_{prop.python_name}({expr})"
    return expr


def encode(prop: Prop, expr: str, depth: int = 0) -> str:
    """An expression turning the Python value ``expr`` (not None) into JSON."""
    prop = unwrap(prop)
    if isinstance(prop, DateTimeProperty):
        return f"format_datetime({expr})"
    if isinstance(prop, DateProperty):
        return f"format_date({expr})"
    if isinstance(prop, (UuidProperty, EnumProperty)):
        return f"str({expr})"
    if isinstance(prop, ModelProperty):
        return f"{expr}.to_dict()"
    if isinstance(prop, ListProperty):
        if is_identity(prop.inner_property) or is_float(prop.inner_property):
            return f"list({expr})"
        var = f"x{depth}"
        return f"[{encode(prop.inner_property, var, depth + 1)} for {var} in {expr}]"
    if isinstance(prop, UnionProperty):
        return f"_encode_{prop.python_name}({expr})"
    return expr


def _nodes(prop: Prop) -> Iterator[Prop]:
    """``prop`` and every property inside it, through lists and union members."""
    prop = unwrap(prop)
    yield prop
    if isinstance(prop, ListProperty):
        yield from _nodes(prop.inner_property)
    elif isinstance(prop, UnionProperty):
        for member in union_members(prop):
            yield from _nodes(member)


def referenced(prop: Prop) -> list[Prop]:
    """The model and enum properties a property refers to (through lists and unions)."""
    return [p for p in _nodes(prop) if isinstance(p, (ModelProperty, EnumProperty))]


_KINDS: tuple[tuple[type, str], ...] = (
    (DateProperty, "date"),
    (DateTimeProperty, "date-time"),
    (FloatProperty, "decimal"),
    (UuidProperty, "uuid"),
    (FileProperty, "file"),
)


def uses(props: list[Prop]) -> set[str]:
    """What a model's import block needs, in one pass over its fields.

    The kinds met anywhere in ``props`` (through lists and unions): ``date``, ``date-time``
    (and ``datetime`` for either), ``decimal``, ``uuid``, ``file``, ``str-enum``; and, by the branch a field
    takes in ``from_dict``: ``text`` (a plain string, interned), ``decimal-field`` (a number
    field, with its converter) and ``guarded`` (a decode that can fail: ``SHAPE_ERRORS``).
    """
    used: set[str] = set()
    for p in props:
        used.update(kind for q in _nodes(p) for cls, kind in _KINDS if isinstance(q, cls))
        if any(isinstance(q, EnumProperty) and q.value_type is str for q in _nodes(p)):
            used.add("str-enum")
        if is_text(p):
            used.add("text")
        if scalar_check(p, "v") is not None:
            used.add("guarded")
        elif not is_identity(p):
            used.add("guarded")
            if is_float(p):
                used.add("decimal-field")
    if used & {"date", "date-time"}:
        used.add("datetime")
    return used


def raw(value: Any) -> str:
    """The plain text of a spec string, for names already validated by the generator."""
    if hasattr(value, "get_untrusted_value"):
        return str(value.get_untrusted_value())
    return str(value)


def py_str(value: Any) -> str:
    """A Python string literal for a spec string (spec text is untrusted: never render it raw)."""
    return repr(raw(value))


def doc_text(value: Any) -> str:
    """Spec text made safe inside a triple-quoted docstring."""
    if value is None:
        return ""
    text = raw(value).replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    return text.rstrip('"').rstrip("\\") if text.endswith(('"', "\\")) else text


def enum_member_name(name: str, value: Any) -> str:
    return "EMPTY" if value == "" else name


def is_float(prop: Prop) -> bool:
    return isinstance(unwrap(prop), FloatProperty)


def is_model(prop: Prop) -> bool:
    return isinstance(unwrap(prop), ModelProperty)


def unions(props: list[Prop]) -> list[Prop]:
    """Every union among ``props`` and inside their lists, once per helper name."""
    found: dict[str, Prop] = {}

    def walk(p: Prop) -> None:
        p = unwrap(p)
        if isinstance(p, UnionProperty):
            found.setdefault(str(p.python_name), p)
        elif isinstance(p, ListProperty):
            walk(p.inner_property)

    for p in props:
        walk(p)
    return list(found.values())


def filter_fields(props: list[Prop]) -> list[dict[str, str]]:
    """The fields a where filter can name, with the type their values have (lists, unions and
    free-form fields cannot be filtered on and are left out)."""
    out = []
    for p in props:
        q = unwrap(p)
        entry = {"attr": str(p.python_name), "wire": raw(p.name)}
        if isinstance(q, ModelProperty):
            out.append({**entry, "kind": "model", "class": class_name(q), "module": module_name(q)})
            continue
        if isinstance(q, FloatProperty):
            t = "Decimal | int"
        elif isinstance(q, DateTimeProperty):  # the attribute's own type: a date-time is compared as one
            t = "datetime.datetime"
        elif isinstance(q, DateProperty):
            t = "datetime.date"
        elif isinstance(q, EnumProperty):
            t = f"{class_name(q)} | str"
        elif isinstance(q, (BooleanProperty, IntProperty, UuidProperty, StringProperty)):
            t = py_type(q)
        else:
            continue
        out.append({**entry, "kind": "value", "type": t})
    return out


GLOBALS: dict[str, Any] = {
    "filter_fields": filter_fields,
    "unions": unions,
    "py_type": py_type,
    "decode": decode,
    "encode": encode,
    "is_identity": is_identity,
    "is_text": is_text,
    "scalar_check": scalar_check,
    "referenced": referenced,
    "uses": uses,
    "py_str": py_str,
    "doc_text": doc_text,
    "raw": raw,
    "enum_member_name": enum_member_name,
    "is_float": is_float,
    "is_model": is_model,
    "union_members": union_members,
    "class_name": class_name,
    "module_name": module_name,
    "properties": properties,
}
