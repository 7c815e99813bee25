"""The Bank Feeds v2 models (Feed Connections 2.0): ``from xero_sdk.bankfeeds_v2 import ...``; each loads on first use."""

from typing import TYPE_CHECKING

from xero_sdk._lazy import forward_module

if TYPE_CHECKING:
    from xero_generated.bankfeeds_v2.models import *  # noqa: F403

__getattr__, __dir__ = forward_module(__name__, "xero_generated.bankfeeds_v2.models")
