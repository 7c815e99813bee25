"""Reports computed from the journals: TrialBalance, ProfitAndLoss, BalanceSheet and the aged
receivables/payables by contact, in Xero's ``Reports[].Rows[]`` shape (values as text, account
ids in cell attributes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ._org import Org, now_utc
from ._seed import _class_of

__all__ = ["aged_by_contact", "balance_sheet", "balances", "profit_and_loss", "trial_balance"]

_ZERO = Decimal("0.00")


def balances(org: Org, until: dt.date, since: dt.date | None = None) -> dict[str, Decimal]:
    """AccountID -> sum of journal NetAmounts (debit positive) dated ``since``..``until``."""
    out: dict[str, Decimal] = {}
    for journal in org.journals():
        date = journal["JournalDate"]
        if date > until or (since is not None and date < since):
            continue
        for line in journal["JournalLines"]:
            out[line["AccountID"]] = out.get(line["AccountID"], _ZERO) + line["NetAmount"]
    return out


def _text(value: Decimal) -> str:
    return f"{value:.2f}"


def _cell(value: str, account_id: str | None = None) -> dict[str, Any]:
    cell: dict[str, Any] = {"Value": value}
    if account_id:
        cell["Attributes"] = [{"Value": account_id, "Id": "account"}]
    return cell


def _report(
    org: Org, report_id: str, name: str, period: str, date: dt.date, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "Reports": [
            {
                "ReportID": report_id,
                "ReportName": name,
                "ReportType": report_id,
                "ReportTitles": [name, org.organisation["Name"], period],
                "ReportDate": f"{date.day} {date:%B %Y}",
                "UpdatedDateUTC": now_utc(),
                "Rows": rows,
            }
        ]
    }


def _accounts(org: Org) -> list[dict[str, Any]]:
    return sorted(org.all("Accounts"), key=lambda a: a["Code"])


_SECTIONS = (
    ("Revenue", "REVENUE"),
    ("Expenses", "EXPENSE"),
    ("Assets", "ASSET"),
    ("Liabilities", "LIABILITY"),
    ("Equity", "EQUITY"),
)


def trial_balance(org: Org, date: dt.date) -> dict[str, Any]:
    """Each account's debit or credit balance at ``date``; the totals agree when the books do."""
    year_start = _year_start(org, date)
    totals = balances(org, date)
    ytd = balances(org, date, year_start)
    rows: list[dict[str, Any]] = [
        {
            "RowType": "Header",
            "Cells": [
                _cell("Account"),
                _cell("Debit"),
                _cell("Credit"),
                _cell("YTD Debit"),
                _cell("YTD Credit"),
            ],
        }
    ]
    debit = credit = _ZERO
    for title, klass in _SECTIONS:
        section_rows = []
        for account in _accounts(org):
            if _class_of(account["Type"]) != klass:
                continue
            income_statement = klass in ("REVENUE", "EXPENSE")
            amount = (ytd if income_statement else totals).get(account["AccountID"], _ZERO)
            year = ytd.get(account["AccountID"], _ZERO)
            if not amount and not year:
                continue
            debit += max(amount, _ZERO)
            credit += max(-amount, _ZERO)
            section_rows.append(
                {
                    "RowType": "Row",
                    "Cells": [
                        _cell(f"{account['Name']} ({account['Code']})", account["AccountID"]),
                        _cell(_text(amount) if amount > 0 else "", account["AccountID"]),
                        _cell(_text(-amount) if amount < 0 else "", account["AccountID"]),
                        _cell(_text(year) if year > 0 else "", account["AccountID"]),
                        _cell(_text(-year) if year < 0 else "", account["AccountID"]),
                    ],
                }
            )
        rows.append({"RowType": "Section", "Title": title, "Rows": section_rows})
    rows.append(
        {
            "RowType": "Section",
            "Title": "",
            "Rows": [
                {
                    "RowType": "SummaryRow",
                    "Cells": [
                        _cell("Total"),
                        _cell(_text(debit)),
                        _cell(_text(credit)),
                        _cell(""),
                        _cell(""),
                    ],
                }
            ],
        }
    )
    return _report(org, "TrialBalance", "Trial Balance", f"As at {date.day} {date:%B %Y}", date, rows)


def _year_start(org: Org, date: dt.date) -> dt.date:
    month = int(org.organisation.get("FinancialYearEndMonth") or 12) % 12 + 1
    start = dt.date(date.year, month, 1)
    return start if start <= date else dt.date(date.year - 1, month, 1)


def _section(
    title: str,
    accounts: Iterable[Mapping[str, Any]],
    amounts: Mapping[str, Decimal],
    sign: Decimal,
    total_label: str,
) -> tuple[dict[str, Any], Decimal]:
    rows = []
    total = _ZERO
    for account in accounts:
        value = sign * amounts.get(account["AccountID"], _ZERO)
        if not value:
            continue
        total += value
        rows.append(
            {
                "RowType": "Row",
                "Cells": [
                    _cell(account["Name"], account["AccountID"]),
                    _cell(_text(value), account["AccountID"]),
                ],
            }
        )
    rows.append({"RowType": "SummaryRow", "Cells": [_cell(total_label), _cell(_text(total))]})
    return {"RowType": "Section", "Title": title, "Rows": rows}, total


