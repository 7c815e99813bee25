"""API-surface diff between two folders of Xero OpenAPI documents.

Usage::

    python -m codegen.api_diff OLD_DIR NEW_DIR [--json] [--docs] [--api KEY ...]
    make api-diff OLD=<dir> NEW=<dir>

The documents compared are the files named in ``specs/lock.json``; a document present in
only one of the folders is noted.  For each API it reports

- operations added / removed / changed (method + path, operationId; for a changed
  operation: operationId, deprecation, security scopes, request body, responses, and
  parameters added / removed / changed by name, location, type and required),
- models (``components/schemas``) added / removed / changed (the model's own type),
- model fields added / removed / changed (type, format, ``$ref``, required, read-only,
  nullable, deprecated, default); nested inline objects are reported as dotted paths
  (``Settings.TrackingCategories.EmployeeGroups``, ``WebhookEvent.events[].eventType``),
- enum values added / removed, for named schema enums (``CurrencyCode``), inline property
  enums (``BankTransfer.Status``) and inline parameter enums (``GET /Invoices query:Statuses``);
  ``oneOf`` lists of ``const`` (OpenAPI 3.1, webhooks) count as enums,
- document-level changes: OpenAPI version, servers, OAuth2 scopes, and
- with ``--docs``, changed summaries and descriptions as well.

Examples and vendor extensions are not part of the surface and are ignored.  The output is
plain text in a stable order, or JSON with ``--json``; the exit status is 0 whatever the
diff (2 for bad usage).

Documents are read as the generator reads them: with the project's loader
(:mod:`codegen.normalise.loader`, PyYAML's C loader), then the normaliser's three YAML-scalar
rewrites, so a bare ``NO`` in a string enum stays the text ``NO``, ``true``/``false`` are
booleans and unquoted dates stay the text Xero wrote.  The normaliser's other rewrites are not
applied: the surface compared is the documents' as Xero wrote them (tenant header, ``$ref``
siblings, webhooks and all).  Each distinct document is parsed once, in parallel processes
(``--jobs``).
"""

from __future__ import annotations

from codegen.api_diff.cli import main
from codegen.api_diff.compare import CHANGE_SECTIONS, Report, diff_dirs, diff_surfaces
from codegen.api_diff.documents import DocumentRef, load_surfaces, load_yaml, locked_documents
from codegen.api_diff.surface import Surface, describe, extract_surface
from codegen.api_diff.text import render_text

__all__ = [
    "CHANGE_SECTIONS",
    "DocumentRef",
    "Report",
    "Surface",
    "describe",
    "diff_dirs",
    "diff_surfaces",
    "extract_surface",
    "load_surfaces",
    "load_yaml",
    "locked_documents",
    "main",
    "render_text",
]
