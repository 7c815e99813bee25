"""The bottom layer: what the generated code and ``xero_sdk.errors`` are built on.

Three layers, checked by ``tests/test_import_layers.py``; no module imports a layer above
its own:

1. runtime: this package and ``xero_sdk.errors``: the codec, the model base, the typed
   ``where``/``order`` builders, request descriptions (``operation``), paging, lazy loading,
   redaction, the error-body parser, header names.
2. generated: ``xero_sdk._generated`` and the per-API modules (``xero_sdk.accounting``...),
   written by ``make generate`` into ``generated/xero_sdk/``.
3. the SDK: clients, transport, auth, helpers, CLI, testing (everything else in ``xero_sdk``).

Nothing here is public API: the public names are re-exported by ``xero_sdk`` and its public
modules. This ``__init__`` imports nothing.
"""
