"""The HTTP runtime behind every generated operation.

Layout (each module small, one job):

- ``_config``: base URLs per API, environment overrides, URL joining, ``User-Agent``, the
  tenant and correlation-id header names.
- ``_redact``: keeps secrets (Authorization, tokens, ``code``...) out of logs and errors.
- ``_error_body``: the one parser that reads every error body shape Xero sends.
- ``_retry``: the retry policy (what is retried, back-off with jitter, ``Retry-After``).
- ``_ratelimit``: the rate-limit headers seen per tenant (``RateLimits`` snapshots).
- ``_limiter``: the optional client-side limiter shared by threads and asyncio tasks.
- ``_tokens``: the token-provider protocol the runtime needs, and a static-token provider.
- ``_body``: reading a response body within ``BodyLimits`` (gzip/deflate inflated under a cap,
  error bodies capped).
- ``_deadline``: the overall deadline of one attempt (a network backend for the pools the SDK
  builds; ``anyio.fail_after`` in the async loop).
- ``_core``: the I/O-free core: builds ``httpx.Request`` objects from an ``ApiRequest`` and
  decides what each response or transport error means (success, refresh, retry, raise).
- ``_sync`` / ``_async``: thin loops over the core implementing ``Sender`` / ``AsyncSender``,
  and ``exchange`` for identity calls (token, revocation, an app's connections; see
  ``xero_sdk.auth._sending``), which take the same path with ``IdentityTerms``.

This ``__init__`` imports nothing so that ``xero_sdk.errors`` can use ``_error_body``
without an import cycle; import from the submodules.
"""
