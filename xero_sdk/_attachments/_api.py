"""``org.attachments``: list, upload and download attachments on Accounting documents.

``AttachmentsApi`` sends through the sync client's sender, ``AsyncAttachmentsApi`` through the
async one; both build their requests with the generated operations (``_requests``).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, overload
from uuid import UUID

from xero_sdk._operation import AsyncSender, Destination, RequestOptions, Sender

from . import _source
from ._entities import Entity, entities, resolve
from ._requests import (
    AttachmentList,
    UploadPlan,
    attachments_of,
    check_target,
    download_request,
    list_request,
    plan_upload,
    without_idempotency_key,
)

if TYPE_CHECKING:
    from xero_generated.accounting.models.attachment import (  # type: ignore[import-not-found, unused-ignore]
        Attachment,
    )


def _plan(
    target: Entity,
    entity_id: UUID | str,
    upload: _source.Upload,
    include_online: bool | None,
    replace: bool,
    idempotency_key: str | None,
) -> UploadPlan:
    return plan_upload(
        target,
        entity_id,
        upload,
        include_online=include_online,
        replace=replace,
        idempotency_key=idempotency_key,
    )


class AttachmentsApi:
    """Attachments on the Accounting documents that carry them (``entities()``).

    ``entity`` is Xero's name (``"Invoices"``) or snake_case (``"bank_transactions"``);
    ``entity_id`` is the document's id (InvoiceID, ContactID...). Everything Xero would refuse
    (see ``xero_sdk.attachments``) raises :class:`~xero_sdk.attachments.AttachmentError`
    before any request is sent.
    """

    __slots__ = ("_sender",)

    def __init__(self, sender: Sender) -> None:
        self._sender = sender

    @staticmethod
    def entities() -> tuple[str, ...]:
        """Xero's names of the entities with attachments."""
        return tuple(entities())

    def list(
        self, entity: str, entity_id: UUID | str, *, options: RequestOptions | None = None
    ) -> AttachmentList:
        """The attachments on one document (``AttachmentID``, ``FileName``, ``MimeType``...)."""
        request, parse = list_request(resolve(entity), entity_id)
        return attachments_of(self._sender.request(request, parse, options))

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
        target = check_target(entity, entity_id, include_online)
        upload = _source.load(source, file_name=file_name, content_type=content_type)
        plan = _plan(target, entity_id, upload, include_online, replace, idempotency_key)
        if plan.listing is not None:
            request, parse = plan.listing
            existing = self._sender.request(request, parse, without_idempotency_key(options))
            plan.check_existing(attachments_of(existing))
        return plan.result(self._sender.request(plan.request, plan.parse, options))

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
        request = download_request(
            resolve(entity),
            entity_id,
            file_name=file_name,
            attachment_id=attachment_id,
            content_type=content_type,
        )
        return self._sender.request_bytes(request, destination, options)


class AsyncAttachmentsApi:
    """The asyncio twin of :class:`AttachmentsApi` (same arguments, ``async def``); files are
    read in a worker thread so the event loop never blocks on the disk."""

    __slots__ = ("_sender",)

    def __init__(self, sender: AsyncSender) -> None:
        self._sender = sender

    @staticmethod
    def entities() -> tuple[str, ...]:
        """Xero's names of the entities with attachments."""
        return tuple(entities())

    async def list(
        self, entity: str, entity_id: UUID | str, *, options: RequestOptions | None = None
    ) -> AttachmentList:
        """The attachments on one document (``AttachmentID``, ``FileName``, ``MimeType``...)."""
        request, parse = list_request(resolve(entity), entity_id)
        return attachments_of(await self._sender.request(request, parse, options))

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
        target = check_target(entity, entity_id, include_online)
        if _source.needs_io(source):
            upload = await asyncio.to_thread(
                _source.load, source, file_name=file_name, content_type=content_type
            )
        else:
            upload = _source.load(source, file_name=file_name, content_type=content_type)
        plan = _plan(target, entity_id, upload, include_online, replace, idempotency_key)
        if plan.listing is not None:
            request, parse = plan.listing
            existing = await self._sender.request(request, parse, without_idempotency_key(options))
            plan.check_existing(attachments_of(existing))
        return plan.result(await self._sender.request(plan.request, plan.parse, options))

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
        request = download_request(
            resolve(entity),
            entity_id,
            file_name=file_name,
            attachment_id=attachment_id,
            content_type=content_type,
        )
        return await self._sender.request_bytes(request, destination, options)
