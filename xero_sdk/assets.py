"""The Assets models and enums: ``from xero_sdk.assets import ...`` (or ``import *``); each loads on first use.

Type checkers see the real imports below and no module ``__getattr__``, so a misspelled name is
an error for mypy, not an ``Any``.
"""

from typing import TYPE_CHECKING

from xero_generated.assets.models import __all__ as __all__

if TYPE_CHECKING:
    from xero_generated.assets.models import *  # noqa: F403
else:
    from xero_sdk._lazy import forward_module

    __getattr__, __dir__ = forward_module(__name__, "xero_generated.assets.models")
