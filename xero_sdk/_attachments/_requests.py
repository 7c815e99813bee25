"""I/O-free: the generated operations' requests for listing, uploading and downloading.

The path building (including percent-encoding the file name), the upload's ``Content-Type``
and the download's ``Accept`` are the generated code's; this module only chooses the
operation and checks the arguments before anything is sent. What the sync and async APIs
send is decided here, once: they differ only in how they send it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs

from xero_sdk._runtime.operation import ApiRequest, RequestOptions
from xero_sdk.errors import AttachmentError, AttachmentExistsError, XeroError

from . import _source
from ._entities import BY_FILE_NAME, BY_ID, CREATE, LIST, Entity, entities, resolve

if TYPE_CHECKING:
    from xero_sdk._generated.accounting.models.attachment import (  # type: ignore[import-not-found, unused-ignore]
        Attachment,
    )

AttachmentList = list["Attachment"]
#: The arguments of a sender's ``request`` (sync or async): the request, its parser, the options.
SenderCall = tuple[ApiRequest, Callable[[Any], Any], RequestOptions | None]


def check_entity_id(entity_id: UUID | str) -> str:
    text = str(entity_id) if isinstance(entity_id, (UUID, str)) else None
    if text is None:
        raise TypeError(f"entity_id must be a UUID or str, not {type(entity_id).__name__}")
    if not text.strip():
        raise AttachmentError("entity_id is empty: pass the document's id (e.g. InvoiceID)")
    return text


def attachments_of(body: Any) -> AttachmentList:
    """The ``Attachments`` list of a generated ``Attachments`` model (empty when absent)."""
    items = getattr(body, "attachments", None)
    return list(items or [])


def list_request(entity: Entity, entity_key: str) -> tuple[ApiRequest, Callable[[Any], Any]]:
    """The generated list operation's request for the document ``entity_key`` (checked)."""
    op = entity.operation(LIST)
    build: Any = op.build
    request: ApiRequest = build(entity_key)
    return request, op.parse


def list_call(entity: str, entity_id: UUID | str, options: RequestOptions | None) -> SenderCall:
    """What ``list`` sends: the generated list operation of the entity named ``entity``."""
    target = resolve(entity)
    request, parse = list_request(target, check_entity_id(entity_id))
    return request, parse, options


def without_idempotency_key(options: RequestOptions | None) -> RequestOptions | None:
    """``options`` for the read made before an upload: the upload's key is not the read's."""
    if options is None or options.idempotency_key is None:
        return options
    return attrs.evolve(options, idempotency_key=None)


@attrs.frozen
class UploadPlan:
    """An upload checked locally; ``listing`` is the read that ``replace=False`` makes first
    (sent without the upload's idempotency key), ``create`` the upload itself."""

    entity: Entity
    upload: _source.Upload
    request: ApiRequest
    parse: Callable[[Any], Any]
    options: RequestOptions | None
    listing: SenderCall | None

    @property
    def create(self) -> SenderCall:
        return self.request, self.parse, self.options

    def check_existing(self, listed: Any) -> None:
        """Refuse to overwrite a same-named attachment, or to add one past Xero's limit
        (``listed``: what the ``listing`` read returned)."""
        existing = attachments_of(listed)
        wanted = self.upload.file_name.casefold()
        for item in existing:
            if (item.file_name or "").casefold() == wanted:
                raise AttachmentExistsError(
                    f"{self.entity.name} already has an attachment named {item.file_name!r}; "
                    "pass replace=True to overwrite it"
                )
        if len(existing) >= _source.MAX_ATTACHMENTS_PER_DOCUMENT:
            raise AttachmentError(
                f"this document already has {len(existing)} attachments; Xero takes at most "
                f"{_source.MAX_ATTACHMENTS_PER_DOCUMENT} per document"
            )

    def result(self, body: Any) -> Attachment:
        items = attachments_of(body)
        if not items:
            raise XeroError(f"{self.request.operation_id}: Xero's response names no attachment")
        return items[0]


