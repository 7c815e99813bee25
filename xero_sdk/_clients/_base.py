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
from uuid import UUID

import attrs

from xero_sdk._runtime.operation import ApiRequest
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

    from xero_sdk._transport._body import BodyLimits
    from xero_sdk._transport._core import CallSettings, TransportConfig, TransportCore
    from xero_sdk._transport._egress import EgressMeter
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


def route_identity_calls(
    tokens: TokenProvider, app: OAuth2App | None, core: TransportCore, http: Any, max_retries: int, sleep: Any
) -> TokenProvider:
    """The token manager built here from ``app=`` sends its identity calls (refresh, client
    credentials) through this client's transport: its pool, retry policy and budget, event hooks,
    logs and sleep, so a refresh made for an API call shows where the call does. A
    ``token_manager=`` passed in is left as it is (it may serve other clients)."""
    if app is None:
        return tokens
    from xero_sdk.auth import TokenManager

    through_client = getattr(app, "_through_client", None)  # an OAuth2App (not a stand-in)
    if through_client is None or not isinstance(tokens, TokenManager) or tokens.app is not app:
        return tokens
    routed = through_client(core, http, max_retries, sleep)
    return TokenManager(routed, tokens.store, client_credentials=tokens.client_credentials)


#: The ``base_urls`` entry holding the exact URL ``connections()`` and ``disconnect()`` call.
CONNECTIONS = "connections"


def _app_connections_url(app: OAuth2App | None) -> str | None:
    """The app's connections endpoint when it is not Xero's (``connections_url=``,
    ``identity_url=``, ``XERO_CONNECTIONS_URL``...)."""
    url = getattr(app, "connections_url", None) if app is not None else None
    if not isinstance(url, str) or url == DEFAULT_BASE_URLS["identity"] + "/Connections":
        return None
    return url


def _identity_base_from_app(app: OAuth2App | None) -> str | None:
    """The app's identity-server override applies to the Identity API too, so its operations ask
    the same server the app would (when the connections URL ends in ``/connections``)."""
    url = _app_connections_url(app)
    if url is not None and url.lower().endswith("/connections"):
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
    body_limits: BodyLimits | None = None,
    on_egress: Hook | Sequence[Hook] | None = None,
) -> TransportConfig:
    from xero_sdk._transport._body import BodyLimits
    from xero_sdk._transport._core import TransportConfig

    environ = dict(os.environ)
    overrides = dict(base_urls or {})
    identity_given = "identity" in overrides or bool(environ.get(env_var_for("identity"))) or bool(api_url)
    identity = _identity_base_from_app(app)
    if identity and not identity_given:
        overrides["identity"] = identity
    urls = resolve_base_urls(overrides, api_url=api_url, environ=environ)
    # connections() calls the app's connections URL exactly as given (a server may answer only
    # the lowercase /connections Xero's docs spell), unless the identity API's base is set.
    app_connections = None if identity_given else _app_connections_url(app)
    urls[CONNECTIONS] = app_connections or urls["identity"] + "/Connections"
    if rate_limit is True:
        limiter: RateLimiter | None = RateLimiter()
    elif isinstance(rate_limit, RateLimiter):
        limiter = rate_limit
    elif rate_limit is False or rate_limit is None:
        limiter = None
    else:
        raise TypeError(f"rate_limit must be a bool or a RateLimiter, not {type(rate_limit).__name__}")
    return TransportConfig(
        base_urls=urls,
        user_agent=user_agent(),
        retry=retry_policy or RetryPolicy(),
        unitdp=unitdp,
        client_credentials=client_credentials,
        limiter=limiter,
        on_request=_hooks(on_request),
        on_response=_hooks(on_response),
        limits=body_limits or BodyLimits(),
        on_egress=_hooks(on_egress),
    )


def resolve_deadline(
    deadline: float | NotGiven | None, timeout: Timeout | NotGiven, resolved: httpx.Timeout
) -> float | None:
    """The per-attempt deadline: ``deadline=`` when given; else a number given as ``timeout=``
    bounds the whole attempt too (``timeout=None``: no bound); else, from the timeouts in force
    (``resolved``): none when reads may wait for ever, otherwise 120 s or connect + read if
    longer (a deadline never cuts shorter than the timeouts asked for)."""
    from xero_sdk._transport._core import DEFAULT_DEADLINE

    if not isinstance(deadline, NotGiven):
        if deadline is not None and not deadline > 0:
            raise ValueError(f"deadline must be > 0 seconds or None, not {deadline!r}")
        return deadline
    if timeout is None or isinstance(timeout, (int, float)):
        return None if timeout is None else float(timeout)
    if resolved.read is None:
        return None
    return max(DEFAULT_DEADLINE, (resolved.connect or 0.0) + resolved.read)


