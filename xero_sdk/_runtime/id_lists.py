"""Identifier lists longer than a URL can carry, sent as several requests and merged.

Xero filters ``getInvoices`` / ``getContacts`` / ``getPrepayments`` by ``IDs``,
``InvoiceNumbers`` and ``ContactIDs``, comma-joined in the query string, and refuses URLs beyond
its length cap: about 52 GUIDs fit in one list (Xero-OpenAPI #534; Xero-Java #331). A longer list is cut into pieces that each fit the same
budget (measured on the percent-encoded text, so short invoice numbers go 100 or more at a
time), one request is made per piece (per combination of pieces when several lists are long:
the lists are ANDed, so every item matches exactly one combination), and the answers are merged
into one: their lists concatenated in request order, their ``pagination`` counting every item.
The generated methods and their ``iter_`` twins call this module.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

import attrs

__all__ = ["GUIDS_PER_REQUEST", "LIST_BUDGET", "chain", "chain_async", "merge_responses", "split_id_lists"]

#: GUIDs that fit one list (Xero-OpenAPI #534).
GUIDS_PER_REQUEST = 52
#: Characters of one percent-encoded list that fit: what 52 GUIDs take.
LIST_BUDGET = len(quote(",".join(["00000000-0000-0000-0000-000000000000"] * GUIDS_PER_REQUEST), safe=""))

T = TypeVar("T")


def _pieces(values: Sequence[Any]) -> list[list[Any]]:
    """``values`` (duplicates dropped, order kept) in runs whose joined text fits the budget."""
    unique = list(dict.fromkeys(str(v) for v in values))
    pieces: list[list[Any]] = [[]]
    used = 0
    for value in unique:
        size = len(quote(value, safe="")) + (3 if pieces[-1] else 0)  # "%2C" before all but the first
        if pieces[-1] and used + size > LIST_BUDGET:
            pieces.append([])
            size = len(quote(value, safe=""))
            used = 0
        pieces[-1].append(value)
        used += size
    return pieces


def split_id_lists(lists: Mapping[str, Sequence[Any] | None]) -> list[dict[str, list[Any] | None]] | None:
    """``None`` when every list fits one request; else the argument sets of the requests to
    make (each list replaced by one of its pieces; lists given as ``None`` stay ``None``)."""
    split = {
        name: _pieces(values)
        for name, values in lists.items()
        if values is not None and not isinstance(values, str)
    }
    if all(len(pieces) == 1 for pieces in split.values()):
        return None
    names = list(split)
    combos = itertools.product(*(split[name] for name in names))
    base: dict[str, list[Any] | None] = {name: None for name in lists}
    return [{**base, **dict(zip(names, combo, strict=True))} for combo in combos]


def _merged(values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, list) for v in present):
        return [item for v in present for item in v]
    first = present[0]
    if hasattr(first, "item_count"):  # a pagination object: count every merged item
        counts = [v.item_count for v in present if getattr(v, "item_count", None) is not None]
        pages = [v.page_count for v in present if getattr(v, "page_count", None) is not None]
        return attrs.evolve(
            first, item_count=sum(counts) if counts else None, page_count=max(pages) if pages else None
        )
    return first


def merge_responses(responses: list[T]) -> T:
    """One answer from the answers of the pieces: list fields concatenated in order, the
    pagination counting them all, any other field as the first answer has it."""
    first = responses[0]
    if len(responses) == 1:
        return first
    fields: Mapping[str, str] = getattr(first, "FIELDS", {})
    changes = {name: _merged([getattr(r, name) for r in responses]) for name in fields}
    return attrs.evolve(first, **changes)  # type: ignore[misc]


def chain(iterators: Iterable[Iterator[T]]) -> Iterator[T]:
    """The items of each piece's iteration, one piece after the other."""
    return itertools.chain.from_iterable(iterators)


async def chain_async(iterators: Iterable[AsyncIterator[T]]) -> AsyncIterator[T]:
    """Async :func:`chain`."""
    for iterator in iterators:
        async for item in iterator:
            yield item
