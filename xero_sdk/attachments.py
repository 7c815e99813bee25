"""Attachments on Accounting documents: ``org.attachments`` (``Xero``) and its async twin.

::

    org = xero.for_tenant(tenant_id)
    org.attachments.upload("Invoices", invoice_id, "receipt.pdf", include_online=True)
    for att in org.attachments.list("Invoices", invoice_id):
        org.attachments.download("Invoices", invoice_id, attachment_id=att.attachment_id,
                                 destination=f"/tmp/{att.file_name}")   # streamed in chunks

**Entities.** The Accounting documents with attachment operations, read from the generated
operations (see :func:`entities`): Accounts, BankTransactions, BankTransfers, Contacts,
CreditNotes, Invoices, ManualJournals, PurchaseOrders, Quotes, Receipts, RepeatingInvoices.
Name one as Xero does (``"BankTransactions"``) or in snake_case (``"bank_transactions"``).

**File names travel in the URL path.** The generated operations percent-encode every byte
outside ``A-Z a-z 0-9 _ . - ~`` as UTF-8, so spaces, non-ASCII letters, ``#`` and ``%`` arrive
intact (``a b#1%.pdf`` is sent as ``a%20b%231%25.pdf``). What Xero *rejects* is refused here,
before any request, with :class:`AttachmentError`:

- on upload, names containing ``< > : " / \\ | ? * +`` or a control character. Xero's
  attachments page lists ``< > : " / \\ | ? *`` and NUL as answered with 400 Bad Request;
  third-party guidance adds ``+``. So ``?`` is *refused* on upload but ``#`` is *encoded*;
- everywhere, an empty name and ``.`` / ``..`` (they would name another URL). Downloads by
  name take any other name, ``?`` included (encoded as ``%3F``), for files that reached Xero
  some other way;
- content above :data:`MAX_ATTACHMENT_BYTES` (10 MB per Xero's attachments page; third-party
  sources differ, so it is one constant) and empty content (an already-read file object);
- ``include_online=True`` outside Invoices and CreditNotes, the only entities whose upload
  takes ``IncludeOnline`` (Xero shows it only on accounts-receivable documents).

**Overwriting.** Xero replaces an attachment uploaded again under the same name. ``upload``
therefore lists the document's attachments first and raises :class:`AttachmentExistsError`
for a name already there (case-insensitively), or :class:`AttachmentError` when the
document already holds :data:`MAX_ATTACHMENTS_PER_DOCUMENT`; ``replace=True`` skips that
read (one request fewer) and lets Xero overwrite.

**Content type.** Uploads are sent as ``application/octet-stream``, as Xero's documents
declare (Xero takes the stored type from the file name's extension), or as ``content_type=``.
Downloads send a type in the ``contentType`` header Xero's documents require (``content_type=``,
else guessed from the file name) and ask for ``application/octet-stream``.

The Files API (``org.files``) needs no helper: ``files.upload_file(body=..., name=...,
filename=..., mime_type=...)`` takes bytes or a binary file object, and
``files.get_file_content(file_id, destination=...)`` streams.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xero_sdk._attachments._api import AsyncAttachmentsApi, AttachmentsApi
from xero_sdk._attachments._entities import entities as _entities
from xero_sdk._attachments._source import (
    FORBIDDEN_CHARACTERS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_DOCUMENT,
    Source,
)
from xero_sdk._runtime.lazy import module_dir
from xero_sdk.errors import AttachmentError, AttachmentExistsError

if TYPE_CHECKING:
    from xero_sdk._generated.accounting.models.attachment import Attachment

__all__ = [
    "FORBIDDEN_CHARACTERS",
    "MAX_ATTACHMENTS_PER_DOCUMENT",
    "MAX_ATTACHMENT_BYTES",
    "AsyncAttachmentsApi",
    "Attachment",
    "AttachmentError",
    "AttachmentExistsError",
    "AttachmentsApi",
    "Source",
    "entities",
    "include_online_entities",
]


def entities() -> tuple[str, ...]:
    """Xero's names of the Accounting entities that carry attachments."""
    return tuple(_entities())


def include_online_entities() -> tuple[str, ...]:
    """The entities whose uploads take ``include_online`` (Invoices, CreditNotes)."""
    return tuple(name for name, entity in _entities().items() if entity.include_online)


if not TYPE_CHECKING:  # mypy sees the import at the top, never a catch-all __getattr__

    def __getattr__(name: str) -> Any:
        if name == "Attachment":  # the generated model, loaded on first use
            from xero_sdk._generated.accounting.models.attachment import Attachment

            return Attachment
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    __dir__ = module_dir(__all__)
