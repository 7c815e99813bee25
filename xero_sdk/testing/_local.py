"""``LocalXero``: a stateful Xero in your process (or behind ``python -m xero_sdk.testing serve``).

Every request goes through the same steps, in Xero's order: injected faults; the identity
endpoints (token, ``/connections``, revocation); the bearer token and ``xero-tenant-id`` (401
``TokenExpired`` / 403); rate limits (when asked for); ``Idempotency-Key`` replay; the request
body checked against Xero's document; the Accounting operations that keep state, or the
document's example answer for every other operation; the answer checked against the document;
then webhooks for what changed.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import secrets
import threading
import time
import urllib.parse
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from xero_sdk.errors import ContractViolation

from . import _accounting as accounting
from ._books import Refusal, save_contact, save_invoice, save_payment
from ._contract import API_PREFIXES, contract_for, documents_folder
from ._controls import Deliver, Fault, Idempotency, RateLimits, Webhooks
from ._http import Answer, ApiError, Request, problem
from ._identity import (
    DEFAULT_CLIENT_ID,
    DEFAULT_TENANTS,
    ClientRecord,
    Config,
    IdentityState,
    route_identity,
)
from ._org import Org
from ._seed import COUNTRIES, demo_org, seed_transactions
from ._wire import dumps, to_wire

if TYPE_CHECKING:
    from xero_sdk import AsyncXero, Xero

__all__ = ["Dropped", "LocalXero"]

ACCOUNTING = "/api.xro/2.0"
REFRESH_GRACE = 1800.0
#: how many requests and answers :attr:`LocalXero.received` and :attr:`LocalXero.answers` keep
KEPT = 1000
_SCOPES = (
    "openid profile email offline_access accounting.transactions accounting.contacts accounting.settings "
    "accounting.attachments accounting.reports.read accounting.journals.read"
).split()


class Dropped(Exception):
    """An injected dropped connection: the transport closes it without an answer."""


_TEMPLATES: dict[tuple[str, str, str, str], Org] = {}
_TEMPLATES_LOCK = threading.Lock()


def _fresh_org(tenant_id: str, tenant_type: str, name: str, country: str) -> Org:
    """A copy of the seeded demo company (built once per process, then copied: milliseconds)."""
    key = (tenant_id, tenant_type, name, country)
    with _TEMPLATES_LOCK:
        template = _TEMPLATES.get(key)
        if template is None:
            template = demo_org(tenant_id, name, tenant_type, country)
            seed_transactions(template, dt.date.today())
            template.history.clear()
            _TEMPLATES[key] = template
    return template.copy()


class LocalXero:
    """A local Xero keeping state for its organisations.

    ``tenants``: ``(tenantId, tenantType, tenantName)`` of each organisation (default: the
    identity server's two demo companies and practice); ``country`` their tax rules, unless
    the name ends with one (``Demo Company (UK)``);
    ``rate_limits`` Xero's limits (off when None); ``strict`` raises
    :class:`ContractViolation` when a request or answer breaks Xero's document (recorded in
    :attr:`violations` either way); ``base_url`` where resource URLs in webhooks point.
    """

    def __init__(
        self,
        *,
        tenants: Sequence[tuple[str, str, str]] = DEFAULT_TENANTS,
        country: str = "NZ",
        rate_limits: RateLimits | None = None,
        strict: bool = False,
        validate: bool = True,
        base_url: str = "https://api.xero.com",
        clients: Sequence[ClientRecord] | None = None,
    ) -> None:
        self.tenants = tuple(tenants)
        self.country = country
        # Xero's refresh tokens: single-use and rotating, with a 30-minute grace for a lost answer
        config = Config(refresh_grace=REFRESH_GRACE)
        self.identity = IdentityState(
            config=config, tenants=self.tenants, clients=clients, log=lambda line: None
        )
        self.rate_limits = rate_limits
        self.strict = strict
        self.base_url = base_url
        self.contract = contract_for(str(documents_folder()) if validate and documents_folder() else None)
        self.violations: list[str] = []
        self.requests: list[tuple[str, str, int]] = []
        self.received: deque[Request] = deque(maxlen=KEPT)
        """The last :data:`KEPT` requests, whole, as they arrived (before faults and checks)."""
        self.answers: deque[tuple[int, dict[str, str]]] = deque(maxlen=KEPT)
        """Status and headers of the last :data:`KEPT` answers, in the order of :attr:`requests`."""
        self.faults: list[Fault] = []
        self.webhooks: Webhooks | None = None
        self.on_change: Callable[[LocalXero], None] | None = None
        self._idempotency = Idempotency()
        self._lock = threading.RLock()
        self.state: dict[str, Org] = {}
        self.reset()

    # -- state ---------------------------------------------------------------------------------
    def reset(self) -> None:
        """Every organisation back to the freshly seeded demo company."""
        with self._lock:
            self.state = {
                tenant_id: _fresh_org(tenant_id, kind, name, _country(name, self.country))
                for tenant_id, kind, name in self.tenants
                if kind == "ORGANISATION"
            }
            self._idempotency = Idempotency()

    @property
    def tenant_id(self) -> str:
        """The first organisation's tenant id."""
        return next(iter(self.state))

    def org(self, tenant_id: str | None = None) -> Org:
        """The organisation ``tenant_id`` (default: the first one)."""
        return self.state[tenant_id or self.tenant_id]

    def seed(
        self,
        *,
        contacts: Iterable[Mapping[str, Any]] = (),
        invoices: Iterable[Mapping[str, Any]] = (),
        payments: Iterable[Mapping[str, Any]] = (),
        tenant_id: str | None = None,
    ) -> dict[str, list[dict[str, Any]]]:
        """Add records with Xero's rules (bodies as the API takes them); returns what was stored.
        A record Xero would refuse raises ``ValueError`` with Xero's messages."""
        org = self.org(tenant_id)
        out: dict[str, list[dict[str, Any]]] = {"Contacts": [], "Invoices": [], "Payments": []}
        with self._lock:
            try:
                for body in contacts:
                    out["Contacts"].append(save_contact(org, _json_values(body), None))
                for body in invoices:
                    out["Invoices"].append(save_invoice(org, _json_values(body), None))
                for body in payments:
                    out["Payments"].append(save_payment(org, _json_values(body), None))
            except Refusal as refusal:
                raise ValueError("; ".join(refusal.messages)) from None
        return out

    def snapshot(self) -> dict[str, Org]:
        """A deep copy of every organisation, to :meth:`restore` later."""
        with self._lock:
            return {k: v.copy() for k, v in self.state.items()}

    def restore(self, snapshot: Mapping[str, Org]) -> None:
        """Put back the organisations of a :meth:`snapshot` (copied, so it can be restored again)."""
        with self._lock:
            self.state = {k: v.copy() for k, v in snapshot.items()}

    # -- controls ------------------------------------------------------------------------------
    def fail(
        self,
        status: int | None = None,
        *,
        times: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        delay: float = 0.0,
        drop: bool = False,
        expire_token: bool = False,
        retry_after: int = 1,
        problem: str = "minute",
        query: Mapping[str, str] | None = None,
    ) -> Fault:
        """Inject a fault for the next ``times`` matching requests (None: until removed with
        ``local.faults.remove(fault)``); see :class:`~xero_sdk.testing.Fault`."""
        fault = Fault(
            status, times, method, path, delay, drop, expire_token, retry_after, problem, query=query
        )
        with self._lock:
            self.faults.append(fault)
        return fault

    def expire_tokens(self) -> int:
        """Expire every access token issued so far: the next call meets 401 TokenExpired."""
        return int(self.identity.expire({"kind": "access"}).body["expired"])

    def subscribe_webhooks(
        self,
        *,
        url: str | None = None,
        callback: Deliver | None = None,
        key: str | None = None,
    ) -> Webhooks:
        """Send signed webhooks for changes to contacts, invoices and credit notes: to ``url``
        (an HTTP POST) or ``callback(body, headers) -> status``. The intent-to-receive check
        runs now; :attr:`Webhooks.active` says whether the receiver passed it."""
        if (url is None) == (callback is None):
            raise ValueError("pass url= or callback=")
        deliver = callback if callback is not None else _poster(url or "")
        self.webhooks = Webhooks(key or secrets.token_urlsafe(48), deliver)
        return self.webhooks

    def access_token(self, *, client_id: str = DEFAULT_CLIENT_ID) -> dict[str, Any]:
        """A token set (access and refresh token) for a grant connected to every organisation."""
        return self.identity.grant_for_testing(client_id, _SCOPES)

    # -- clients -------------------------------------------------------------------------------
    def transport(self) -> Any:
        """An ``httpx`` transport answering from this local Xero (a :class:`LocalTransport`)."""
        from ._transport import LocalTransport

        return LocalTransport(self)

    def async_transport(self) -> Any:
        """The asyncio ``httpx`` transport answering from this local Xero (an :class:`AsyncLocalTransport`)."""
        from ._transport import AsyncLocalTransport

        return AsyncLocalTransport(self)

    def client(self, **options: Any) -> Xero:
        """A :class:`~xero_sdk.Xero` connected to this local Xero (no sockets), for the first
        organisation unless ``tenant_id=`` says otherwise; it refreshes its token like a real
        client (``token_manager=``). Other options go to ``Xero``."""
        import httpx

        from xero_sdk import Xero

        from ._transport import LocalTokens

        options.setdefault("tenant_id", self.tenant_id)
        options.setdefault("sleep", lambda seconds: None)
        if "access_token" not in options:
            options.setdefault("token_manager", LocalTokens(self))
        http = httpx.Client(transport=self.transport(), base_url="https://api.xero.com")
        return Xero(http_client=http, **options)

    def async_client(self, **options: Any) -> AsyncXero:
        """:meth:`client` for asyncio code: an :class:`~xero_sdk.AsyncXero` connected to this local Xero (no
        sockets) that never sleeps unless ``sleep=`` is given."""
        import httpx

        from xero_sdk import AsyncXero

        from ._transport import LocalTokens

        options.setdefault("tenant_id", self.tenant_id)
        if "access_token" not in options:
            options.setdefault("token_manager", LocalTokens(self))
        if "sleep" not in options:

            async def no_wait(seconds: float) -> None:
                return None

            options["sleep"] = no_wait
        http = httpx.AsyncClient(transport=self.async_transport(), base_url="https://api.xero.com")
        return AsyncXero(http_client=http, **options)

    # -- the pipeline --------------------------------------------------------------------------
    def before(self, request: Request) -> float:
        """Record the request in :attr:`received` as it arrives; faults that act before it is
        handled: the delay to sleep (raises :class:`Dropped` for a dropped connection)."""
        with self._lock:
            self.received.append(request)
            for fault in self.faults:
                if fault.matches(request) and (fault.delay or fault.drop or fault.expire_token):
                    if fault.status is None:
                        fault.hits += 1
                    if fault.expire_token:
                        self.expire_tokens()
                    if fault.drop:
                        raise Dropped(request.path)
                    return fault.delay
        return 0.0

    def handle(self, request: Request, delay: float = 0.0) -> Answer:
        """Answer one request (thread-safe); ``delay`` seconds are spent as a call in flight."""
        early, tenant = self.admit(request)
        try:
            if early is None and delay:
                time.sleep(delay)
            answer = early if early is not None else self.respond(request, tenant)
        finally:
            self.release(tenant)
        return self.finish(request, answer, tenant)

    def admit(self, request: Request) -> tuple[Answer | None, str]:
        """Faults, identity endpoints, token, tenant and rate limits: an early answer, or None and
        the tenant the call counts against (in flight until :meth:`release`)."""
        with self._lock:
            for fault in self.faults:
                if fault.status is not None and fault.matches(request):
                    fault.hits += 1
                    injected = fault.answer()
                    assert injected is not None
                    return injected, ""
            identity = route_identity(
                self.identity, request.method, request.target, request, request.body, resources=False
            )
            if identity is not None:
                return Answer(identity.status, identity.body, dict(identity.headers)), ""
            if not any(request.path.lower().startswith(p.lower()) for p, _ in API_PREFIXES):
                return problem(404, "NotFound", f"No Xero API at {request.path}"), ""
            tenant_header = request.header("xero-tenant-id")
            tenant, refused = self.identity.check_bearer(request.header("Authorization"), tenant_header)
            if refused is not None:
                return Answer(refused.status, refused.body, dict(refused.headers)), ""
            assert tenant is not None
            if self.rate_limits is not None:
                limited = self.rate_limits.enter(tenant)
                if limited is not None:
                    return limited, ""
            return None, tenant

    def respond(self, request: Request, tenant: str) -> Answer:
        """Answer an admitted request from the organisation's state (thread-safe)."""
        with self._lock:
            return self._resource(request, tenant)

    def release(self, tenant: str) -> None:
        """The call counted against ``tenant`` by :meth:`admit` is no longer in flight."""
        if tenant and self.rate_limits is not None:
            self.rate_limits.leave(tenant)

    def finish(self, request: Request, answer: Answer, tenant: str) -> Answer:
        """Add the rate-limit headers and Xero's ``Xero-Correlation-Id`` (one per answer, what a
        user quotes to Xero's support) to ``answer``; record the request in :attr:`requests` and
        the answer's status and headers in :attr:`answers`."""
        if tenant and self.rate_limits is not None:
            answer.headers.update(self.rate_limits.headers(tenant))
        answer.headers.setdefault("Xero-Correlation-Id", str(uuid.uuid4()))
        with self._lock:
            self.requests.append((request.method, request.path, answer.status))
            self.answers.append((answer.status, dict(answer.headers)))
        return answer

    def _resource(self, request: Request, tenant: str) -> Answer:
        key = request.header("Idempotency-Key") if request.method in ("PUT", "POST", "PATCH") else None
        if key:
            replay = self._idempotency.replay(tenant, key, request)
            if replay is not None:
                return replay
        op = (
            self.contract.operation(request.method, request.path, request.header("Accept") or "")
            if self.contract
            else None
        )
        if op is not None and self.contract is not None and "json" in (request.header("Content-Type") or ""):
            try:
                parsed = json.loads(request.body) if request.body else None
            except ValueError:
                parsed = None
            self._violations(self.contract.check_request(op, parsed))
        answer: Answer | None = None
        stateful = False
        org = self.state.get(tenant)
        if request.path.lower().startswith(ACCOUNTING.lower()) and org is not None:
            ctx = accounting.Context(org, request)
            try:
                answer = accounting.handle(ctx, request.path[len(ACCOUNTING) :] or "/")
            except ApiError as error:
                answer = error.answer
            if answer is not None:
                stateful = True
                if ctx.events and self.webhooks is not None:
                    self.webhooks.send(self.base_url, tenant, ctx.events)
                if request.method != "GET" and answer.status < 300 and self.on_change is not None:
                    self.on_change(self)
        if answer is None:
            answer = self._example(request, op)
        if isinstance(answer.body, (dict, list)):
            answer = Answer(answer.status, to_wire(answer.body), answer.headers)
            if stateful and op is not None and self.contract is not None:
                self._violations(
                    self.contract.check_response(op, answer.status, json.loads(dumps(answer.body)))
                )
        if key and answer.status < 500:
            self._idempotency.remember(tenant, key, request, answer)
        return answer

    def _example(self, request: Request, op: Any) -> Answer:
        if self.contract is None:
            return problem(
                501,
                "NotImplemented",
                "The local Xero keeps no state for this operation and has no Xero documents to answer from (set XERO_SDK_DOCUMENTS)",
            )
        if op is None:
            return problem(404, "NotFound", f"No documented operation {request.method} {request.path}")
        status, body, media = self.contract.example(op)
        if body is None:
            return Answer(status)
        if isinstance(body, (bytes, str)) and "json" not in media:
            return Answer(status, body.encode() if isinstance(body, str) else body, {"Content-Type": media})
        return Answer(status, copy.deepcopy(body))

    def _violations(self, found: list[str]) -> None:
        if not found:
            return
        self.violations.extend(found)
        if self.strict:
            raise ContractViolation("\n".join(found))


def _country(name: str, default: str) -> str:
    """The country in a demo company's name (``Demo Company (UK)``), else ``default``."""
    match = re.search(r"\(([A-Z]{2})\)\s*$", name)
    return match.group(1) if match and match.group(1) in COUNTRIES else default


def _json_values(body: Mapping[str, Any]) -> dict[str, Any]:
    """A seed body as the API would receive it (Decimals kept, dates as ISO text)."""

    def convert(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return value

    out: dict[str, Any] = convert(body)
    return out


def _poster(url: str) -> Deliver:
    def post(body: bytes, headers: Mapping[str, str]) -> int:
        import httpx

        try:
            return httpx.post(url, content=body, headers=dict(headers), timeout=5.0).status_code
        except httpx.HTTPError:
            return 0

    return post


def request_from(method: str, url: str, headers: Iterable[tuple[str, str]], body: bytes) -> Request:
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    return Request(
        method.upper(),
        urllib.parse.unquote(parts.path) or "/",
        query,
        {k.lower(): v for k, v in headers},
        body,
    )
