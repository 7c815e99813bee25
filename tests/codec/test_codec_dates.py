"""xero_sdk._runtime.codec.dates: every wire form Xero sends, in three host time zones."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xero_sdk._runtime.codec import (
    format_date,
    format_datetime,
    format_if_modified_since,
    parse_date,
    parse_datetime,
)
from xero_sdk._runtime.codec.dates import _FROMTIMESTAMP_EXACT_MS

pytestmark = pytest.mark.usefixtures("host_tz")

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def tz(hours: int, minutes: int = 0) -> timezone:
    return timezone(timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes))


def same(got: datetime, want: datetime) -> None:
    """Equal instant AND equal offset (== on aware datetimes ignores the offset)."""
    assert got == want
    assert got.utcoffset() == want.utcoffset()
    assert got.tzinfo is not None


# --- the fixture really changes the host zone ----------------------------------------------


def test_host_zone_is_in_effect(host_tz: str) -> None:
    offset = time.localtime(1_700_000_000).tm_gmtoff  # 2023-11-14T22:13:20Z
    expected = {"UTC": 0, "Pacific/Auckland": 13 * 3600, "America/Los_Angeles": -8 * 3600}
    if host_tz in expected:
        assert offset == expected[host_tz]


# --- MS JSON ---------------------------------------------------------------------------------

MS_DATETIMES = [
    ("/Date(1573755038314)/", datetime(2019, 11, 14, 18, 10, 38, 314000, UTC)),
    ("/Date(1550793549320+0000)/", datetime(2019, 2, 21, 23, 59, 9, 320000, UTC)),
    ("/Date(-1642464000000+0000)/", datetime(1917, 12, 15, tzinfo=UTC)),
    ("/Date(-1642464000000)/", datetime(1917, 12, 15, tzinfo=UTC)),
    ("/Date(0+0000)/", EPOCH),
    ("/Date(0)/", EPOCH),
    ("/Date(-0000)/", EPOCH),
    ("/Date(0-0000)/", EPOCH),
    ("/Date(-1)/", datetime(1969, 12, 31, 23, 59, 59, 999000, UTC)),
    ("\\/Date(1584585851967)\\/", datetime(2020, 3, 19, 2, 44, 11, 967000, UTC)),
    ("\\/Date(1584585851967+0000)\\/", datetime(2020, 3, 19, 2, 44, 11, 967000, UTC)),
    ("/Date(1573689600000+0000)/", datetime(2019, 11, 14, tzinfo=UTC)),
    ("/Date(253402300799999)/", datetime(9999, 12, 31, 23, 59, 59, 999000, UTC)),
    ("/Date(-62135596800000)/", datetime(1, 1, 1, tzinfo=UTC)),
    ("/Date(4294967296000)/", datetime(2106, 2, 7, 6, 28, 16, tzinfo=UTC)),
    ("/Date(000001573755038314)/", datetime(2019, 11, 14, 18, 10, 38, 314000, UTC)),
]


@pytest.mark.parametrize(("text", "want"), MS_DATETIMES)
def test_ms_datetime(text: str, want: datetime) -> None:
    got = parse_datetime(text)
    same(got, want)
    assert got.tzinfo is UTC


@pytest.mark.parametrize(("text", "want"), MS_DATETIMES)
def test_ms_date_is_the_utc_day(text: str, want: datetime) -> None:
    assert parse_date(text) == want.date()


def test_ms_date_only_value_is_the_same_day_in_every_host_zone() -> None:
    # Midnight UTC: a naive local conversion gives 2019-11-13 in Los Angeles.
    assert parse_date("/Date(1573689600000+0000)/") == date(2019, 11, 14)
    assert parse_date("/Date(1573689600000)/") == date(2019, 11, 14)
    assert parse_date("\\/Date(1573689600000+0000)\\/") == date(2019, 11, 14)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("/Date(1573755038314+1300)/", tz(13)),
        ("/Date(1573755038314-0800)/", tz(-8)),
        ("/Date(1573755038314+0530)/", tz(5, 30)),
        ("/Date(1573755038314-0930)/", tz(-9, 30)),
        ("\\/Date(1573755038314+1300)\\/", tz(13)),
    ],
)
def test_ms_offset_is_kept_as_tzinfo_for_the_same_instant(text: str, offset: tzinfo) -> None:
    got = parse_datetime(text)
    same(got, datetime(2019, 11, 14, 18, 10, 38, 314000, UTC).astimezone(offset))
    assert got.utcoffset() == offset.utcoffset(None)
    # A date field is the calendar date at the written offset: 18:10 UTC on the 14th is 07:10
    # on the 15th at +13:00, and still the 14th at -08:00, +05:30 and -09:30.
    assert parse_date(text) == got.date()


def test_ms_negative_with_offset() -> None:
    got = parse_datetime("/Date(-1642464000000+1300)/")
    same(got, datetime(1917, 12, 15, 13, 0, tzinfo=tz(13)))
    assert parse_date("/Date(-1642464000000+1300)/") == date(1917, 12, 15)
    # Midnight UTC of the 15th is 16:00 on the 14th at -08:00.
    assert parse_date("/Date(-1642464000000-0800)/") == date(1917, 12, 14)


# Date-only values as Xero's 2014 NZ captures write them: local midnight at +12:00, which is
# noon of the previous day in UTC. The expected date is the response's own *String twin
# (../shared/realworld/fixtures/accounting/phnz2014_invoices.json, Invoice.Date/DateString,
# Invoice.DueDate/DueDateString).
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("/Date(1397390400000+1200)/", date(2014, 4, 14)),  # DateString 2014-04-14T00:00:00
        ("/Date(1398168000000+1200)/", date(2014, 4, 23)),  # DueDateString 2014-04-23T00:00:00
        ("/Date(1398600000000+1200)/", date(2014, 4, 28)),  # DateString 2014-04-28T00:00:00
        ("\\/Date(1397390400000+1200)\\/", date(2014, 4, 14)),
    ],
)
def test_ms_date_at_an_offset_is_the_date_its_string_twin_states(text: str, want: date) -> None:
    assert parse_date(text) == want
    # The date-time reading keeps the instant: noon UTC the day before.
    assert parse_datetime(text).astimezone(UTC) == datetime(
        want.year, want.month, want.day, tzinfo=UTC
    ) - timedelta(hours=12)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # midnight exactly at the offset, on both sides of the date line
        ("/Date(1397390400000+1200)/", date(2014, 4, 14)),
        ("/Date(1397476800000-1200)/", date(2014, 4, 14)),
        # one millisecond before local midnight stays on the previous day
        ("/Date(1397390399999+1200)/", date(2014, 4, 13)),
        ("/Date(1397476799999-1200)/", date(2014, 4, 13)),
        # half-hour and quarter-hour offsets (India +05:30, Newfoundland -03:30, Nepal +05:45)
        ("/Date(1397413800000+0530)/", date(2014, 4, 14)),
        ("/Date(1397413799999+0530)/", date(2014, 4, 13)),
        ("/Date(1397446200000-0330)/", date(2014, 4, 14)),
        ("/Date(1397446199999-0330)/", date(2014, 4, 13)),
        ("/Date(1397412900000+0545)/", date(2014, 4, 14)),
        # no offset, +0000 and -0000 are UTC
        ("/Date(1397433600000)/", date(2014, 4, 14)),
        ("/Date(1397433599999+0000)/", date(2014, 4, 13)),
        ("/Date(1397433600000-0000)/", date(2014, 4, 14)),
        # pre-1970: negative milliseconds floor towards the earlier day at every offset
        ("/Date(-43200000+1200)/", date(1970, 1, 1)),
        ("/Date(-43200001+1200)/", date(1969, 12, 31)),
        ("/Date(43200000-1200)/", date(1970, 1, 1)),
        ("/Date(-1+0000)/", date(1969, 12, 31)),
        ("/Date(-1642507200000+1200)/", date(1917, 12, 15)),
        ("/Date(-1642420800000-1200)/", date(1917, 12, 15)),
        # the extremes of the calendar, shifted back into range by the offset
        ("/Date(-62135640000000+1200)/", date(1, 1, 1)),
        ("/Date(253402343999999-1200)/", date(9999, 12, 31)),
    ],
)
def test_ms_date_at_an_offset_boundaries(text: str, want: date) -> None:
    assert parse_date(text) == want


@given(
    st.integers(min_value=-62135596800000 + 86400000, max_value=253402300799999 - 86400000),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)
def test_ms_date_is_the_local_date_of_the_datetime(millis: int, minutes: int) -> None:
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    text = f"/Date({millis}{sign}{hours:02d}{mins:02d})/"
    assert parse_date(text) == parse_datetime(text).date()


def test_ms_day_boundaries_are_floored_not_truncated() -> None:
    assert parse_date("/Date(-1)/") == date(1969, 12, 31)
    assert parse_date("/Date(-86400000)/") == date(1969, 12, 31)
    assert parse_date("/Date(-86400001)/") == date(1969, 12, 30)
    assert parse_date("/Date(86399999)/") == date(1970, 1, 1)
    assert parse_date("/Date(86400000)/") == date(1970, 1, 2)


@given(st.integers(min_value=-62135596800000, max_value=253402300799999))
def test_ms_any_instant(millis: int) -> None:
    want = EPOCH + timedelta(milliseconds=millis)
    same(parse_datetime(f"/Date({millis})/"), want)
    same(parse_datetime(f"/Date({millis}+0000)/"), want)
    same(parse_datetime(f"\\/Date({millis})\\/"), want)
    assert parse_date(f"/Date({millis}+0000)/") == want.date()


@given(st.integers(min_value=0, max_value=_FROMTIMESTAMP_EXACT_MS + 10**6))
def test_ms_fast_path_is_exact(millis: int) -> None:
    # The fast path divides by 1000 in floating point; it must still be exact to the ms.
    assert parse_datetime(f"/Date({millis})/") == EPOCH + timedelta(milliseconds=millis)


@given(
    st.integers(min_value=-62135596800000 + 86400000, max_value=253402300799999 - 86400000),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)
def test_ms_any_offset(millis: int, minutes: int) -> None:
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    got = parse_datetime(f"/Date({millis}{sign}{hours:02d}{mins:02d})/")
    assert got == EPOCH + timedelta(milliseconds=millis)
    assert got.utcoffset() == timedelta(minutes=minutes)


# --- ISO 8601 --------------------------------------------------------------------------------

ISO_DATETIMES = [
    ("2019-08-01", datetime(2019, 8, 1, tzinfo=UTC)),
    ("2019-08", datetime(2019, 8, 1, tzinfo=UTC)),
    ("2025-05", datetime(2025, 5, 1, tzinfo=UTC)),
    ("2021-02-10T23:17:50.1930000", datetime(2021, 2, 10, 23, 17, 50, 193000, UTC)),
    ("2021-02-10T23:17:50", datetime(2021, 2, 10, 23, 17, 50, tzinfo=UTC)),
    ("2021-02-10T23:17", datetime(2021, 2, 10, 23, 17, tzinfo=UTC)),
    ("2021-02-10 23:17:50", datetime(2021, 2, 10, 23, 17, 50, tzinfo=UTC)),
    ("2021-02-10t23:17:50z", datetime(2021, 2, 10, 23, 17, 50, tzinfo=UTC)),
    ("2021-02-10T23:17:50Z", datetime(2021, 2, 10, 23, 17, 50, tzinfo=UTC)),
    ("2021-02-10T23:17:50.5Z", datetime(2021, 2, 10, 23, 17, 50, 500000, UTC)),
    ("2021-02-10T23:17:50,5Z", datetime(2021, 2, 10, 23, 17, 50, 500000, UTC)),
    ("2021-02-10T23:17:50+00:00", datetime(2021, 2, 10, 23, 17, 50, tzinfo=UTC)),
    ("2021-02-10T23:17:50-00:00", datetime(2021, 2, 10, 23, 17, 50, tzinfo=UTC)),
    ("2021-02-10T23:17:50-08:00", datetime(2021, 2, 10, 23, 17, 50, tzinfo=tz(-8))),
    ("2021-02-10T23:17:50+1300", datetime(2021, 2, 10, 23, 17, 50, tzinfo=tz(13))),
    ("2021-02-10T23:17:50+13", datetime(2021, 2, 10, 23, 17, 50, tzinfo=tz(13))),
    ("2021-02-10T23:17:50.193+05:30", datetime(2021, 2, 10, 23, 17, 50, 193000, tz(5, 30))),
    ("2021-02-10T23:17:50.1234567-09:30", datetime(2021, 2, 10, 23, 17, 50, 123456, tz(-9, 30))),
    ("2021-02-10T23:17-08:00", datetime(2021, 2, 10, 23, 17, tzinfo=tz(-8))),
    ("2024-06-21T01:15:39.902", datetime(2024, 6, 21, 1, 15, 39, 902000, UTC)),
    ("2017-11-28T00:00:00", datetime(2017, 11, 28, tzinfo=UTC)),
    ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
    ("9999-12-31T23:59:59.9999999", datetime(9999, 12, 31, 23, 59, 59, 999999, UTC)),
    ("2024-02-29", datetime(2024, 2, 29, tzinfo=UTC)),
]


@pytest.mark.parametrize(("text", "want"), ISO_DATETIMES)
def test_iso_datetime(text: str, want: datetime) -> None:
    same(parse_datetime(text), want)


@pytest.mark.parametrize(("text", "want"), ISO_DATETIMES)
def test_iso_date_is_the_written_calendar_date(text: str, want: datetime) -> None:
    assert parse_date(text) == want.date()


def test_iso_date_time_with_offset_gives_the_written_date_not_the_utc_one() -> None:
    assert parse_date("2021-02-10T23:17:50-08:00") == date(2021, 2, 10)  # 2021-02-11 in UTC
    assert parse_date("2021-02-10T01:00:00+13:00") == date(2021, 2, 10)  # 2021-02-09 in UTC


def test_zone_less_values_are_utc_whatever_the_host_zone() -> None:
    got = parse_datetime("2021-02-10T23:17:50.1930000")
    assert got.tzinfo is UTC
    assert got.timestamp() == 1612999070.193


@pytest.mark.parametrize(
    ("fraction", "micro"),
    [
        ("1", 100000),
        ("12", 120000),
        ("123", 123000),
        ("1234", 123400),
        ("12345", 123450),
        ("123456", 123456),
        ("1234567", 123456),  # 7 digits: truncated ...
        ("1234569", 123456),  # ... never rounded
        ("9999999", 999999),
        ("0000001", 0),
        ("123456789", 123456),
    ],
)
def test_fractions_are_truncated_to_microseconds(fraction: str, micro: int) -> None:
    assert parse_datetime(f"2021-02-10T23:17:50.{fraction}").microsecond == micro
    assert parse_datetime(f"2021-02-10T23:17:50.{fraction}+13:00").microsecond == micro


def test_truncation_never_carries_into_the_next_day() -> None:
    assert parse_datetime("2023-12-31T23:59:59.9999999") == datetime(2023, 12, 31, 23, 59, 59, 999999, UTC)
    assert parse_date("2023-12-31T23:59:59.9999999") == date(2023, 12, 31)


def test_year_month_is_the_first_of_the_month() -> None:
    # xero-python#179: "2025-05" became 2025-04-30 in New Zealand.
    assert parse_date("2025-05") == date(2025, 5, 1)
    same(parse_datetime("2025-05"), datetime(2025, 5, 1, tzinfo=UTC))


# --- invalid input ---------------------------------------------------------------------------

GARBAGE = [
    "",
    " ",
    "garbage",
    "null",
    "2019",
    "2019-8-1",
    "2019-08-1",
    "20190801",
    "2019-W01-1",
    "2019-13",
    "2019-00-10",
    "2019-13-01",
    "2019-02-29",
    "2019-02-30",
    "2019-08-00",
    " 2019-08-01",
    "2019-08-01 ",
    "2019-08-01\n",
    "2019-08-01Z",
    "2019-08-01+13:00",
    "2019-08-01T",
    "2019-08-01T10",
    "2019-08-01T10:00:00.",
    "2019-08-01T10:00:00.Z",
    "2019-08-01T24:00:00",
    "2019-08-01T23:60:00",
    "2019-08-01T23:59:60",
    "2019-08-01T10:00:00+24:00",
    "2019-08-01T10:00:00+13:60",
    "2019-08-01T10:00:00+1",
    "2019-08-01T10:00:00+130",
    "2019-08-01T10:00:00 +13:00",
    "2019-08-01T10:00:00UTC",
    "2019-08-01X10:00:00",
    "\u0662\u0660\u0661\u0669-08-01",  # Arabic-Indic digits: \d would take them
    "2019-08-01T1\u0660:00:00",
    "/Date()/",
    "/Date(abc)/",
    "/Date(123)",
    "/Date(123)/ ",
    "Date(123)/",
    "/Date(123/",
    "/Date(1 23)/",
    "/Date( 123)/",
    "/Date(+123)/",
    "/Date(1_000)/",
    "/Date(1.5)/",
    "/Date(\u0661\u0662\u0663)/",
    "/Date(123+00)/",
    "/Date(123+000)/",
    "/Date(123+00000)/",
    "/Date(123+2400)/",
    "/Date(123+0060)/",
    "/Date(123Z)/",
    "/Date(+0000)/",
    "//Date(123)//",
    "\\\\/Date(123)\\\\/",
    "/date(123)/",
    "/Date(253402300800000)/",  # 10000-01-01
    "/Date(-62135596800001)/",  # before 0001-01-01
    "/Date(999999999999999999)/",
    "/Date(9999999999999999999)/",  # 19 digits
]


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_raises_value_error_naming_the_value(text: str) -> None:
    for parse in (parse_date, parse_datetime):
        with pytest.raises(ValueError) as info:
            parse(text)
        assert repr(text) in str(info.value)


@pytest.mark.parametrize("value", [None, 1573755038314, 1.5, b"2019-08-01", ["2019-08-01"], date(2019, 8, 1)])
def test_non_strings_raise_type_error(value: object) -> None:
    for parse in (parse_date, parse_datetime):
        with pytest.raises(TypeError):
            parse(value)  # type: ignore[arg-type]


def test_str_subclass_is_accepted() -> None:
    class S(str):
        pass

    assert parse_date(S("2019-08-01")) == date(2019, 8, 1)
    assert parse_datetime(S("/Date(0)/")) == EPOCH


def test_parse_date_memo_returns_equal_results_and_survives_clearing() -> None:
    from xero_sdk._runtime.codec import dates

    first = parse_date("/Date(1573689600000+0000)/")
    assert parse_date("/Date(1573689600000+0000)/") is first
    for day in range(dates._DATE_CACHE_MAX + 10):  # overflow the memo: it is cleared, not grown
        parse_date((date(2000, 1, 1) + timedelta(days=day)).isoformat())
    assert len(dates._DATE_CACHE) <= dates._DATE_CACHE_MAX
    assert parse_date("/Date(1573689600000+0000)/") == date(2019, 11, 14)


# --- formatting ------------------------------------------------------------------------------


def test_format_date() -> None:
    assert format_date(date(2026, 1, 31)) == "2026-01-31"
    assert format_date(date(5, 1, 2)) == "0005-01-02"
    assert format_date(datetime(2026, 1, 31, 23, 59)) == "2026-01-31"
    # An aware datetime gives its own (wall-clock) date, not the UTC one.
    assert format_date(datetime(2026, 1, 31, 1, 0, tzinfo=tz(13))) == "2026-01-31"


def test_format_date_refuses_non_dates() -> None:
    with pytest.raises(TypeError):
        format_date("2026-01-31")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2026, 1, 31, 10, 0, tzinfo=tz(13)), "2026-01-31T10:00:00+13:00"),
        (datetime(2026, 1, 31, 10, 0, tzinfo=UTC), "2026-01-31T10:00:00+00:00"),
        (datetime(2026, 1, 31, 10, 0, tzinfo=tz(-8)), "2026-01-31T10:00:00-08:00"),
        (datetime(2026, 1, 31, 10, 0, tzinfo=tz(5, 30)), "2026-01-31T10:00:00+05:30"),
        (datetime(2026, 1, 31, 10, 0), "2026-01-31T10:00:00"),
        (datetime(2026, 1, 31, 10, 0, 5, 193000), "2026-01-31T10:00:05.193"),
        (datetime(2026, 1, 31, 10, 0, 5, 193000, UTC), "2026-01-31T10:00:05.193+00:00"),
        (datetime(2026, 1, 31, 10, 0, 5, 5), "2026-01-31T10:00:05.000005"),
        (datetime(2026, 1, 31, 10, 0, 5, 123456, tz(13)), "2026-01-31T10:00:05.123456+13:00"),
        (datetime(2026, 1, 31, 10, 0, tzinfo=ZoneInfo("Pacific/Auckland")), "2026-01-31T10:00:00+13:00"),
        (datetime(2026, 7, 31, 10, 0, tzinfo=ZoneInfo("Pacific/Auckland")), "2026-07-31T10:00:00+12:00"),
        # An offset with seconds cannot be written as +hh:mm: the same instant in UTC instead.
        (
            datetime(2026, 1, 31, 10, 0, 30, tzinfo=timezone(timedelta(seconds=30))),
            "2026-01-31T10:00:00+00:00",
        ),
        (date(2026, 1, 31), "2026-01-31T00:00:00"),
    ],
)
def test_format_datetime(value: datetime, text: str) -> None:
    assert format_datetime(value) == text


def test_format_datetime_refuses_non_dates() -> None:
    with pytest.raises(TypeError):
        format_datetime("2026-01-31T10:00:00")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2026, 1, 31, 10, 0, 0), "2026-01-31T10:00:00"),
        (datetime(2026, 1, 31, 10, 0, 0, 1), "2026-01-31T10:00:01"),
        (datetime(2026, 1, 31, 10, 0, 0, 999999), "2026-01-31T10:00:01"),
        (datetime(2026, 1, 31, 23, 59, 59, 500000), "2026-02-01T00:00:00"),
        (datetime(2026, 1, 31, 10, 0, 0, tzinfo=UTC), "2026-01-31T10:00:00"),
        (datetime(2026, 1, 31, 10, 0, 0, 1, tzinfo=tz(13)), "2026-01-30T21:00:01"),
        (datetime(2026, 1, 31, 10, 0, 0, tzinfo=tz(-8)), "2026-01-31T18:00:00"),
        (datetime(2026, 7, 1, 10, 0, 0, tzinfo=ZoneInfo("America/Los_Angeles")), "2026-07-01T17:00:00"),
        (date(2026, 1, 31), "2026-01-31T00:00:00"),
    ],
)
def test_format_if_modified_since(value: datetime, text: str) -> None:
    assert format_if_modified_since(value) == text


def test_format_if_modified_since_errors() -> None:
    with pytest.raises(ValueError):
        format_if_modified_since(datetime.max)
    with pytest.raises(TypeError):
        format_if_modified_since("2026-01-31")  # type: ignore[arg-type]


# --- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [t for t, _ in MS_DATETIMES + ISO_DATETIMES])
def test_parse_format_parse_round_trip(text: str) -> None:
    value = parse_datetime(text)
    same(parse_datetime(format_datetime(value)), value)
    day = parse_date(text)
    assert parse_date(format_date(day)) == day


def test_ms_with_offset_round_trips_through_iso() -> None:
    value = parse_datetime("/Date(1573755038314+1300)/")
    assert format_datetime(value) == "2019-11-15T07:10:38.314+13:00"
    same(parse_datetime(format_datetime(value)), value)


offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@given(st.datetimes(timezones=offsets | st.just(UTC)))
def test_aware_datetime_round_trip(value: datetime) -> None:
    same(parse_datetime(format_datetime(value)), value)


@given(st.datetimes())
def test_naive_datetime_round_trips_as_utc(value: datetime) -> None:
    same(parse_datetime(format_datetime(value)), value.replace(tzinfo=UTC))


@given(st.dates())
def test_date_round_trip(value: date) -> None:
    assert parse_date(format_date(value)) == value
    assert parse_date(format_datetime(value)) == value


@given(st.datetimes(max_value=datetime(9999, 12, 31, 23, 59, 58)), offsets | st.just(UTC))
def test_if_modified_since_never_earlier_and_under_a_second_later(naive: datetime, zone: timezone) -> None:
    try:
        value = naive.replace(tzinfo=zone)
        instant = value.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        return
    sent = datetime.fromisoformat(format_if_modified_since(value))
    assert instant <= sent < instant + timedelta(seconds=1)
    assert sent.microsecond == 0


def test_ms_fast_path_falls_back_where_fromtimestamp_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from xero_sdk._runtime.codec import dates

    def overflow(timestamp: float, tz: tzinfo) -> datetime:
        raise OverflowError("timestamp out of range for platform time_t")

    monkeypatch.setattr(dates, "_fromtimestamp", overflow)
    same(parse_datetime("/Date(1573755038314+0000)/"), datetime(2019, 11, 14, 18, 10, 38, 314000, UTC))
