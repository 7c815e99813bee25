"""One ``Connection`` data model: ``xero_sdk.auth.Connection`` (what ``xero.connections()`` and
``OAuth2App.connections()`` return) reads the generated Identity API model, the one
``xero.identity.get_connections()`` returns."""

from __future__ import annotations

import datetime as dt
import pickle
from uuid import UUID

import pytest

from tests.auth.conftest import AppFactory, login
from tests.identity_server import IdentityServerProcess
from xero_sdk import MemoryTokenStore, Xero, identity
from xero_sdk.auth import Connection, OAuthError

DATA = {
    "id": "e1eede29-f875-4a5d-8470-17f6a29a88b1",
    "authEventId": "d99ecdfe-391d-43d2-b834-17636ba90e8d",
    "tenantId": "70784a63-d24b-46a9-a4db-0e70a274b056",
    "tenantType": "ORGANISATION",
    "tenantName": "Maple Florist",
    "createdDateUtc": "2019-07-09T23:40:30.1833130",
    "updatedDateUtc": "2020-05-15T01:35:13.8491980",
    "newField": {"x": 1},
}


def test_the_data_is_the_generated_identity_model() -> None:
    connection = Connection.from_dict(DATA)
    assert isinstance(connection.model, identity.Connection)
    assert connection.model == identity.Connection.from_dict(DATA)
    assert connection.id == str(connection.model.id) == DATA["id"]
    assert connection.tenant_id == connection.model.tenant_id == UUID(DATA["tenantId"])
    assert connection.auth_event_id == DATA["authEventId"]
    assert connection.tenant_name == connection.model.tenant_name == "Maple Florist"
    assert connection.created_at == connection.model.created_date_utc
    assert connection.created_at is not None and connection.created_at.tzinfo is dt.timezone.utc
    assert connection.model.additional_properties == {"newField": {"x": 1}} and connection.raw == DATA


def test_a_connection_is_a_read_only_value() -> None:
    connection = Connection.from_dict(DATA)
    same = Connection.from_dict({**DATA, "newField": 2})
    assert connection == same and hash(connection) == hash(same) and len({connection, same}) == 1
    assert connection != Connection.from_dict({**DATA, "tenantName": "Other"})
    assert pickle.loads(pickle.dumps(connection)) == connection
    with pytest.raises(AttributeError):
        connection.tenant_name = "x"  # type: ignore[misc]
    built = Connection(
        id=DATA["id"], tenant_id=UUID(DATA["tenantId"]), tenant_type="PRACTICE", tenant_name="P",
        created_at=dt.datetime(2020, 1, 2, tzinfo=dt.timezone.utc),
    )  # fmt: skip
    assert built.model.tenant_type == "PRACTICE" and built.created_at == dt.datetime(
        2020, 1, 2, tzinfo=dt.timezone.utc
    )
    assert "Connection(id='e1eede29" in repr(built) and built.to_dict()["tenantType"] == "PRACTICE"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tenantId": DATA["tenantId"]}, "no id"),
        ({"id": "c1"}, "no tenantId"),
        ({"id": "c1", "tenantId": "not-a-guid"}, "malformed tenantId"),
        ({"id": "c1", "tenantId": DATA["tenantId"], "createdDateUtc": "yesterday"}, "malformed"),
    ],
)
def test_an_unusable_connection_is_refused(data: dict[str, str], message: str) -> None:
    with pytest.raises(OAuthError, match=message):
        Connection.from_dict(data)


def test_xero_connections_view_what_the_identity_api_returns(
    make_app: AppFactory, identity_server: IdentityServerProcess
) -> None:
    app = make_app()
    with Xero(app=app, token_store=MemoryTokenStore(login(app, identity_server))) as xero:
        connections = xero.connections()
        assert [c.model for c in connections] == xero.identity.get_connections()
        assert [c.model for c in app.connections(xero._tokens.access_token())] == [
            c.model for c in connections
        ]
