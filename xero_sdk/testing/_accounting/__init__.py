"""The Accounting API operations that keep state, routed by method and path.

:func:`handle` answers a request for one organisation, or returns None when the operation is
not one the local Xero keeps state for (the caller then answers from the document's examples).
Lists take ``where``, ``order``, ``page``/``pageSize`` (with the ``pagination`` object),
``IDs``, ``Statuses``, ``ContactIDs``, ``InvoiceNumbers``, ``includeArchived``,
``summaryOnly``, ``unitdp`` and ``If-Modified-Since``; PUT creates, POST creates or updates;
``summarizeErrors=false`` answers 200 with each element's ``ValidationErrors``, otherwise one
invalid element fails the whole request with a 400 ``ValidationException`` and nothing is saved.
"""

from __future__ import annotations

# The route modules register their routes on import. No two routes match the same request, so
# the order they are registered in does not change which one answers.
from . import _contacts, _history_and_attachments, _journals_and_reports, _settings, _transactions  # noqa: F401
from ._routes import ATTACHMENT_ENTITIES, Context, handle

__all__ = ["ATTACHMENT_ENTITIES", "Context", "handle"]