def initial_settings(
    *,
    tenant_id: UUID | str | None,
    max_retries: int,
    timeout: Timeout | NotGiven,
    http_client: Any,
    deadline: float | NotGiven | None = NOT_GIVEN,
) -> CallSettings:
    from xero_sdk._transport._core import DEFAULT_TIMEOUT, CallSettings

    if isinstance(timeout, NotGiven):
        resolved = http_client.timeout if http_client is not None else DEFAULT_TIMEOUT
    else:
        resolved = as_timeout(timeout)
    return CallSettings(
        tenant_id=str(tenant_id) if tenant_id else None,
        max_retries=max_retries,
        timeout=resolved,
        deadline=resolve_deadline(deadline, timeout, resolved),
    )


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
    """The generated Identity API's getConnections request (an empty id sends no filter), sent
    to the connections URL itself."""
    from xero_sdk._generated.identity.api import get_connections

    return attrs.evolve(get_connections.build(auth_event_id=auth_event_id or None), api=CONNECTIONS, path="")


def disconnect_request(connection_id: str) -> ApiRequest:
    """The generated Identity API's deleteConnection request, below the connections URL."""
    if not connection_id:
        raise ValueError("connection_id is required (Connection.id, not the tenant id)")
    from xero_sdk._generated.identity.api import delete_connection

    request = delete_connection.build(connection_id)
    return attrs.evolve(request, api=CONNECTIONS, path=request.path.rsplit("/", 1)[1])


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
        tenant_id: UUID | str | None,
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
        deadline: float | NotGiven | None = NOT_GIVEN,
        body_limits: BodyLimits | None = None,
        on_egress: Hook | Sequence[Hook] | None = None,
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
            body_limits=body_limits,
            on_egress=on_egress,
        )
        self._settings = initial_settings(
            tenant_id=tenant_id,
            max_retries=max_retries,
            timeout=timeout,
            http_client=http_client,
            deadline=deadline,
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
        self._tokens = route_identity_calls(
            self._tokens, app, self._core, self._http, self._settings.max_retries, sleep
        )
        self._init_sender()

    def _new_http(self, **options: Any) -> HttpT:  # pragma: no cover - overridden
        """A new ``httpx.Client`` / ``httpx.AsyncClient`` (httpx is imported here, not before)."""
        raise NotImplementedError

    # -- read-only state ---------------------------------------------------------------------

    @property
    def tenant_id(self) -> UUID | None:
        """The tenant this client sends in ``xero-tenant-id`` (``None``: none chosen).

        A ``UUID``, like every tenant id the SDK returns (:attr:`Connection.tenant_id`, webhook
        events, models), so ids from any of them compare equal."""
        text = self._settings.tenant_id
        return UUID(text) if text else None

    @property
    def max_retries(self) -> int:
        return self._settings.max_retries

    @property
    def timeout(self) -> httpx.Timeout:
        return self._settings.timeout

    @property
    def deadline(self) -> float | None:
        """Seconds one attempt may take as a whole (connect, headers, body); ``None``: unbounded."""
        return self._settings.deadline

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
    def egress(self) -> EgressMeter:
        """Bytes received from Xero by this client family, per tenant and per API
        (``xero.egress.by_api(tenant_id)``, ``.by_tenant()``, ``.total``)."""
        return self._core.config.egress

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
        clone._owns_http = False  # the pool is the root's: closing a clone leaves it open
        clone._tokens = self._tokens
        clone._sleep = self._sleep
        clone._settings = settings
        clone._init_sender()
        return clone

    def _init_sender(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def for_tenant(self: SelfT, tenant_id: UUID | str) -> SelfT:
        """A client for ``tenant_id`` (a ``UUID`` or its text, e.g. ``Connection.tenant_id`` or a
        webhook event's) sharing this one's connections, tokens, limiter and state."""
        if not tenant_id:
            raise ValueError("tenant_id is required")
        return self._clone(attrs.evolve(self._settings, tenant_id=str(tenant_id)))

    def with_options(
        self: SelfT,
        *,
        max_retries: int | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        deadline: float | NotGiven | None = NOT_GIVEN,
    ) -> SelfT:
        """A clone with another retry budget, timeout (``timeout=None``: no timeout) and/or
        per-attempt deadline (a number given as ``timeout`` is the deadline too)."""
        keep_deadline = isinstance(deadline, NotGiven) and isinstance(timeout, NotGiven)
        resolved = self._settings.timeout if isinstance(timeout, NotGiven) else as_timeout(timeout)
        settings = attrs.evolve(
            self._settings,
            max_retries=self._settings.max_retries if max_retries is None else max_retries,
            timeout=resolved,
            deadline=self._settings.deadline
            if keep_deadline
            else resolve_deadline(deadline, timeout, resolved),
        )
        return self._clone(settings)
