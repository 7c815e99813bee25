"""The ``xero`` console command (``pip install 'xero-sdk[cli]'``).

``xero login`` signs in with the browser, ``xero <api> <operation>`` calls any operation of the
SDK, ``xero export`` writes every record of an entity to a file; ``xero --help`` lists the rest.
The commands are built from the same generated operation metadata as the SDK's methods.
"""

from __future__ import annotations

from ._main import cli, main

__all__ = ["cli", "main"]
