"""What ``Xero`` and ``AsyncXero`` share: constructing a client family, and clone state.

A *family* is one client and every clone made from it with ``for_tenant`` / ``with_options``:
one connection pool, one token provider, one limiter, one rate-limit tracker, one transport
core. A clone differs only in its :class:`CallSettings` (tenant, retry budget, timeout) and
its own lazily built API objects. Nothing is global: two apps and many tenants live side by
side in one process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from xero_sdk._operation import ApiRequest
from xero_sdk._transport._config import DEFAULT_BASE_URLS, env_var_for, resolve_base_urls, user_agent
from xero_sdk._transport._limiter import RateLimiter
from xero_sdk._transport._ratelimit import RateLimits
from xero_sdk._transport._retry import RetryPolicy
from xero_sdk._transport._tokens import StaticToken, TokenProvider

# httpx and the transport core (which needs it) load when the first client is built, not when
# ``from xero_sdk import Xero`` runs: httpx alone costs more to import than the rest of the SDK.
if TYPE_CHECKING:
    from typing import TypeAlias

    import httpx

    from xero_sdk._transport._core import CallSettings, TransportConfig, TransportCore
    from xero_sdk.auth import Connection, OAuth2App, TokenStore

    Timeout: TypeAlias = float | httpx.Timeout | None

HttpT = TypeVar("HttpT", "httpx.Client", "httpx.AsyncClient")
SelfT = TypeVar("SelfT", bound="ClientBase[Any]")
Hook = Callable[[Any], Any]


class NotGiven:
    """Marks an argument left out (``timeout=None`` means "no timeout" to httpx)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN = NotGiven()


def as_timeout(value: Timeout) -> httpx.Timeout:
    import httpx

    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(value)


def _hooks(value: Hook | Sequence[Hook] | None) -> tuple[Hook, ...]:
    if value is None:
        return ()
    if callable(value):
        return (value,)
    return tuple(value)


def make_token_provider(
    app: OAuth2App | None,
    token_store: TokenStore | None,
    *,
    client_credentials: bool,
    access_token: str | None,
    token_manager: TokenProvider | None,
) -> TokenProvider:
    """The token provider from whichever of ``token_manager``, ``access_token``, ``app`` is given."""
    given = [name for name, v in (("token_manager", token_manager), ("access_token", access_token)) if v]
    if len(given) > 1:
        raise ValueError("pass only one of token_manager= and access_token=")
    if given and (app is not None or token_store is not None):
        raise ValueError(f"{given[0]}= replaces app/token_store; pass one or the other")
    if token_manager is not None:
        return token_manager
    if access_token:
        return StaticToken(access_token)
    if app is None:
        raise ValueError(
            "Xero needs credentials: app= (with token_store=, or client_credentials=True), "
            "access_token= for a quick script, or token_manager="
        )
    from xero_sdk.auth import TokenManager

    return TokenManager(app, token_store, client_credentials=client_credentials)


def _identity_base_from_app(app: OAuth2App | None) -> str | None:
    """The app's identity-server override (``identity_url=``, ``XERO_CONNECTIONS_URL``) applies to
    the Identity API too, so ``connections()`` asks the same server the app would."""
    if app is None:
        return None
    url = getattr(app, "connections_url", None)
    if not isinstance(url, str) or url == DEFAULT_BASE_URLS["identity"] + "/Connections":
        return None
    if url.lower().endswith("/connections"):
        return url[: -len("/Connections")]
    return None


