"""The Payroll AU v2 models: ``from xero_sdk.payroll_au_v2 import ...``; each loads on first use."""

from typing import TYPE_CHECKING

from xero_sdk._lazy import forward_module

if TYPE_CHECKING:
    from xero_generated.payroll_au_v2.models import *  # noqa: F403

__getattr__, __dir__ = forward_module(__name__, "xero_generated.payroll_au_v2.models")
