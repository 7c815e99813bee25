"""``python -m xero_sdk.cli``: the ``xero`` command."""

from xero_sdk.cli._main import main

main()
