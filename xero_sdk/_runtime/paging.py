"""Walking paged list operations: the one loop behind every generated ``iter_*`` method.

Xero pages two ways: by page number (``page``, often with ``pageSize``; the response may carry
a ``pagination`` object with ``pageCount``) and, for Journals, by offset (the last
JournalNumber seen). Both loops stop exactly after the last item: from ``pagination`` where the
response has one, otherwise from a page shorter than the page size.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, TypeVar

R = TypeVar("R")
T = TypeVar("T")


def _more(page: int, count: int, page_size: int, pagination: Any) -> bool:
    """Whether a page after ``page`` (which held ``count`` items) can hold anything."""
    if count == 0:
        return False
    page_count = getattr(pagination, "page_count", None) if pagination is not None else None
    if page_count is not None:
        return page < int(page_count)
    return count >= page_size


def iterate_pages(
    fetch: Callable[[int], R],
    items: Callable[[R], Sequence[T] | None],
    pagination: Callable[[R], Any] | None,
    page_size: int,
) -> Iterator[T]:
    """Yield every item of pages 1, 2, ... fetched lazily."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")

    def walk() -> Iterator[T]:
        page = 1
        while True:
            response = fetch(page)
            batch = items(response) or ()
            yield from batch
            if not _more(page, len(batch), page_size, pagination(response) if pagination else None):
                return
            page += 1

    return walk()


def iterate_pages_async(
    fetch: Callable[[int], Awaitable[R]],
    items: Callable[[R], Sequence[T] | None],
    pagination: Callable[[R], Any] | None,
    page_size: int,
) -> AsyncIterator[T]:
    """The async twin of :func:`iterate_pages`: an async iterator over every item."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")

    async def walk() -> AsyncIterator[T]:
        page = 1
        while True:
            response = await fetch(page)
            batch = items(response) or ()
            for item in batch:
                yield item
            if not _more(page, len(batch), page_size, pagination(response) if pagination else None):
                return
            page += 1

    return walk()


def iterate_offsets(
    fetch: Callable[[int], R],
    items: Callable[[R], Sequence[T] | None],
    key: Callable[[T], int | None],
    page_size: int,
) -> Iterator[T]:
    """Yield every item, asking each time for those after the last one's ``key`` (Journals)."""

    def walk() -> Iterator[T]:
        offset = 0
        while True:
            batch = items(fetch(offset)) or ()
            yield from batch
            if len(batch) < page_size:
                return
            last = key(batch[-1])
            if last is None or last <= offset:
                return
            offset = last

    return walk()


def iterate_offsets_async(
    fetch: Callable[[int], Awaitable[R]],
    items: Callable[[R], Sequence[T] | None],
    key: Callable[[T], int | None],
    page_size: int,
) -> AsyncIterator[T]:
    """The async twin of :func:`iterate_offsets`."""

    async def walk() -> AsyncIterator[T]:
        offset = 0
        while True:
            batch = items(await fetch(offset)) or ()
            for item in batch:
                yield item
            if len(batch) < page_size:
                return
            last = key(batch[-1])
            if last is None or last <= offset:
                return
            offset = last

    return walk()
