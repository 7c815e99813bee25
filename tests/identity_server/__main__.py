"""``python -m tests.identity_server``: the identity server shipped in
:mod:`xero_sdk.testing._identity` (same options)."""

import sys

from xero_sdk.testing._identity.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
