"""A stateful local Xero for tests, demos and non-Python callers (``pip install 'xero-sdk[testing]'``).

In-process, no sockets::

    from xero_sdk.testing import LocalXero

    local = LocalXero()                       # seeded demo companies; local.tenant_id is the first
    org = local.client().for_tenant(local.tenant_id)
    org.accounting.get_contacts(where='Name.StartsWith("A")')
    local.state[local.tenant_id]              # the books, to assert on
    local.fail(429, path="/Invoices")         # the next matching call is refused

As a pytest plugin (installed with the package): fixtures ``xero_local``, ``xero_client`` and
``axero_client``, each test starting from a fresh seeded organisation.

As a server: ``python -m xero_sdk.testing serve [--port N] [--data FILE]`` prints the
``XERO_*`` environment lines the SDK reads.
"""

from xero_sdk.errors import ContractViolation

from ._controls import Fault, RateLimits, Webhooks
from ._http import Answer, Request
from ._local import LocalXero
from ._org import Org
from ._transport import AsyncLocalTransport, LocalTokens, LocalTransport

__all__ = [
    "Answer",
    "AsyncLocalTransport",
    "ContractViolation",
    "Fault",
    "LocalTokens",
    "LocalTransport",
    "LocalXero",
    "Org",
    "RateLimits",
    "Request",
    "Webhooks",
]
