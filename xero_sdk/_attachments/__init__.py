"""The attachments helper behind ``org.attachments`` (public names: ``xero_sdk.attachments``).

- ``_errors``: the exceptions raised before a request is sent.
- ``_entities``: which Accounting documents carry attachments, read from the generated
  operations, and how a user's entity name ("Invoices", "bank_transactions") maps to them.
- ``_source``: the rules Xero sets on uploads (file names, size, count) and reading a path,
  bytes or file object into one checked upload.
- ``_requests``: I/O-free: the generated operations' requests for list, upload and download.
- ``_api``: ``AttachmentsApi`` / ``AsyncAttachmentsApi``, which send those through the client.
"""
