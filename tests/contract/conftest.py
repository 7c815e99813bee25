"""Fixtures of the contract suite: one Prism per document for the whole session, and SDK
clients pointed at them; a failing test shows what Prism logged while it ran.

* ``prism`` (session): a :class:`~tests.mockserver.prism.PrismFleet` over the mock variant of
  the normalised documents, every server started at once (static answers; a request asks for
  a generated one with ``Prefer: dynamic=true, seed=N``). ``prism.server(api)`` waits until
  that API's server answers, so the small APIs are tested while Accounting still loads.
  Stopped at the end of the session, on failures and Ctrl-C too.
* ``exchanges`` (session): every HTTP request and response the SDK clients sent and received,
  recorded by their ``on_request`` / ``on_response`` hooks (reset before each test).
* ``xero`` (session): ``Xero(access_token="test", tenant_id=..., base_urls=<the servers>)``.
* ``validated`` (session): the operations each test proved, for the final count.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.mockserver.documents import REST_APIS
from tests.mockserver.prism import PrismFleet
from xero_sdk import Xero

TENANT_ID = "3f4e5d6c-7b8a-4c9d-8e0f-1a2b3c4d5e6f"
LOG_LINES_ON_FAILURE = 80

_fleet: PrismFleet | None = None
_offsets = pytest.StashKey[dict[str, int]]()
_needed = pytest.StashKey[tuple[str, ...]]()


class Exchanges:
    """The requests the SDK sent and the responses it got, in order."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.responses: list[httpx.Response] = []

    def clear(self) -> None:
        self.requests.clear()
        self.responses.clear()

    def on_request(self, request: httpx.Request) -> None:
        self.requests.append(request)

    def on_response(self, response: httpx.Response) -> None:
        self.responses.append(response)

    async def on_request_async(self, request: httpx.Request) -> None:
        self.requests.append(request)

    async def on_response_async(self, response: httpx.Response) -> None:
        self.responses.append(response)

    def describe(self) -> str:
        lines = []
        for i, request in enumerate(self.requests):
            headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
            lines.append(f"> {request.method} {request.url}")
            lines.append(f"  headers: {headers}")
            try:
                body = request.content
            except httpx.RequestNotRead:
                body = b"<streamed>"
            if body:
                lines.append(f"  body: {body[:1500]!r}{' ...' if len(body) > 1500 else ''}")
            if i < len(self.responses):
                response = self.responses[i]
                lines.append(f"< {response.status_code} {response.headers.get('content-type', '')}")
                if "sl-violations" in response.headers:
                    lines.append(f"  sl-violations: {response.headers['sl-violations']}")
                lines.append(f"  body: {response.content[:1500]!r}")
        return "\n".join(lines)


class Validated:
    """Operation ids proved per surface (``sync`` / ``async`` / ``fuzz``)."""

    def __init__(self) -> None:
        self.ops: dict[str, dict[str, str]] = {"sync": {}, "async": {}, "fuzz": {}}
        self.mends: dict[str, list[str]] = {}
        self.response_violations: dict[str, list[str]] = {}
        self.startup: dict[str, float] = {}
        self.report_path: Path | None = None

    def write_report(self, path: Path) -> None:
        """What the documents got wrong, for whoever maintains the normaliser."""
        report = {
            "validated": {surface: sorted(ops) for surface, ops in self.ops.items()},
            "mended_examples": self.mends,
            "answers_off_their_schema": self.response_violations,
            "prism_ready_after_s": self.startup,
        }
        path.write_text(json.dumps(report, indent=1, sort_keys=True), encoding="utf-8")
        self.report_path = path

    def add(self, surface: str, op_id: str, api: str) -> None:
        self.ops[surface][op_id] = api

    def counts(self, surface: str) -> dict[str, int]:
        found = Counter(self.ops[surface].values())
        return {api: found[api] for api in REST_APIS if found[api]}

    def summary(self, surface: str) -> str:
        parts = ", ".join(f"{api} {n}" for api, n in self.counts(surface).items())
        return f"{len(self.ops[surface])} operations validated ({parts})"


_validated = Validated()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Only the servers the selected tests need are started (``-k files`` starts one)."""
    apis = {api for item in session.items if (api := _test_api(item)) in REST_APIS}
    session.config.stash[_needed] = tuple(a for a in REST_APIS if a in apis) or REST_APIS


@pytest.fixture(scope="session")
def prism(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismFleet]:
    global _fleet
    apis = request.config.stash.get(_needed, REST_APIS)
    fleet = PrismFleet(apis, log_dir=tmp_path_factory.mktemp("prism-logs"))
    _fleet = fleet
    try:
        fleet.start()
        yield fleet
    finally:
        _validated.startup = {a: s.ready_after for a, s in fleet.servers.items() if s.ready_after is not None}
        fleet.stop()
        _fleet = None
        if any(_validated.ops.values()):
            _validated.write_report(fleet.log_dir / "contract-report.json")


@pytest.fixture(scope="session")
def exchanges() -> Exchanges:
    return Exchanges()


@pytest.fixture(scope="session")
def xero(prism: PrismFleet, exchanges: Exchanges) -> Iterator[Xero]:
    client = Xero(
        access_token="test",
        tenant_id=TENANT_ID,
        base_urls=prism.urls(),
        max_retries=0,
        timeout=60.0,
        on_request=exchanges.on_request,
        on_response=exchanges.on_response,
    )
    with client:
        yield client


@pytest.fixture(scope="session")
def validated() -> Validated:
    return _validated


def _test_api(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    op = callspec.params.get("op") if callspec is not None else None
    api = getattr(op, "api", None)
    return api if isinstance(api, str) else None


@pytest.fixture(autouse=True)
def _reset_exchanges(exchanges: Exchanges, request: pytest.FixtureRequest) -> None:
    exchanges.clear()
    if _fleet is not None:
        request.node.stash[_offsets] = {api: s.log.offset() for api, s in _fleet.servers.items()}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed and _fleet is not None and call.when in ("setup", "call"):
        offsets = item.stash.get(_offsets, {})
        used = _test_api(item)
        for api, server in _fleet.servers.items():
            start = offsets.get(api)
            grown = start is not None and server.log.offset() > start and used in (None, api)
            if grown:
                lines = server.log.read(start or 0).splitlines()[-LOG_LINES_ON_FAILURE:]
            elif not server.alive and server.process is not None:
                lines = server.log.tail(LOG_LINES_ON_FAILURE).splitlines()
            else:
                continue
            report.sections.append((f"prism {api} log ({server.log.path})", "\n".join(lines)))
    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    v = _validated
    if not any(v.ops.values()):
        return
    tr = terminalreporter
    tr.section("contract")
    if v.ops["sync"]:
        tr.write_line(f"contract: {v.summary('sync')}")
    if v.ops["async"]:
        tr.write_line(f"contract (async sample): {v.summary('async')}")
    if v.ops["fuzz"]:
        tr.write_line(f"contract (generated answers): {v.summary('fuzz')}")
    if v.mends:
        total = sum(len(m) for m in v.mends.values())
        tr.write_line(
            f"examples mended (they contradict their own schema): {total} in {len(v.mends)} operations"
        )
    if v.response_violations:
        tr.write_line(
            f"operations whose documented answer Prism finds off its own schema: {len(v.response_violations)}"
        )
    if v.startup:
        tr.write_line("prism ready after (s): " + ", ".join(f"{a} {t:.1f}" for a, t in v.startup.items()))
    if v.report_path is not None:
        tr.write_line(f"details (mended examples, answers off their schema): {v.report_path}")