def make_config(
    *,
    app: OAuth2App | None,
    base_urls: Mapping[str, str] | None,
    api_url: str | None,
    client_credentials: bool,
    unitdp: int | None,
    rate_limit: bool | RateLimiter,
    retry_policy: RetryPolicy | None,
    on_request: Hook | Sequence[Hook] | None,
    on_response: Hook | Sequence[Hook] | None,
) -> TransportConfig:
    from xero_sdk._transport._core import TransportConfig

    environ = dict(os.environ)
    overrides = dict(base_urls or {})
    identity = _identity_base_from_app(app)
    if identity and "identity" not in overrides and not environ.get(env_var_for("identity")) and not api_url:
        overrides["identity"] = identity
    if rate_limit is True:
        limiter: RateLimiter | None = RateLimiter()
    elif isinstance(rate_limit, RateLimiter):
        limiter = rate_limit
    elif rate_limit is False or rate_limit is None:
        limiter = None
    else:
        raise TypeError(f"rate_limit must be a bool or a RateLimiter, not {type(rate_limit).__name__}")
    return TransportConfig(
        base_urls=resolve_base_urls(overrides, api_url=api_url, environ=environ),
        user_agent=user_agent(),
        retry=retry_policy or RetryPolicy(),
        unitdp=unitdp,
        client_credentials=client_credentials,
        limiter=limiter,
        on_request=_hooks(on_request),
        on_response=_hooks(on_response),
    )


def initial_settings(
    *, tenant_id: str | None, max_retries: int, timeout: Timeout | NotGiven, http_client: Any
) -> CallSettings:
    from xero_sdk._transport._core import DEFAULT_TIMEOUT, CallSettings

    if isinstance(timeout, NotGiven):
        resolved = http_client.timeout if http_client is not None else DEFAULT_TIMEOUT
    else:
        resolved = as_timeout(timeout)
    return CallSettings(tenant_id=tenant_id or None, max_retries=max_retries, timeout=resolved)


POOL_SIZE = 100
"""Connections the client Xero creates may hold, busy or idle (idle ones close after 5 s).

httpx keeps at most 20 idle by default, so a process serving many tenants at once (a task or
thread per tenant) closed and reopened the rest after every answer: about twice the CPU and
time per request with 50 tenants in flight (``make bench``, tenants)."""


def pool_limits() -> httpx.Limits:
    import httpx

    return httpx.Limits(max_connections=POOL_SIZE, max_keepalive_connections=POOL_SIZE)


def check_hooks_against_client(http_client: Any, event_hooks: Any) -> None:
    if http_client is not None and event_hooks:
        raise ValueError(
            "event_hooks= only applies to the client Xero creates; add them to your own http_client"
        )


def connections_request(auth_event_id: str | None) -> ApiRequest:
    """The generated Identity API's getConnections request (an empty id sends no filter)."""
    from xero_generated.identity.api.identity import get_connections

    return get_connections.build(auth_event_id=auth_event_id or None)


def disconnect_request(connection_id: str) -> ApiRequest:
    """The generated Identity API's deleteConnection request."""
    if not connection_id:
        raise ValueError("connection_id is required (Connection.id, not the tenant id)")
    from xero_generated.identity.api.identity import delete_connection

    return delete_connection.build(connection_id)


def parse_connections(body: Any) -> list[Connection]:
    from xero_sdk.auth import Connection
    from xero_sdk.errors import XeroError

    if not isinstance(body, list):
        raise XeroError("getConnections: the response is not a JSON array")
    return [Connection.from_dict(item) for item in body]


def parse_nothing(body: Any) -> None:
    return None


