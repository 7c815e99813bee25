"""``org.attachments``: list, upload and download attachments on Accounting documents.

``AttachmentsApi`` sends through the sync client's sender, ``AsyncAttachmentsApi`` through the
async one. What they send is built (with the generated operations) and checked in ``_requests``;
each method here holds only its signature, its docstring and its sends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload
from uuid import UUID

from xero_sdk._runtime.operation import AsyncSender, Destination, RequestOptions, Sender

from . import _source
from ._entities import entities
from ._requests import AttachmentList, attachments_of, download_request, list_call, upload_call

if TYPE_CHECKING:
    from xero_sdk._generated.accounting.models.attachment import (  # type: ignore[import-not-found, unused-ignore]
        Attachment,
    )


class _Entities:
    """What the sync and async APIs share beyond ``_requests``: the list of entities."""

    __slots__ = ()

    @staticmethod
    def entities() -> tuple[str, ...]:
        """Xero's names of the entities with attachments."""
        return tuple(entities())


class AttachmentsApi(_Entities):
    """Attachments on the Accounting documents that carry them (``entities()``).

    ``entity`` is Xero's name (``"Invoices"``) or snake_case (``"bank_transactions"``);
    ``entity_id`` is the document's id (InvoiceID, ContactID...). Everything Xero would refuse
    (see ``xero_sdk.attachments``) raises :class:`~xero_sdk.attachments.AttachmentError`
    before any request is sent.
    """

    __slots__ = ("_sender",)

    def __init__(self, sender: Sender) -> None:
        self._sender = sender

    def list(
        self, entity: str, entity_id: UUID | str, *, options: RequestOptions | None = None
    ) -> AttachmentList:
        """The attachments on one document (``AttachmentID``, ``FileName``, ``MimeType``...)."""
        return attachments_of(self._sender.request(*list_call(entity, entity_id, options)))

    def upload(
        self,
        entity: str,
        entity_id: UUID | str,
        source: _source.Source,
        *,
        file_name: str | None = None,
        content_type: str | None = None,
        include_online: bool | None = None,
        replace: bool = False,
        idempotency_key: str | None = None,
        options: RequestOptions | None = None,
    ) -> Attachment:
        """Attach ``source`` (a path, bytes, or a binary file object read from its position).

        ``file_name`` defaults to the path's or file object's name (required for bytes);
        ``content_type`` is sent as the body's type (default ``application/octet-stream``, as
        Xero's documents declare; Xero derives the stored type from the extension). ``include_online``
        (Invoices and CreditNotes): show it with the online invoice. Xero overwrites an
        attachment of the same name, so by default the document's attachments are listed
        first (one extra read) and an existing name raises
        :class:`~xero_sdk.attachments.AttachmentExistsError`; ``replace=True`` skips that
        read and overwrites. Returns the stored attachment as Xero describes it."""
        call = upload_call(
            entity, entity_id, source, file_name, content_type, include_online, replace, idempotency_key
        )
        plan = call.plan(call.load(), options)
        if plan.listing is not None:
            plan.check_existing(self._sender.request(*plan.listing))
        return plan.result(self._sender.request(*plan.create))

    @overload
    def download(
        self,
        entity: str,
        entity_id: UUID | str,
        *,
        file_name: str | None = None,
        attachment_id: UUID | str | None = None,
        destination: None = None,
        content_type: str | None = None,
        options: RequestOptions | None = None,
    ) -> bytes: ...

    @overload
    def download(
        self,
        entity: str,
        entity_id: UUID | str,
        *,
        file_name: str | None = None,
        attachment_id: UUID | str | None = None,
        destination: Destination,
        content_type: str | None = None,
        options: RequestOptions | None = None,
    ) -> int: ...

    def download(
        self,
        entity: str,
        entity_id: UUID | str,
        *,
        file_name: str | None = None,
        attachment_id: UUID | str | None = None,
        destination: Destination | None = None,
        content_type: str | None = None,
        options: RequestOptions | None = None,
    ) -> bytes | int:
        """One attachment's content, by ``file_name`` or ``attachment_id`` (exactly one).

        Without ``destination`` returns the bytes; with a path or a binary file object streams
        the body there in chunks (never whole in memory) and returns the bytes written.
        ``content_type`` fills the ``contentType`` header Xero's documents require (default:
        guessed from the file name, else ``application/octet-stream``)."""
        request = download_request(entity, entity_id, file_name, attachment_id, content_type)
        return self._sender.request_bytes(request, destination, options)


class AsyncAttachmentsApi(_Entities):
    """The asyncio twin of :class:`AttachmentsApi` (same arguments, ``async def``); files are
    read in a worker thread so the event loop never blocks on the disk."""

    __slots__ = ("_sender",)

    def __init__(self, sender: AsyncSender) -> None:
        self._sender = sender

    async def list(
        self, entity: str, entity_id: UUID | str, *, options: RequestOptions | None = None
    ) -> AttachmentList:
        """The attachments on one document (``AttachmentID``, ``FileName``, ``MimeType``...)."""
        return attachments_of(await self._sender.request(*list_call(entity, entity_id, options)))

    async def upload(
        self,
        entity: str,
        entity_id: UUID | str,
        source: _source.Source,
        *,
        file_name: str | None = None,
        content_type: str | None = None,
        include_online: bool | None = None,
        replace: bool = False,
        idempotency_key: str | None = None,
        options: RequestOptions | None = None,
    ) -> Attachment:
        """See :meth:`AttachmentsApi.upload`."""
        import asyncio  # only async callers pay for it

        call = upload_call(
            entity, entity_id, source, file_name, content_type, include_online, replace, idempotency_key
        )
        upload = await asyncio.to_thread(call.load) if call.reads_source else call.load()
        plan = call.plan(upload, options)
        if plan.listing is not None:
            plan.check_existing(await self._sender.request(*plan.listing))
        return plan.result(await self._sender.request(*plan.create))

    @overload
    async def download(
        self,
        entity: str,
        entity_id: UUID | str,
        *,
        file_name: str | None = None,
        attachment_id: UUID | str | None = None,
        destination: None = None,
        content_type: str | None = None,
        options: RequestOptions | None = None,
    ) -> bytes: ...

    @overload
    async def download(
        self,
        entity: str,
        entity_id: UUID | str,
        *,
        file_name: str | None = None,
        attachment_id: UUID | str | None = None,
        destination: Destination,
        content_type: str | None = None,
        options: RequestOptions | None = None,
    ) -> int: ...

    async def download(
        self,
        entity: str,
        entity_id: UUID | str,
        *,
        file_name: str | None = None,
        attachment_id: UUID | str | None = None,
        destination: Destination | None = None,
        content_type: str | None = None,
        options: RequestOptions | None = None,
    ) -> bytes | int:
        """See :meth:`AttachmentsApi.download`."""
        request = download_request(entity, entity_id, file_name, attachment_id, content_type)
        return await self._sender.request_bytes(request, destination, options)
