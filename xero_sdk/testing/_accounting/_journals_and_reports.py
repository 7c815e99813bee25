"""Journals and the reports the local Xero computes from them."""

from __future__ import annotations

import datetime as dt
import re

from .. import _reports as reports
from .._http import Answer, not_found, validation_error
from .._wire import parse_date
from ._records import (
    _listing,
    _one,
    envelope,
)
from ._routes import Context, route


@route("GET", r"/Journals")
def get_journals(ctx: Context, m: re.Match[str]) -> Answer:
    """100 journals at most, those numbered after ``offset``, in number order."""
    try:
        offset = int(ctx.request.query.get("offset") or 0)
    except ValueError as exc:
        raise validation_error([], "offset must be a whole number") from exc
    records = [j for j in ctx.org.journals() if j["JournalNumber"] > offset]
    if ctx.request.flag("paymentsOnly"):
        records = [
            j for j in records if j["SourceType"] in ("ACCRECPAYMENT", "ACCPAYPAYMENT", "CASHREC", "CASHPAID")
        ]
    answer = _listing(ctx, "Journals", records)
    answer.body["Journals"] = answer.body["Journals"][:100]
    return answer


@route("GET", r"/Journals/(?P<id>[^/]+)")
def get_journal(ctx: Context, m: re.Match[str]) -> Answer:
    key = m["id"]
    record = ctx.org.get("Journals", key) or next(
        (j for j in ctx.org.journals() if str(j["JournalNumber"]) == key), None
    )
    if record is None:
        raise not_found(f"Journals/{key}")
    return Answer(200, envelope("Journals", [record]))


def _date_param(ctx: Context, name: str, default: dt.date) -> dt.date:
    value = ctx.request.query.get(name)
    if not value:
        return default
    parsed = parse_date(value)
    if parsed is None:
        raise validation_error([], f"{name} {value!r} is not a date")
    return parsed


@route("GET", r"/Reports/TrialBalance")
def trial_balance(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, reports.trial_balance(ctx.org, _date_param(ctx, "date", dt.date.today())))


@route("GET", r"/Reports/ProfitAndLoss")
def profit_and_loss(ctx: Context, m: re.Match[str]) -> Answer:
    end = _date_param(ctx, "toDate", dt.date.today())
    start = _date_param(ctx, "fromDate", end.replace(day=1))
    return Answer(200, reports.profit_and_loss(ctx.org, start, end))


@route("GET", r"/Reports/BalanceSheet")
def balance_sheet(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, reports.balance_sheet(ctx.org, _date_param(ctx, "date", dt.date.today())))


@route("GET", r"/Reports/(?P<kind>AgedReceivablesByContact|AgedPayablesByContact)")
def aged(ctx: Context, m: re.Match[str]) -> Answer:
    contact = _one(ctx, "Contacts", ctx.request.query.get("contactId") or "-")
    kind = "ACCREC" if m["kind"].lower().startswith("agedreceivables") else "ACCPAY"
    return Answer(
        200,
        reports.aged_by_contact(
            ctx.org, contact["ContactID"], _date_param(ctx, "date", dt.date.today()), kind
        ),
    )