class ClientBase(Generic[HttpT]):
    """State and clone logic common to both clients."""

    _core: TransportCore
    _http: HttpT
    _owns_http: bool
    _tokens: TokenProvider
    _settings: CallSettings
    _sleep: Any

    def __init__(
        self,
        app: OAuth2App | None,
        token_store: TokenStore | None,
        *,
        client_credentials: bool,
        tenant_id: str | None,
        access_token: str | None,
        token_manager: TokenProvider | None,
        base_urls: Mapping[str, str] | None,
        api_url: str | None,
        max_retries: int,
        timeout: Timeout | NotGiven,
        unitdp: int | None,
        rate_limit: bool | RateLimiter,
        retry_policy: RetryPolicy | None,
        http_client: HttpT | None,
        event_hooks: Mapping[str, list[Callable[..., Any]]] | None,
        on_request: Hook | Sequence[Hook] | None,
        on_response: Hook | Sequence[Hook] | None,
        sleep: Any,
    ) -> None:
        """Build a new client family: check the arguments, then make its token provider,
        transport core, settings and (unless ``http_client`` is given) its ``httpx`` client.
        ``Xero`` / ``AsyncXero`` state the public signature and pass their default ``sleep``."""
        check_hooks_against_client(http_client, event_hooks)
        self._tokens = make_token_provider(
            app,
            token_store,
            client_credentials=client_credentials,
            access_token=access_token,
            token_manager=token_manager,
        )
        config = make_config(
            # a TokenManager carries its app: its identity-server override applies to connections()
            app=app if app is not None else getattr(token_manager, "app", None),
            base_urls=base_urls,
            api_url=api_url,
            client_credentials=client_credentials,
            unitdp=unitdp,
            rate_limit=rate_limit,
            retry_policy=retry_policy,
            on_request=on_request,
            on_response=on_response,
        )
        self._settings = initial_settings(
            tenant_id=tenant_id, max_retries=max_retries, timeout=timeout, http_client=http_client
        )
        from xero_sdk._transport._core import TransportCore

        self._core = TransportCore(config)
        self._owns_http = http_client is None
        self._http = http_client or self._new_http(
            timeout=self._settings.timeout,
            event_hooks=dict(event_hooks) if event_hooks else None,
            follow_redirects=False,
            limits=pool_limits(),
        )
        self._sleep = sleep
        self._init_sender()

    def _new_http(self, **options: Any) -> HttpT:  # pragma: no cover - overridden
        """A new ``httpx.Client`` / ``httpx.AsyncClient`` (httpx is imported here, not before)."""
        raise NotImplementedError

    # -- read-only state ---------------------------------------------------------------------

    @property
    def tenant_id(self) -> str | None:
        """The tenant this client sends in ``xero-tenant-id`` (``None``: none chosen)."""
        return self._settings.tenant_id

    @property
    def max_retries(self) -> int:
        return self._settings.max_retries

    @property
    def timeout(self) -> httpx.Timeout:
        return self._settings.timeout

    @property
    def base_urls(self) -> Mapping[str, str]:
        return dict(self._core.config.base_urls)

    @property
    def client_credentials(self) -> bool:
        return self._core.config.client_credentials

    @property
    def rate_limiter(self) -> RateLimiter | None:
        """The client-side limiter shared by this client family, if enabled."""
        return self._core.config.limiter

    @property
    def rate_limits(self) -> RateLimits | None:
        """What Xero last said about this tenant's limits (``None`` before the first response)."""
        return self._core.config.tracker.get(self._settings.tenant_id)

    @property
    def app_rate_limits(self) -> RateLimits | None:
        """The app-wide minute budget (``X-AppMinLimit-Remaining``) from the latest response."""
        return self._core.config.tracker.app()

    @property
    def http_client(self) -> HttpT:
        """The shared ``httpx`` client (one connection pool for the whole family)."""
        return self._http

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(tenant_id={self._settings.tenant_id!r}, "
            f"client_credentials={self._core.config.client_credentials}, "
            f"max_retries={self._settings.max_retries})"
        )

    # -- clones ------------------------------------------------------------------------------

    def _clone(self: SelfT, settings: CallSettings) -> SelfT:
        clone = type(self).__new__(type(self))
        clone._core = self._core
        clone._http = self._http
        clone._owns_http = self._owns_http
        clone._tokens = self._tokens
        clone._sleep = self._sleep
        clone._settings = settings
        clone._init_sender()
        return clone

    def _init_sender(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def for_tenant(self: SelfT, tenant_id: str) -> SelfT:
        """A client for ``tenant_id`` sharing this one's connections, tokens, limiter and state."""
        if not tenant_id:
            raise ValueError("tenant_id is required")
        return self._clone(attrs.evolve(self._settings, tenant_id=str(tenant_id)))

    def with_options(
        self: SelfT, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> SelfT:
        """A clone with another retry budget and/or timeout (``timeout=None``: no timeout)."""
        settings = attrs.evolve(
            self._settings,
            max_retries=self._settings.max_retries if max_retries is None else max_retries,
            timeout=self._settings.timeout if isinstance(timeout, NotGiven) else as_timeout(timeout),
        )
        return self._clone(settings)