@attrs.frozen
class UploadCall:
    """The arguments of one ``upload``, checked as far as they can be before the source is read."""

    entity: Entity
    entity_key: str
    """The document's id, checked (:func:`check_entity_id`)."""
    source: _source.Source
    file_name: str | None
    content_type: str | None
    include_online: bool | None
    """As the operation takes it (:func:`check_include_online`): ``None`` is not sent."""
    replace: bool
    idempotency_key: str | None

    @property
    def reads_source(self) -> bool:
        """Whether loading touches the file system or a stream (the async API does it in a thread)."""
        return _source.needs_io(self.source)

    def load(self) -> _source.Upload:
        return _source.load(self.source, file_name=self.file_name, content_type=self.content_type)

    def plan(self, upload: _source.Upload, options: RequestOptions | None) -> UploadPlan:
        """The upload request for ``upload`` (what :meth:`load` read), and the read that
        ``replace=False`` makes first."""
        op = self.entity.operation(CREATE)
        build: Any = op.build
        kwargs: dict[str, Any] = {
            "body": upload.content,
            "content_type": upload.content_type,
            "idempotency_key": self.idempotency_key,
        }
        if self.include_online is not None:
            kwargs["include_online"] = self.include_online
        request: ApiRequest = build(self.entity_key, upload.file_name, **kwargs)
        listing = (
            None
            if self.replace
            else (*list_request(self.entity, self.entity_key), without_idempotency_key(options))
        )
        return UploadPlan(
            entity=self.entity,
            upload=upload,
            request=request,
            parse=op.parse,
            options=options,
            listing=listing,
        )


def check_include_online(entity: Entity, include_online: bool | None) -> bool | None:
    """``include_online`` as the operation takes it. ``True`` where Xero has no IncludeOnline
    is refused; ``False`` there is what happens anyway and is not sent."""
    if include_online is None:
        return None
    if not isinstance(include_online, bool):
        raise TypeError("include_online must be True, False or None")
    if entity.include_online:
        return include_online
    if include_online:
        supported = [e.name for e in entities().values() if e.include_online]
        raise AttachmentError(f"include_online applies to {' and '.join(supported)} only, not {entity.name}")
    return None


def upload_call(
    entity: str,
    entity_id: UUID | str,
    source: _source.Source,
    file_name: str | None,
    content_type: str | None,
    include_online: bool | None,
    replace: bool,
    idempotency_key: str | None,
) -> UploadCall:
    """``upload``'s arguments (in its order), after the checks made before reading the source:
    entity, id, ``include_online``."""
    target = resolve(entity)
    entity_key = check_entity_id(entity_id)
    include = check_include_online(target, include_online)
    return UploadCall(target, entity_key, source, file_name, content_type, include, replace, idempotency_key)


def download_request(
    entity: str,
    entity_id: UUID | str,
    file_name: str | None,
    attachment_id: UUID | str | None,
    content_type: str | None,
) -> ApiRequest:
    """What ``download`` sends (its arguments, in its order), for the entity named ``entity``:
    by id or by file name (exactly one); ``contentType`` (a header Xero's documents require)
    is ``content_type``, else guessed from the file name, else ``application/octet-stream``."""
    target = resolve(entity)
    if (file_name is None) == (attachment_id is None):
        raise AttachmentError("pass exactly one of file_name= and attachment_id=")
    entity_key = check_entity_id(entity_id)
    _source.check_content_type(content_type)
    build: Any
    if file_name is not None:
        name = _source.check_name_for_path(file_name)
        build = target.operation(BY_FILE_NAME).build
        built: ApiRequest = build(
            entity_key, name, content_type=content_type or _source.guess_content_type(name)
        )
    else:
        if not str(attachment_id).strip():
            raise AttachmentError("attachment_id is empty")
        build = target.operation(BY_ID).build
        built = build(
            entity_key, str(attachment_id), content_type=content_type or _source.DEFAULT_CONTENT_TYPE
        )
    return built
