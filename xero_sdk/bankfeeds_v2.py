"""The Bank Feeds v2 models and enums (Feed Connections 2.0): ``from xero_sdk.bankfeeds_v2 import ...`` (or ``import *``); each loads on first use.

Type checkers see the real imports below and no module ``__getattr__``, so a misspelled name is
an error for mypy, not an ``Any``.
"""

from typing import TYPE_CHECKING

from xero_generated.bankfeeds_v2.models import __all__ as __all__

if TYPE_CHECKING:
    from xero_generated.bankfeeds_v2.models import *  # noqa: F403
else:
    from xero_sdk._lazy import forward_module

    __getattr__, __dir__ = forward_module(__name__, "xero_generated.bankfeeds_v2.models")
