"""Generated answers: every list and get operation parses what Prism makes up from its schema.

Prism answers a request carrying ``Prefer: dynamic=true, seed=N`` with a body generated from
the response schema (every optional field filled, formats honoured), the same one for the
same seed. Every GET operation answering JSON is called once per seed in ``FUZZ_SEEDS``
(``XERO_CONTRACT_FUZZ_SEEDS=1,2,3,...`` to try more) with its required arguments, and must
return its model; a failure names the seed, so that it can be replayed.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.contract.calls import Operation, arguments, contract_operations, expected_result, is_json_read
from tests.contract.conftest import Exchanges, Validated
from tests.mockserver.prism import PrismFleet, prefer_dynamic, request_violations
from xero_sdk import RequestOptions, Xero

pytestmark = pytest.mark.contract

FUZZ_SEEDS = tuple(
    s.strip() for s in os.environ.get("XERO_CONTRACT_FUZZ_SEEDS", "1,2,3").split(",") if s.strip()
)
READS = [op for op in contract_operations() if is_json_read(op)]


def call(op: Operation, xero: Xero, seed: str) -> Any:
    method = getattr(getattr(xero, op.api), op.name)
    args, kwargs, _mends = arguments(op, method, full=False)
    return method(*args, **kwargs, options=RequestOptions(extra_headers=prefer_dynamic(seed)))


@pytest.mark.parametrize("op", READS, ids=lambda o: o.id)
def test_generated_answers_parse(
    op: Operation, prism: PrismFleet, xero: Xero, exchanges: Exchanges, validated: Validated
) -> None:
    server = prism.server(op.api)
    expected = expected_result(op)
    for seed in FUZZ_SEEDS:
        exchanges.clear()
        mark = server.log.offset()
        try:
            result = call(op, xero, seed)
        except Exception as exc:
            pytest.fail(
                f"{op.id} (seed {seed}): {type(exc).__name__}: {exc}\n--- exchange ---\n{exchanges.describe()}",
                pytrace=False,
            )
        complaints = [v for block in server.log.requests_since(mark) for v in request_violations(block)]
        assert not complaints, f"{op.id} (seed {seed}): Prism rejected the request: {complaints}"
        assert exchanges.responses and exchanges.responses[0].is_success, exchanges.describe()
        wrong = expected.check(result)
        assert wrong is None, f"{op.id} (seed {seed}): {wrong}\n{exchanges.describe()}"
    validated.add("fuzz", op.id, op.api)


def test_fuzz_subjects_cover_every_api_with_reads() -> None:
    """The subjects are derived, not listed: every GET answering JSON, in every API that has one."""
    assert READS
    assert all(op.method == "GET" for op in READS)
    apis_with_reads = {
        op.api
        for op in contract_operations()
        if op.method == "GET" and expected_result(op).kind in ("model", "list")
    }
    assert {op.api for op in READS} == apis_with_reads
    assert len(FUZZ_SEEDS) >= 3 or "XERO_CONTRACT_FUZZ_SEEDS" in os.environ


@pytest.mark.parametrize("op", READS[:1], ids=lambda o: o.id)
def test_dynamic_answers_follow_the_seed(
    op: Operation, prism: PrismFleet, xero: Xero, exchanges: Exchanges
) -> None:
    """Prism honours the ``Prefer`` header: one seed gives one answer, another seed another."""
    prism.server(op.api)
    bodies = []
    for seed in ("11", "11", "12"):
        exchanges.clear()
        call(op, xero, seed)
        bodies.append(exchanges.responses[0].content)
    exchanges.clear()
    method = getattr(getattr(xero, op.api), op.name)
    args, kwargs, _mends = arguments(op, method, full=False)
    method(*args, **kwargs)
    static = exchanges.responses[0].content
    assert bodies[0] == bodies[1], "the same seed gave two different answers"
    assert bodies[0] != bodies[2], "two seeds gave the same answer: is Prism generating at all?"
    assert static not in bodies, "the static answer equals a generated one"
