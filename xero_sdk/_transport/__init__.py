"""The HTTP runtime behind every generated operation.

Layout (each module small, one job):

- ``_config``: base URLs per API (from the registry, ``xero_sdk._apis``), environment
  overrides, URL joining, ``User-Agent``.
- ``_retry``: the retry policy (what is retried, back-off with jitter, ``Retry-After``).
- ``_ratelimit``: the rate-limit headers seen per tenant (``RateLimits`` snapshots).
- ``_limiter``: the optional client-side limiter shared by threads and asyncio tasks.
- ``_tokens``: the token-provider protocol the runtime needs, and a static-token provider.
- ``_body``: reading a response body within ``BodyLimits`` (gzip/deflate inflated under a cap,
  error bodies capped).
- ``_deadline``: the overall deadline of one attempt (a network backend for the pools the SDK
  builds; ``anyio.fail_after`` in the async loop).
- ``_tls``: the TLS context of the clients the SDK builds, loaded on the first handshake.
- ``_httpx_cli``: keeps ``import httpx`` from importing httpx's command-line client (called
  once by ``xero_sdk/__init__``).
- ``_core``: the I/O-free core: builds ``httpx.Request`` objects from an ``ApiRequest`` and
  decides what each response or transport error means (success, refresh, retry, raise).
- ``_sync`` / ``_async``: thin loops over the core implementing ``Sender`` / ``AsyncSender``,
  and ``exchange`` for identity calls (token, revocation, an app's connections; see
  ``xero_sdk.auth._sending``), which take the same path with ``IdentityTerms``.

Redaction, the error-body parser and the header names live below, in ``xero_sdk._runtime``
(``redact``, ``error_body``, ``headers``), where ``xero_sdk.errors`` can read them too. This
``__init__`` imports nothing; import from the submodules.
"""
