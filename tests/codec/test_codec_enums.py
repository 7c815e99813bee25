"""xero_sdk._runtime.codec.enums.OpenStrEnum: unknown values are kept, cached and written back."""

from __future__ import annotations

import copy
import pickle
import threading
from enum import Enum

import pytest

from xero_sdk._runtime.codec import OpenStrEnum, dumps, loads
from xero_sdk._runtime.codec import enums as codec_enums


class InvoiceStatus(OpenStrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    AUTHORISED = "AUTHORISED"


class Blankable(OpenStrEnum):
    EMPTY = ""
    VALUE_A = "A"
    ALIAS_A = "A"  # an alias of VALUE_A, as Enum allows


class Other(OpenStrEnum):
    X = "X"


def test_known_members_are_ordinary_members() -> None:
    draft = InvoiceStatus("DRAFT")
    assert draft is InvoiceStatus.DRAFT
    assert draft.is_known
    assert draft.name == "DRAFT"
    assert draft.value == "DRAFT"
    assert isinstance(draft, InvoiceStatus)
    assert isinstance(draft, str)
    assert isinstance(draft, Enum)
    assert InvoiceStatus["DRAFT"] is draft
    assert InvoiceStatus(InvoiceStatus.DRAFT) is draft
    assert str(draft) == "DRAFT"
    assert format(draft) == "DRAFT"
    assert f"{draft}|{draft:>7}" == "DRAFT|  DRAFT"
    assert repr(draft) == "<InvoiceStatus.DRAFT: 'DRAFT'>"
    assert draft == "DRAFT"
    assert hash(draft) == hash("DRAFT")


def test_unknown_value_is_kept_as_a_pseudo_member() -> None:
    future = InvoiceStatus("FUTURE")
    assert isinstance(future, InvoiceStatus)
    assert isinstance(future, str)
    assert future.value == "FUTURE"
    assert future.name == "FUTURE"
    assert not future.is_known
    assert str(future) == "FUTURE"
    assert format(future) == "FUTURE"
    assert f"{future}" == "FUTURE"
    assert future == "FUTURE"
    assert future != InvoiceStatus.DRAFT
    assert hash(future) == hash("FUTURE")
    assert {"FUTURE": 1}[future] == 1
    assert future.lower() == "future"
    assert repr(future) == "<InvoiceStatus (unknown): 'FUTURE'>"


def test_unknown_values_are_cached_by_value() -> None:
    assert InvoiceStatus("FUTURE") is InvoiceStatus("FUTURE")
    assert InvoiceStatus("FUTURE") is not InvoiceStatus("PAST")
    assert InvoiceStatus(InvoiceStatus("FUTURE")) is InvoiceStatus("FUTURE")
    # Per class: the same text in another enum is that enum's own pseudo-member.
    assert type(Other("FUTURE")) is Other
    assert type(InvoiceStatus("FUTURE")) is InvoiceStatus


def test_iteration_and_membership_list_only_declared_members() -> None:
    InvoiceStatus("FUTURE")
    InvoiceStatus("ANOTHER")
    assert list(InvoiceStatus) == [InvoiceStatus.DRAFT, InvoiceStatus.SUBMITTED, InvoiceStatus.AUTHORISED]
    assert len(InvoiceStatus) == 3
    assert set(InvoiceStatus.__members__) == {"DRAFT", "SUBMITTED", "AUTHORISED"}
    assert "FUTURE" not in InvoiceStatus._value2member_map_
    assert not hasattr(InvoiceStatus, "FUTURE")
    with pytest.raises(KeyError):
        InvoiceStatus["FUTURE"]


def test_unknown_value_is_written_back_unchanged() -> None:
    doc = loads(b'{"Status": "FUTURE", "Other": "DRAFT"}')
    status = InvoiceStatus(doc["Status"])
    assert not status.is_known
    assert (
        dumps({"Status": status, "Other": InvoiceStatus(doc["Other"])})
        == b'{"Status":"FUTURE","Other":"DRAFT"}'
    )
    assert dumps([InvoiceStatus("caf\u00e9 \u2603")]) == '["caf\u00e9 \u2603"]'.encode()


def test_empty_string_members() -> None:
    assert Blankable("") is Blankable.EMPTY
    assert Blankable.EMPTY.is_known
    assert str(Blankable.EMPTY) == ""
    assert dumps(Blankable.EMPTY) == b'""'
    # An enum without a "" member keeps "" as an unknown value.
    empty = InvoiceStatus("")
    assert not empty.is_known
    assert empty == ""
    assert empty is InvoiceStatus("")


def test_aliases() -> None:
    assert Blankable("A") is Blankable.VALUE_A
    assert Blankable["ALIAS_A"] is Blankable.VALUE_A
    assert Blankable["ALIAS_A"].is_known
    assert list(Blankable) == [Blankable.EMPTY, Blankable.VALUE_A]


def test_a_pseudo_member_is_not_confused_with_a_member_of_that_name() -> None:
    class Named(OpenStrEnum):
        FIRST = "first"

    unknown = Named("FIRST")  # a value that happens to equal a member's name
    assert unknown is not Named.FIRST
    assert not unknown.is_known
    assert unknown.value == "FIRST"


@pytest.mark.parametrize("value", [None, 0, 1, 1.5, b"DRAFT", ["DRAFT"], InvoiceStatus])
def test_non_strings_raise_value_error(value: object) -> None:
    with pytest.raises(ValueError):
        InvoiceStatus(value)


def test_str_subclass_values() -> None:
    class Text(str):
        pass

    assert InvoiceStatus(Text("DRAFT")) is InvoiceStatus.DRAFT
    unknown = InvoiceStatus(Text("LATER"))
    assert type(unknown.value) is str
    assert unknown is InvoiceStatus("LATER")


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_keeps_identity(protocol: int) -> None:
    for member in (InvoiceStatus.DRAFT, InvoiceStatus("FUTURE"), Blankable.EMPTY, InvoiceStatus("")):
        assert pickle.loads(pickle.dumps(member, protocol)) is member


def test_copy_keeps_identity() -> None:
    for member in (InvoiceStatus.DRAFT, InvoiceStatus("FUTURE")):
        assert copy.copy(member) is member
        assert copy.deepcopy(member) is member
        assert copy.deepcopy({"s": [member]})["s"][0] is member


def test_concurrent_first_sight_agrees_on_one_object() -> None:
    class Fresh(OpenStrEnum):
        KNOWN = "KNOWN"

    barrier = threading.Barrier(8)
    seen: list[Fresh] = []

    def worker() -> None:
        barrier.wait()
        for _ in range(200):
            seen.append(Fresh("NEW"))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(member) for member in seen}) == 1


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    class Many(OpenStrEnum):
        KNOWN = "KNOWN"

    monkeypatch.setattr(codec_enums, "MAX_UNKNOWN_PER_ENUM", 3)
    cached = [Many(f"V{i}") for i in range(3)]
    assert all(Many(f"V{i}") is cached[i] for i in range(3))
    late = Many("V9")
    assert late == "V9"
    assert not late.is_known
    assert isinstance(late, Many)
    assert Many("V9") == late  # still works, just not interned
    assert len(codec_enums._UNKNOWN[Many]) == 3


def test_functional_api_still_works() -> None:
    Dynamic = OpenStrEnum("Dynamic", {"RED": "red", "BLUE": "blue"})  # type: ignore[call-overload]
    assert [member.value for member in Dynamic] == ["red", "blue"]
    assert Dynamic("red") is Dynamic.RED
    assert not Dynamic("green").is_known
    assert Dynamic("green") is Dynamic("green")


def test_the_base_class_itself_has_no_values() -> None:
    with pytest.raises((TypeError, ValueError)):
        OpenStrEnum("DRAFT")
