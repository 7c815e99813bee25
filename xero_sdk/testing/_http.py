"""The request and answer types the local Xero's layers pass between them, and Xero's error bodies."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["Answer", "ApiError", "Request", "not_found", "problem", "validation_error"]


@dataclasses.dataclass
class Request:
    """One HTTP request: ``path`` is the full path (``/api.xro/2.0/Invoices``), ``query`` the
    decoded parameters (the last value of a repeated one), ``headers`` with lower-case names."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """A header's value by name, case-insensitively, or ``None``."""
        return self.headers.get(name.lower())

    def get(self, name: str, /) -> str | None:
        """Headers by name, case-insensitively (what the identity router reads)."""
        return self.header(name)

    def flag(self, name: str) -> bool:
        """Whether query parameter ``name`` is ``true`` (case-insensitively)."""
        return self.query.get(name, "").lower() == "true"

    @property
    def target(self) -> str:
        """The path with the query string re-encoded."""
        from urllib.parse import urlencode

        return self.path + ("?" + urlencode(self.query) if self.query else "")


@dataclasses.dataclass
class Answer:
    """A JSON value (encoded with Decimal support), bytes sent as they are, or None (no body)."""

    status: int
    body: Any = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    lost: bool = False
    """Not sent: the connection is closed instead, as when an answer is lost on its way (an
    injected fault of the identity server)."""


class ApiError(Exception):
    """Ends a request with ``answer``."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(f"HTTP {answer.status}")
        self.answer = answer


def problem(status: int, title: str, detail: str) -> Answer:
    """The RFC 7807-like body Xero's gateway sends for 401/403/404/429/5xx."""
    return Answer(
        status,
        {
            "Type": None,
            "Title": title,
            "Status": status,
            "Detail": detail,
            "Instance": str(uuid.uuid4()),
            "Extensions": {},
        },
    )


def not_found(what: str) -> ApiError:
    return ApiError(problem(404, "NotFound", f"The resource you're looking for cannot be found: {what}"))


def validation_error(
    elements: Sequence[Mapping[str, Any]], message: str = "A validation exception occurred"
) -> ApiError:
    return ApiError(
        Answer(
            400,
            {
                "ErrorNumber": 10,
                "Type": "ValidationException",
                "Message": message,
                "Elements": list(elements),
            },
        )
    )
