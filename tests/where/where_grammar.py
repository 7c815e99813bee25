"""An independent reader of Xero's where language, used only by the tests.

It is written from the grammar of .NET Dynamic LINQ (the parser Xero's error messages
identify), not from xero_sdk's renderer, and shares no code with it. It reads a where text
in one of three dialects:

* ``LINQ``: Dynamic LINQ as Xero runs it. A string literal is enclosed in ``"`` (or ``'``);
  inside it a doubled quote stands for one quote, and a backslash is an ordinary character.
* ``ESCAPE``: as LINQ, but a backslash escapes the next character (``\\"``, ``\\n``), as in
  System.Linq.Dynamic.Core and most expression languages.
* ``NAIVE``: a literal ends at the next quote; nothing is escaped or doubled.

:func:`parse` builds a small tree and refuses ``&&`` and ``||`` mixed without parentheses,
so a text it accepts never depends on the relative precedence of the two.

Trees: ``("cmp", path, op, value)``, ``("call", path, method, text)``,
``("and", (child, ...))``, ``("or", (child, ...))``; chains of one operator are flattened.
Values: ``str``, ``Decimal`` (every number), ``True``/``False``, ``None``, ``UUID``,
``date`` and ``datetime``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

LINQ = "linq"
ESCAPE = "escape"
NAIVE = "naive"
DIALECTS = (LINQ, ESCAPE, NAIVE)

KEYWORDS = frozenset({"true", "false", "null", "and", "or", "not"})
COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
_OPERATORS = ("==", "!=", "<>", "<=", ">=", "&&", "||", "<", ">", "=", "!")
_PUNCTUATION = "(),."
_DIGITS = "0123456789"
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0"}
METHODS = ("Contains", "StartsWith", "EndsWith")

Tree = tuple[Any, ...]


class WhereSyntaxError(Exception):
    """The text is not a where expression in the given dialect."""


@dataclass(frozen=True)
class Token:
    kind: str  # "ident", "keyword", "string", "number", "op", or one of "(),."
    text: str  # the source text of the token
    value: Any = None  # the decoded value of a string or number


def _ident_start(char: str) -> bool:
    return char.isascii() and (char.isalpha() or char == "_")


def _ident_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


def _string(text: str, start: int, dialect: str) -> tuple[int, Token]:
    quote = text[start]
    pos = start + 1
    chars: list[str] = []
    while True:
        if pos >= len(text):
            raise WhereSyntaxError("Unterminated string literal")
        char = text[pos]
        if dialect == ESCAPE and char == "\\":
            if pos + 1 >= len(text):
                raise WhereSyntaxError("Unterminated string literal")
            chars.append(_ESCAPES.get(text[pos + 1], text[pos + 1]))
            pos += 2
        elif char == quote:
            if dialect != NAIVE and text[pos + 1 : pos + 2] == quote:
                chars.append(quote)
                pos += 2
            else:
                return pos + 1, Token("string", text[start : pos + 1], "".join(chars))
        else:
            chars.append(char)
            pos += 1


def tokenize(text: str, dialect: str = LINQ) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char in " \t\r\n":
            pos += 1
        elif char in "\"'":
            pos, token = _string(text, pos, dialect)
            tokens.append(token)
        elif _ident_start(char):
            end = pos + 1
            while end < len(text) and _ident_char(text[end]):
                end += 1
            word = text[pos:end]
            tokens.append(Token("keyword" if word.lower() in KEYWORDS else "ident", word))
            pos = end
        elif char in _DIGITS or (
            char == "-"
            and text[pos + 1 : pos + 2] in tuple(_DIGITS)
            and (not tokens or tokens[-1].kind in ("op", "(", ","))
        ):
            end = pos + 1
            while end < len(text) and text[end] in _DIGITS:
                end += 1
            if text[end : end + 1] == "." and text[end + 1 : end + 2] in tuple(_DIGITS):
                end += 1
                while end < len(text) and text[end] in _DIGITS:
                    end += 1
            if end < len(text) and (_ident_char(text[end]) or text[end] == "."):
                raise WhereSyntaxError(f"malformed number at {pos}")
            tokens.append(Token("number", text[pos:end], Decimal(text[pos:end])))
            pos = end
        else:
            operator = next((op for op in _OPERATORS if text.startswith(op, pos)), None)
            if operator is not None:
                tokens.append(Token("op", operator))
                pos += len(operator)
            elif char in _PUNCTUATION:
                tokens.append(Token(char, char))
                pos += 1
            else:
                raise WhereSyntaxError(f"unexpected character {char!r} at {pos}")
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, kind: str, text: str | None = None) -> Token:
        token = self.peek()
        if token is None or token.kind != kind or (text is not None and token.text != text):
            raise WhereSyntaxError(f"expected {text or kind} at token {self.pos}, found {token}")
        self.pos += 1
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.peek()
        return token is not None and token.kind == kind and (text is None or token.text == text)

    def expression(self) -> Tree:
        terms = [self.term()]
        operator = None
        while self.at("op", "&&") or self.at("op", "||"):
            this = self.take("op").text
            if operator is not None and this != operator:
                raise WhereSyntaxError("&& and || mixed without parentheses")
            operator = this
            terms.append(self.term())
        if operator is None:
            return terms[0]
        kind = "and" if operator == "&&" else "or"
        flat: list[Tree] = []
        for term in terms:
            flat.extend(term[1] if term[0] == kind else [term])
        return (kind, tuple(flat))

    def term(self) -> Tree:
        if self.at("("):
            self.take("(")
            inner = self.expression()
            self.take(")")
            return inner
        path = [self.take("ident").text]
        while self.at("."):
            self.take(".")
            path.append(self.take("ident").text)
        if self.at("("):
            method = path.pop()
            if method not in METHODS or not path:
                raise WhereSyntaxError(f"unknown method {method}")
            self.take("(")
            text = self.take("string").value
            self.take(")")
            return ("call", ".".join(path), method, text)
        operator = self.take("op").text
        if operator not in COMPARISONS:
            raise WhereSyntaxError(f"not a comparison: {operator}")
        return ("cmp", ".".join(path), operator, self.literal())

    def literal(self) -> Any:
        token = self.peek()
        if token is None:
            raise WhereSyntaxError("missing literal")
        if token.kind in ("string", "number"):
            self.pos += 1
            return token.value
        if token.kind == "keyword" and token.text in ("true", "false", "null"):
            self.pos += 1
            return {"true": True, "false": False, "null": None}[token.text]
        if token.kind == "ident" and token.text == "Guid":
            self.pos += 1
            self.take("(")
            guid = UUID(self.take("string").value)
            self.take(")")
            return guid
        if token.kind == "ident" and token.text == "DateTime":
            self.pos += 1
            self.take("(")
            parts = [self.take("number").value]
            while self.at(","):
                self.take(",")
                parts.append(self.take("number").value)
            self.take(")")
            numbers = [int(part) for part in parts]
            if len(numbers) == 3:
                return date(numbers[0], numbers[1], numbers[2])
            if len(numbers) == 6:
                year, month, day, hour, minute, second = numbers
                return datetime(year, month, day, hour, minute, second)
            raise WhereSyntaxError(f"DateTime with {len(parts)} arguments")
        raise WhereSyntaxError(f"not a literal: {token}")


def parse(text: str, dialect: str = LINQ) -> Tree:
    parser = _Parser(tokenize(text, dialect))
    tree = parser.expression()
    if parser.peek() is not None:
        raise WhereSyntaxError(f"unexpected {parser.peek()} after the expression")
    return tree
