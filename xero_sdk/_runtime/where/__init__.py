r"""The ``where`` filter: build Xero's filter text from Python, safely.

Xero's Accounting and Payroll AU v1 list operations take ``where=``, a small expression
language. This package renders it from Python::

    (F("Status") == "AUTHORISED") & (F("AmountDue") > 0)
        -> Status=="AUTHORISED"&&AmountDue>0
    where(Type="ACCREC", Date__gte=date(2026, 1, 1), Contact__ContactID=cid)
        -> Type=="ACCREC"&&Date>=DateTime(2026,01,01)&&Contact.ContactID==Guid("...")

Generated API methods pass their ``where=`` argument (``str | Expr | None``) through
:func:`render_where`. Nothing here does I/O, and only the standard library is imported.

Rendering
---------
* Comparisons ``==  !=  <  <=  >  >=`` render without spaces: ``AmountDue>0``.
  ``F(x) == None`` (or ``F(x).is_null()``) renders ``x==null``; ``!= None`` ``x!=null``.
* ``.contains(s)``, ``.startswith(s)``, ``.endswith(s)`` render ``Name.Contains("s")``,
  ``.StartsWith(...)``, ``.EndsWith(...)``; ``null_safe=True`` prefixes ``Name!=null&&``.
* Literals by type: ``str`` and enum members with a string value are quoted
  (``Status=="AUTHORISED"``); ``bool`` is ``true``/``false`` (checked before ``int``);
  ``int`` and ``Decimal`` are their exact digits in plain notation, never through ``float``
  and never with an exponent (``Decimal("1E+2")`` -> ``100``, ``Decimal("1.50")`` ->
  ``1.50``); NaN and infinities are refused; a ``float`` is refused, as in models (its
  binary value is not the decimal Xero compares); ``uuid.UUID`` is ``Guid("...")``; a ``date`` is ``DateTime(2026,01,31)`` and a
  ``datetime`` ``DateTime(2026,01,31,10,30,00)``. An aware ``datetime`` is converted to UTC
  first (Xero's ``...UTC`` fields are UTC); a naive one is written as it is. Sub-second
  parts are dropped, because ``DateTime(y,m,d,h,m,s)`` has no place for them.
* ``&`` renders ``&&`` and ``|`` renders ``||`` (Xero's own examples use these forms).
  A chain of the same operator is written flat, since both are associative; wherever the
  operators mix, the inner group is parenthesised: ``(a | b) & c`` -> ``(A||B)&&C`` and
  ``a | (b & c)`` -> ``A||(B&&C)``. The text therefore means what the Python expression
  meant whatever precedence the server gives ``&&`` and ``||``.
* A raw string is accepted wherever an expression is. :func:`render_where` sends it
  unchanged; combined with anything else it is parenthesised, after checking that its
  parentheses and string literals are balanced (else :class:`ValueError`), so it cannot
  regroup its neighbours. Raw strings are code: never build one from user input.
* ``bool(expr)`` raises :class:`TypeError`, so ``if F("x") == 1:`` and ``a and b`` fail
  loudly instead of silently doing the wrong thing.
* Linters flag ``F(x) == None`` / ``== True`` (E711/E712) and their autofix, ``is None``,
  would change the meaning: prefer ``F(x).is_null()``, ``.is_not_null()`` and
  ``where(IsSold=True)``.

Field names
-----------
A field name is never quoted, so it is validated: dot-separated ASCII identifiers, none a
literal or operator word (``true false null and or not mod``), the first not a keyword
(``it iif new``). snake_case maps to Xero's names (``contact__contact_id`` ->
``Contact.ContactID``, ``updated_date_utc`` -> ``UpdatedDateUTC``); PascalCase passes
through unchanged. See :mod:`._names`.

Quoting: why no value can leave its literal
-------------------------------------------
Xero evaluates ``where`` with .NET Dynamic LINQ (``System.Linq.Dynamic``): the errors it
returns are that library's messages ("Syntax error", "Unterminated string literal", "No
property or field 'Bat' exists in type 'Contact'", "Character literal must contain exactly
one character"). In that grammar a string literal is enclosed in double quotes, a double
quote inside it is written twice, and a backslash is an ordinary character; that is why
``\"`` gives "Syntax error" (Xero-Java#347). So:

1. **A ``"`` in a value is doubled**: ``say "hi" now`` -> ``"say ""hi"" now"``, which
   the server reads back as exactly the value.
2. **A backslash is refused** (:class:`UnsafeStringError`, a ``ValueError``). Xero reads it
   as a plain character today, but it is the escape character of Dynamic LINQ's maintained
   successor (``System.Linq.Dynamic.Core``) and of most expression languages. Under such a
   reading ``C:\new`` would be read with a newline in it, and a value ending in ``\``
   would escape our closing quote and move the end of the literal into the text after it
   (the tests show both). Refusing the backslash keeps every value exact under both
   readings; Xero's filterable fields (names, numbers, references, e-mail addresses)
   rarely hold one.
3. **Control characters are refused** (Unicode category Cc: U+0000-U+001F and
   U+007F-U+009F, so also TAB, CR and LF). NUL is what Dynamic LINQ's character reader
   returns at the end of the text, and other parsers stop at it; none of these characters
   can be typed into the fields Xero filters on, so a filter holding one could only match
   nothing, silently, and they are invisible in logs.
4. **Lone surrogates are refused**: they cannot be encoded as UTF-8, so cannot be sent.

Everything else is kept exactly: any Unicode, ``'``, ``()``, ``&&``, ``||``, ``==``.

Even a server that did not know the doubling rule could not be steered: a reader that ends a
literal at the first ``"`` sees ``"a""b"`` as the two adjacent literals ``"a"`` ``"b"``.
Every character of the value is still inside a literal, and two literals in a row are a
syntax error: the worst case is an error, never a different filter. ``tests/where`` proves
all three readings with an independent tokenizer and property-based tests.

Sending the text (percent-encoding ``&``, ``+``, ``#``, ``%``, spaces) is the transport's
job; httpx's ``params=`` does it, and a test checks that the text arrives unchanged.
"""

from __future__ import annotations

from ._expr import Expr, F, as_expr
from ._literals import (
    MAX_NUMBER_LENGTH,
    REFUSED_BACKSLASH,
    REFUSED_CONTROL,
    REFUSED_SURROGATE,
    OrderableValue,
    UnsafeStringError,
    WhereValue,
    quote_string,
    render_literal,
)
from ._lookups import LOOKUPS, XEROIZER_SUFFIXES, render_where, where
from ._names import ACRONYMS, RESERVED_FIRST_WORDS, RESERVED_WORDS, xero_field_name

__all__ = [
    "ACRONYMS",
    "LOOKUPS",
    "MAX_NUMBER_LENGTH",
    "REFUSED_BACKSLASH",
    "REFUSED_CONTROL",
    "REFUSED_SURROGATE",
    "RESERVED_FIRST_WORDS",
    "RESERVED_WORDS",
    "XEROIZER_SUFFIXES",
    "Expr",
    "F",
    "OrderableValue",
    "UnsafeStringError",
    "WhereValue",
    "as_expr",
    "quote_string",
    "render_literal",
    "render_where",
    "where",
    "xero_field_name",
]
