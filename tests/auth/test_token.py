"""Token and Connection values (no I/O)."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from uuid import UUID

import pytest

from xero_sdk.auth import Connection, OAuthError, Token
from xero_sdk.auth._connection import parse_utc

NOW = dt.datetime(2026, 3, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
RESPONSE = {
    "access_token": "ACCESS-abcdef123456",
    "refresh_token": "REFRESH-abcdef123456",
    "id_token": "ID-abcdef123456",
    "expires_in": 1800,
    "token_type": "Bearer",
    "scope": "offline_access openid accounting.invoices",
}


def test_from_response_computes_expiry_and_scopes() -> None:
    token = Token.from_response(RESPONSE, now=NOW)
    assert token.expires_at == NOW + dt.timedelta(seconds=1800)
    assert token.expires_at.tzinfo is dt.timezone.utc
    assert token.scopes == ("offline_access", "openid", "accounting.invoices")
    assert token.can_refresh
    assert token.expires_in(now=NOW) == 1800
    assert not token.is_expiring(now=NOW)
    assert token.is_expiring(now=NOW + dt.timedelta(seconds=1741))
    assert not token.is_expiring(skew=0, now=NOW + dt.timedelta(seconds=1799))
    assert token.is_expiring(skew=0, now=NOW + dt.timedelta(seconds=1800))


def test_client_credentials_response_has_no_refresh_token() -> None:
    token = Token.from_response({"access_token": "A" * 20, "expires_in": "1800"}, now=NOW)
    assert token.refresh_token is None and not token.can_refresh
    assert token.token_type == "Bearer" and token.scopes == ()


@pytest.mark.parametrize(
    "data",
    [{}, {"access_token": ""}, {"access_token": "x", "expires_in": "soon"}, {"access_token": 5}, []],
)
def test_malformed_responses_raise_without_echoing(data: object) -> None:
    with pytest.raises(OAuthError) as info:
        Token.from_response(data, now=NOW)  # type: ignore[arg-type]
    assert "soon" not in str(info.value)


def test_dict_round_trip_is_json() -> None:
    token = Token.from_response(RESPONSE, now=NOW)
    data = json.loads(json.dumps(token.to_dict()))
    assert Token.from_dict(data) == token
    assert data["expires_at"] == "2026-03-01T12:30:00+00:00"


def test_from_dict_reads_other_libraries_token_sets() -> None:
    legacy = {
        "access_token": "a" * 10,
        "refresh_token": "r" * 10,
        "expires_at": NOW.timestamp(),
        "scope": ["offline_access", "openid"],
        "token_type": "Bearer",
    }
    token = Token.from_dict(legacy)
    assert token.expires_at == NOW and token.scopes == ("offline_access", "openid")
    assert Token.from_dict({**legacy, "expires_at": "2026-03-01T12:00:00Z"}).expires_at == NOW
    with pytest.raises(OAuthError, match="no expires_at"):
        Token.from_dict({"access_token": "x"})


def test_secrets_are_hidden_from_repr_and_str() -> None:
    token = Token.from_response(RESPONSE, now=NOW)
    for text in (repr(token), str(token), f"{token}", repr([token])):
        assert "abcdef123456" not in text
    assert repr(token) == (
        "Token(access_token=***, refresh_token=***, expires_at=2026-03-01T12:30:00+00:00, "
        "scopes=('offline_access', 'openid', 'accounting.invoices'), id_token=***, token_type='Bearer')"
    )


def test_token_is_frozen_picklable_and_needs_aware_expiry() -> None:
    token = Token.from_response(RESPONSE, now=NOW)
    with pytest.raises(AttributeError):
        token.access_token = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(token)) == token
    with pytest.raises(ValueError, match="timezone-aware"):
        Token(access_token="x", expires_at=dt.datetime(2026, 1, 1))
    local = dt.datetime(2026, 1, 1, 13, tzinfo=dt.timezone(dt.timedelta(hours=13)))
    assert Token(access_token="x", expires_at=local).expires_at == dt.datetime(
        2026, 1, 1, tzinfo=dt.timezone.utc
    )


def test_connection_from_identity_api_json() -> None:
    connection = Connection.from_dict(
        {
            "id": "e1eede29-f875-4a5d-8470-17f6a29a88b1",
            "authEventId": "d99ecdfe-391d-43d2-b834-17636ba90e8d",
            "tenantId": "70784a63-d24b-46a9-a4db-0e70a274b056",
            "tenantType": "ORGANISATION",
            "tenantName": "Maple Florist",
            "createdDateUtc": "2019-07-09T23:40:30.1833130",
            "updatedDateUtc": "2020-05-15T01:35:13.8491980",
            "extra": 1,
        }
    )
    assert connection.tenant_id == UUID("70784a63-d24b-46a9-a4db-0e70a274b056")
    assert connection.tenant_type == "ORGANISATION"
    assert connection.created_at == dt.datetime(2019, 7, 9, 23, 40, 30, 183313, tzinfo=dt.timezone.utc)
    assert connection.updated_at is not None and connection.updated_at.year == 2020
    assert connection.raw["extra"] == 1
    with pytest.raises(OAuthError, match="no tenantId"):
        Connection.from_dict({"id": "x"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-02-10T23:17:50.1930000", dt.datetime(2021, 2, 10, 23, 17, 50, 193000, tzinfo=dt.timezone.utc)),
        ("2021-02-10T23:17:50Z", dt.datetime(2021, 2, 10, 23, 17, 50, tzinfo=dt.timezone.utc)),
        ("2021-02-11T12:17:50+1300", dt.datetime(2021, 2, 10, 23, 17, 50, tzinfo=dt.timezone.utc)),
        ("2021-02-10T23:17", dt.datetime(2021, 2, 10, 23, 17, tzinfo=dt.timezone.utc)),
    ],
)
def test_parse_utc(text: str, expected: dt.datetime) -> None:
    assert parse_utc(text) == expected
