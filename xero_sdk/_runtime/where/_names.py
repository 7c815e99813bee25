"""Field names in ``where`` and ``order``: validation and the snake_case -> Xero mapping.

A field name is never quoted in the where language, so it is validated instead: one or more
segments separated by dots, each an ASCII identifier (a letter, then letters, digits or
underscores), none of them a literal or operator word of the where language (``true``,
``null``, ``and``...) and the first not a keyword either (``new``, ``it``...). Nothing else (spaces, quotes,
operators, parentheses, non-ASCII letters) can reach the rendered text through a name.

snake_case is mapped to Xero's PascalCase one segment at a time:

* a segment with underscores is split into words, each word capitalised; words that Xero
  spells in capitals are looked up in :data:`ACRONYMS` (``updated_date_utc`` ->
  ``UpdatedDateUTC``, ``contact_id`` -> ``ContactID``); a word made of digits is appended
  as is (``address_line_1`` -> ``AddressLine1``);
* a single trailing underscore is dropped first, so the model attribute names that the
  generator suffixes to avoid Python keywords and builtins (``type_``) work;
* a segment without underscores that starts in lower case gets its first letter upper-cased
  (``name`` -> ``Name``, ``amountDue`` -> ``AmountDue``);
* anything else (Xero's own PascalCase) passes through unchanged.

The acronym table was read off the property names of the two APIs that accept ``where``
(Accounting and Payroll AU v1, Xero-OpenAPI 16.1.0). Xero spells URLs ``Url`` there
(``OnlineInvoiceUrl``, ``Url``), so ``url`` is deliberately *not* an acronym.
"""

from __future__ import annotations

import re

__all__ = ["ACRONYMS", "RESERVED_FIRST_WORDS", "RESERVED_WORDS", "xero_field_name"]

#: snake_case word -> Xero's spelling, for the words Xero writes in capitals.
ACRONYMS: dict[str, str] = {
    "abn": "ABN",
    "api": "API",
    "bsb": "BSB",
    "cis": "CIS",
    "cogs": "COGS",
    "help": "HELP",
    "id": "ID",
    "ids": "IDs",
    "pdf": "PDF",
    "sfss": "SFSS",
    "sgc": "SGC",
    "spin": "SPIN",
    "stp": "STP",
    "tfn": "TFN",
    "usi": "USI",
    "utc": "UTC",
}

#: Literal and operator words of the where language (compared case-insensitively): refused
#: as any part of a field name, since a field named like one could change what a filter means.
RESERVED_WORDS: frozenset[str] = frozenset({"and", "or", "not", "mod", "true", "false", "null"})

#: Words that are keywords only where an expression starts (Dynamic LINQ's ``it``, ``iif``,
#: ``new``; the sort directions): refused as the first part of a name. After a dot the
#: parser reads any identifier as a member name, and Xero has such members
#: (``ImportSummaryAccounts.New``).
RESERVED_FIRST_WORDS: frozenset[str] = frozenset(
    {"it", "iif", "new", "asc", "ascending", "desc", "descending"}
)

_SEGMENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_LETTERS = re.compile(r"[A-Za-z]*")


def _word(word: str) -> str:
    letters = _LETTERS.match(word)
    head = letters.group() if letters else ""
    rest = word[len(head) :]
    if head.islower() and head in ACRONYMS:
        head = ACRONYMS[head]
    else:
        head = head[:1].upper() + head[1:]
    return head + rest


def _spelling(segment: str, name: str) -> str:
    """Xero's spelling of one snake_case or camelCase segment."""
    if segment.endswith("_"):
        segment = segment[:-1]
    if "_" in segment:
        words = segment.split("_")
        if not all(words):
            raise ValueError(f"invalid field name {name!r}: repeated or trailing underscores in {segment!r}")
        return "".join(_word(w) for w in words)
    if segment[0].islower():
        return _word(segment)
    return segment


def _segment(segment: str, name: str, first: bool, exact: bool = False) -> str:
    if not _SEGMENT.fullmatch(segment):
        raise ValueError(
            f"invalid field name {name!r}: each dot-separated part must start with an ASCII letter "
            "and contain only ASCII letters, digits and underscores"
        )
    result = segment if exact else _spelling(segment, name)
    if result.lower() in RESERVED_WORDS or (first and result.lower() in RESERVED_FIRST_WORDS):
        raise ValueError(f"invalid field name {name!r}: {result!r} is a reserved word of the where language")
    return result


def xero_field_name(name: str, *, exact: bool = False) -> str:
    """Validate ``name`` and return Xero's spelling of it (``exact``: ``name`` is already the JSON
    name, as the generated field references give it, and is only validated: the camelCase APIs
    spell ``lastEdited``, which the snake_case mapping would turn into ``LastEdited``).

    >>> xero_field_name("contact.contact_id")
    'Contact.ContactID'
    >>> xero_field_name("UpdatedDateUTC")
    'UpdatedDateUTC'

    Raises :class:`TypeError` for a non-string and :class:`ValueError` for anything that is
    not dot-separated identifiers, or that uses a reserved word.
    """
    if not isinstance(name, str):
        raise TypeError(f"a field name must be a str, not {type(name).__name__}")
    if not name:
        raise ValueError("a field name cannot be empty")
    return ".".join(_segment(segment, name, i == 0, exact) for i, segment in enumerate(name.split(".")))