def profit_and_loss(org: Org, start: dt.date, end: dt.date) -> dict[str, Any]:
    amounts = balances(org, end, start)
    accounts = _accounts(org)
    income, income_total = _section(
        "Income",
        (a for a in accounts if _class_of(a["Type"]) == "REVENUE"),
        amounts,
        Decimal(-1),
        "Total Income",
    )
    costs, cost_total = _section(
        "Less Cost of Sales",
        (a for a in accounts if a["Type"] == "DIRECTCOSTS"),
        amounts,
        Decimal(1),
        "Total Cost of Sales",
    )
    expenses, expense_total = _section(
        "Less Operating Expenses",
        (a for a in accounts if _class_of(a["Type"]) == "EXPENSE" and a["Type"] != "DIRECTCOSTS"),
        amounts,
        Decimal(1),
        "Total Operating Expenses",
    )
    gross = income_total - cost_total
    net = gross - expense_total
    rows = [
        {"RowType": "Header", "Cells": [_cell(""), _cell(f"{end.day} {end:%b %y}")]},
        income,
        costs,
        {
            "RowType": "Section",
            "Title": "",
            "Rows": [{"RowType": "Row", "Cells": [_cell("Gross Profit"), _cell(_text(gross))]}],
        },
        expenses,
        {
            "RowType": "Section",
            "Title": "",
            "Rows": [{"RowType": "Row", "Cells": [_cell("Net Profit"), _cell(_text(net))]}],
        },
    ]
    period = f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
    return _report(org, "ProfitAndLoss", "Profit and Loss", period, end, rows)


def balance_sheet(org: Org, date: dt.date) -> dict[str, Any]:
    amounts = balances(org, date)
    accounts = _accounts(org)
    assets, asset_total = _section(
        "Assets",
        (a for a in accounts if _class_of(a["Type"]) == "ASSET"),
        amounts,
        Decimal(1),
        "Total Assets",
    )
    liabilities, liability_total = _section(
        "Liabilities",
        (a for a in accounts if _class_of(a["Type"]) == "LIABILITY"),
        amounts,
        Decimal(-1),
        "Total Liabilities",
    )
    earnings = -sum(
        (
            amounts.get(a["AccountID"], _ZERO)
            for a in accounts
            if _class_of(a["Type"]) in ("REVENUE", "EXPENSE")
        ),
        _ZERO,
    )
    equity, equity_total = _section(
        "Equity", (a for a in accounts if a["Type"] == "EQUITY"), amounts, Decimal(-1), "Total Equity"
    )
    equity["Rows"].insert(
        -1, {"RowType": "Row", "Cells": [_cell("Current Year Earnings"), _cell(_text(earnings))]}
    )
    equity_total += earnings
    equity["Rows"][-1]["Cells"][1] = _cell(_text(equity_total))
    rows = [
        {"RowType": "Header", "Cells": [_cell(""), _cell(f"{date.day} {date:%b %Y}")]},
        assets,
        liabilities,
        {
            "RowType": "Section",
            "Title": "",
            "Rows": [
                {
                    "RowType": "Row",
                    "Cells": [_cell("Net Assets"), _cell(_text(asset_total - liability_total))],
                }
            ],
        },
        equity,
    ]
    return _report(org, "BalanceSheet", "Balance Sheet", f"As at {date.day} {date:%B %Y}", date, rows)


def aged_by_contact(org: Org, contact_id: str, date: dt.date, kind: str) -> dict[str, Any]:
    """One contact's outstanding ``ACCREC`` (receivables) or ``ACCPAY`` invoices, by age of the due date."""
    buckets = ("Current", "< 1 Month", "1 Month", "2 Months", "3 Months", "Older")
    rows: list[dict[str, Any]] = [
        {
            "RowType": "Header",
            "Cells": [_cell(h) for h in ("Date", "Reference", "Due Date", *buckets, "Total")],
        }
    ]
    section_rows = []
    totals = [_ZERO] * len(buckets)
    for invoice in org.all("Invoices"):
        if invoice["Type"] != kind or invoice["Contact"]["ContactID"] != contact_id:
            continue
        if invoice["Status"] != "AUTHORISED" or invoice["Date"] > date or not invoice["AmountDue"]:
            continue
        due = invoice.get("DueDate") or invoice["Date"]
        days = (date - due).days
        index = 0 if days <= 0 else 1 if days < 30 else min(2 + (days - 30) // 30, len(buckets) - 1)
        values = [_ZERO] * len(buckets)
        values[index] = invoice["AmountDue"]
        totals[index] += invoice["AmountDue"]
        section_rows.append(
            {
                "RowType": "Row",
                "Cells": [
                    _cell(invoice["Date"].isoformat() + "T00:00:00"),
                    _cell(str(invoice.get("InvoiceNumber") or invoice.get("Reference") or "")),
                    _cell(due.isoformat() + "T00:00:00"),
                    *(_cell(_text(v)) for v in values),
                    _cell(_text(invoice["AmountDue"])),
                ],
            }
        )
    section_rows.append(
        {
            "RowType": "SummaryRow",
            "Cells": [
                _cell("Total"),
                _cell(""),
                _cell(""),
                *(_cell(_text(t)) for t in totals),
                _cell(_text(sum(totals, _ZERO))),
            ],
        }
    )
    rows.append({"RowType": "Section", "Title": "", "Rows": section_rows})
    name = "Aged Receivables By Contact" if kind == "ACCREC" else "Aged Payables By Contact"
    report_id = "AgedReceivablesByContact" if kind == "ACCREC" else "AgedPayablesByContact"
    report = _report(org, report_id, name, f"As at {date.day} {date:%B %Y}", date, rows)
    report["Reports"][0]["ReportTitles"].insert(1, (org.get("Contacts", contact_id) or {}).get("Name", ""))
    return report
