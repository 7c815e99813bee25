"""JSON for request and response bodies: the codec's exact-Decimal ``dumps`` and ``loads``.

``loads`` reads numbers with a fraction as ``Decimal``; ``dumps`` writes a ``Decimal`` digit
for digit (never through ``float``) and returns UTF-8 bytes.
"""

from __future__ import annotations

from xero_sdk._codec.json import dumps, loads

__all__ = ["dumps", "loads"]
