"""The wire codec the generated models call: dates, exact decimals, JSON, open enums.

Stdlib only (re, decimal, datetime, enum, uuid, json, os); importing it is cheap.
"""

from xero_sdk._runtime.codec.dates import (
    format_date,
    format_datetime,
    format_if_modified_since,
    parse_date,
    parse_datetime,
)
from xero_sdk._runtime.codec.enums import OpenStrEnum
from xero_sdk._runtime.codec.json import dumps, loads
from xero_sdk._runtime.codec.numbers import to_decimal

__all__ = [
    "OpenStrEnum",
    "dumps",
    "format_date",
    "format_datetime",
    "format_if_modified_since",
    "loads",
    "parse_date",
    "parse_datetime",
    "to_decimal",
]
