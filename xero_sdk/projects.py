"""The Projects models: ``from xero_sdk.projects import ...``; each loads on first use."""

from typing import TYPE_CHECKING

from xero_sdk._lazy import forward_module

if TYPE_CHECKING:
    from xero_generated.projects.models import *  # noqa: F403

__getattr__, __dir__ = forward_module(__name__, "xero_generated.projects.models")
