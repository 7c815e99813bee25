"""Every captured real Xero response, served over loopback and fetched through the real client.

Each row of ``../shared/realworld/fixtures/index.json`` names the fixture, the API, the model and
the SDK operation (with its arguments) that fetches it; a row without an operation (an endpoint
the document no longer has) is parsed with the model's ``from_json``. For each one:

- it parses through the client (the operation's own request, transport and decoder);
- ``to_dict()`` gives back the original JSON, except for the normalisations listed in
  ``corpus.NORMALISATIONS`` (nothing else may be lost, added or changed);
- every typed attribute holds its annotated type (Decimal, UUID, date, aware datetime, ...);
- a date field equals its ``*String`` twin where the response has one;
- no field the model describes is left raw in ``additional_properties``.

The fields still untyped (kept raw) across the corpus are counted and printed; run
``pytest -s tests/realworld -k untyped`` to see them with the fixture that shows each.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from tests.layer._loopback import Loopback, Reply
from xero_sdk import Xero
from xero_sdk._runtime.codec import parse_date, parse_datetime

from . import corpus

TENANT = "7d3f5a3e-1c2b-4d5e-8f90-a1b2c3d4e5f6"

ROWS = corpus.rows()
if not ROWS:
    pytest.skip(f"no real-response fixtures at {corpus.fixtures_dir()}", allow_module_level=True)


@pytest.fixture(scope="module")
def server() -> Iterator[Loopback]:
    loopback = Loopback()
    yield loopback
    loopback.close()


def fetch(server: Loopback, row: corpus.Row) -> Any:
    """The fixture's bytes as Xero's answer to the row's operation, through the real client."""
    if row.op is None:
        return corpus.model_class(row.api, row.model).from_json(row.body())
    body = row.body()
    server.reset(lambda seen: Reply(200, {"Content-Type": "application/json; charset=utf-8"}, body))
    with Xero(access_token="real-data", tenant_id=TENANT, api_url=server.url, max_retries=0) as xero:
        result = getattr(getattr(xero, row.api), row.op)(**row.args)
    assert not server.errors, server.errors
    assert len(server.requests) == 1
    return result


def to_dict(result: Any) -> Any:
    return [item.to_dict() for item in result] if isinstance(result, list) else result.to_dict()


@pytest.mark.parametrize("row", ROWS, ids=[r.file for r in ROWS])
def test_real_response_round_trips(server: Loopback, row: corpus.Row) -> None:
    result = fetch(server, row)
    if row.model.startswith("list["):
        assert isinstance(result, list) and all(
            isinstance(x, corpus.model_class(row.api, row.model)) for x in result
        )
    else:
        assert isinstance(result, corpus.model_class(row.api, row.model))
    lost = list(corpus.differences(to_dict(result), row.json()))
    assert not lost, "\n".join(lost)
    wrong = list(corpus.type_errors(result))
    assert not wrong, "\n".join(wrong)
    assert sorted(corpus.kept_raw(result)) == sorted(KEPT_RAW.get(row.file, ())), (
        "a described field was left raw (its value did not fit the field)"
    )


#: Values that do not have their field's shape, so the model keeps them raw (and writes them
#: back unchanged) instead of failing: all from hand-edited sources (see MANIFEST.md there).
KEPT_RAW: dict[str, list[tuple[str, str]]] = {
    # XML converted to JSON by xero-node v3: ContactGroups is an object, not a list.
    "accounting/xeronode_v3_contactgroups_create_xmlshaped.json": [("ContactGroups", "ContactGroups")],
    # ids replaced by "1234" in xero-node's mock: not GUIDs.
    "identity/xeronode_mock_connections.json": [("Connection", "id"), ("Connection", "tenantId")] * 2,
    # the reporter scrubbed one id to a 37-character non-GUID.
    "payroll_nz/issue264_salary_and_wages.json": [("SalaryAndWage", "earningsRateID")],
}


@pytest.mark.parametrize("row", ROWS, ids=[r.file for r in ROWS])
def test_dates_equal_their_string_twins(server: Loopback, row: corpus.Row) -> None:
    result = fetch(server, row)
    for field, value, text in corpus.string_twins(result):
        if isinstance(text, datetime.date):  # a typed twin (normaliser: fields-seen-in-real-responses)
            assert value == text, (field, value, text)
        elif isinstance(value, datetime.datetime):
            # The twin is the wall-clock time at the offset the value was written in.
            assert value.replace(tzinfo=None) == parse_datetime(text).replace(tzinfo=None), (
                field,
                value,
                text,
            )
        else:
            assert value == parse_date(text), (field, value, text)


def test_the_corpus_has_string_twins_at_an_offset(server: Loopback) -> None:
    """The twin check above really covers dates written at +12:00 (the 2014 NZ captures)."""
    row = next(r for r in ROWS if r.file == "accounting/phnz2014_invoices.json")
    twins = list(corpus.string_twins(fetch(server, row)))
    assert len(twins) > 20
    assert "+1200" in row.body().decode()


def test_untyped_fields_in_the_corpus(server: Loopback, capsys: pytest.CaptureFixture[str]) -> None:
    """Counts the fields real responses carry that the models keep untyped, with a fixture
    showing each (printed with ``-s``); every one is a candidate for a normaliser rewrite."""
    seen: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], str] = {}
    for row in ROWS:
        for key in corpus.untyped(fetch(server, row)):
            seen[key] += 1
            first.setdefault(key, row.file)
    with capsys.disabled():
        print(
            f"\nuntyped fields in the real-response corpus: {len(seen)} distinct, {sum(seen.values())} values"
        )
        for (model, name), count in sorted(seen.items()):
            print(f"  {model}.{name}: {count} (e.g. {first[model, name]})")
    assert sum(seen.values()) == UNTYPED_VALUES, sorted(seen)


#: Values kept raw in ``additional_properties`` across the corpus; lower it when a rewrite
#: types more (a rise means a regression or a new fixture showing a new field).
UNTYPED_VALUES = 0


def test_money_like_text_the_document_types_as_a_string_stays_a_string(server: Loopback) -> None:
    """Payroll AU ``EarningsRate.RatePerUnit`` is a string in the document and ``"0.14"`` in a
    real answer: it stays that ``str`` (never guessed into a number)."""
    row = next(r for r in ROWS if r.file == "payroll_au/prodis_payitems_earningsrate.json")
    result = fetch(server, row)
    rates = result.pay_items.earnings_rates
    assert rates is not None and rates[0].rate_per_unit == "0.14"
    assert type(rates[0].rate_per_unit) is str
