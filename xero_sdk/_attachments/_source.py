"""What Xero accepts as an attachment, and reading a path, bytes or file object into one.

The limits are module constants, so a wrong guess is a one-line change (see the public
module ``xero_sdk.attachments`` for where each comes from).
"""

from __future__ import annotations

import mimetypes
import os
from typing import IO, Any

import attrs

from xero_sdk.errors import AttachmentError

#: Largest attachment Xero takes: "each up to 10mb in size" (Xero's attachments page). Read as
#: 10 MiB, the more permissive reading: a file between 10,000,000 and 10,485,760 bytes
#: that Xero refuses fails at Xero instead of here.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
#: "10 attachments can be uploaded per document" (Xero's attachments page).
MAX_ATTACHMENTS_PER_DOCUMENT = 10
#: Characters Xero answers with 400 in an attachment's file name: Xero lists
#: ``< > : " / \ | ? *`` and NUL; third-party guidance adds ``+``. All are refused on upload,
#: as are the other control characters.
FORBIDDEN_CHARACTERS = '<>:"/\\|?*+'
DEFAULT_CONTENT_TYPE = "application/octet-stream"
_READ_CHUNK = 1024 * 1024

#: What ``upload`` takes: a path, the content itself, or a binary file object.
Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]


@attrs.frozen
class Upload:
    """A checked upload: a file name Xero accepts and content within the size limit."""

    file_name: str
    content: bytes
    content_type: str


def _is_control(ch: str) -> bool:
    return ord(ch) < 0x20 or ord(ch) == 0x7F


def check_name_for_path(file_name: object) -> str:
    """A file name that can travel in the URL path (downloads by name): any text but empty,
    ``.`` or ``..`` (which would address another resource). Everything else is percent-encoded."""
    if not isinstance(file_name, str):
        raise TypeError(f"file_name must be a str, not {type(file_name).__name__}")
    if not file_name.strip():
        raise AttachmentError("the attachment file name is empty")
    if file_name in (".", ".."):
        raise AttachmentError(f"{file_name!r} is not a file name (it names a folder in a URL)")
    return file_name


def check_upload_name(file_name: object) -> str:
    """A file name Xero accepts for a new attachment; :class:`AttachmentError` otherwise."""
    name = check_name_for_path(file_name)
    bad = sorted({ch for ch in name if ch in FORBIDDEN_CHARACTERS or _is_control(ch)})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        raise AttachmentError(
            f"attachment file name {name!r} contains {shown}: Xero refuses file names with any of "
            f"{' '.join(FORBIDDEN_CHARACTERS)} or control characters; pass file_name= with another name"
        )
    return name


def check_content_type(content_type: object) -> None:
    """``None`` (the default type), or a non-empty MIME type; :class:`AttachmentError` otherwise."""
    if content_type is not None and not (isinstance(content_type, str) and content_type.strip()):
        raise AttachmentError("content_type must be a non-empty MIME type such as 'application/pdf'")


def guess_content_type(file_name: str) -> str:
    """The MIME type for ``file_name``'s extension, ``application/octet-stream`` when unknown."""
    guessed, _ = mimetypes.guess_type(file_name, strict=False)
    return guessed or DEFAULT_CONTENT_TYPE


def _too_large(file_name: str, size: int | None) -> AttachmentError:
    what = f"{size} bytes" if size is not None else f"larger than {MAX_ATTACHMENT_BYTES} bytes"
    return AttachmentError(
        f"attachment {file_name!r} is {what}; Xero takes attachments up to "
        f"{MAX_ATTACHMENT_BYTES} bytes (10 MB)"
    )


def _read_limited(stream: IO[bytes], file_name: str) -> bytes:
    """Read ``stream`` to its end, refusing more than ``MAX_ATTACHMENT_BYTES``."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk: Any = stream.read(min(_READ_CHUNK, MAX_ATTACHMENT_BYTES + 1 - total))
        if chunk is None:
            raise AttachmentError(f"the file object for {file_name!r} returned no data (non-blocking?)")
        if not isinstance(chunk, (bytes, bytearray)):
            raise TypeError(f"the file object for {file_name!r} must be opened in binary mode ('rb')")
        if not chunk:
            break
        chunks.append(bytes(chunk))
        total += len(chunk)
        if total > MAX_ATTACHMENT_BYTES:
            raise _too_large(file_name, None)
    return b"".join(chunks)


def _default_name(source: object) -> str | None:
    if isinstance(source, (str, os.PathLike)):
        return os.path.basename(os.fspath(source))
    name = getattr(source, "name", None)
    if isinstance(name, str) and name:
        return os.path.basename(name)
    return None


def needs_io(source: object) -> bool:
    """Whether reading ``source`` touches the file system or a stream (not plain bytes)."""
    return not isinstance(source, (bytes, bytearray, memoryview))


def load(source: Source, *, file_name: str | None, content_type: str | None) -> Upload:
    """Check the name, then the size (before reading a path), then read the content.

    ``source`` is a path (``str`` or ``os.PathLike``), the content (``bytes``, ``bytearray``,
    ``memoryview``) or a binary file object read from its current position. The file name
    defaults to the path's or the file object's base name; bytes need ``file_name=``."""
    name = file_name if file_name is not None else _default_name(source)
    if name is None:
        raise AttachmentError(
            "file_name= is required when the content is bytes or a file object without a name"
        )
    name = check_upload_name(name)
    check_content_type(content_type)
    # the body is declared application/octet-stream (as the official SDKs send it); Xero takes
    # the attachment's MIME type from the file name's extension
    mime = content_type or DEFAULT_CONTENT_TYPE

    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) > MAX_ATTACHMENT_BYTES:
            raise _too_large(name, len(source))
        content = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        size = os.stat(path).st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise _too_large(name, size)
        with open(path, "rb") as fh:
            content = _read_limited(fh, name)
    elif callable(getattr(source, "read", None)):
        content = _read_limited(source, name)
    else:
        raise TypeError("source must be a path, bytes or a binary file object, not " + type(source).__name__)
    if not content:
        raise AttachmentError(
            f"attachment {name!r} is empty (0 bytes); a file object is read from its current "
            "position, so one that was already read has nothing left"
        )
    return Upload(file_name=name, content=content, content_type=mime)
