"""Exceptions the attachments helper raises itself, before (or instead of) a request."""

from __future__ import annotations

from xero_sdk.errors import XeroError


class AttachmentError(XeroError, ValueError):
    """An attachment call Xero would refuse (bad file name, too large, empty, unknown entity,
    ``include_online`` where Xero has none...): raised before any request is sent."""

    __module__ = "xero_sdk.attachments"


class AttachmentExistsError(AttachmentError):
    """``upload(..., replace=False)`` found an attachment with that file name already."""

    __module__ = "xero_sdk.attachments"
