"""Re-export of :mod:`xero_sdk.testing._identity._process`, and the repository root."""

import os

from xero_sdk.testing._identity._process import IdentityServerProcess, start_identity_server

__all__ = ["ROOT", "IdentityServerProcess", "start_identity_server"]

#: The repository root (tests run ``python -m tests.identity_server`` from there).
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
