"""The demo company every organisation starts as: chart of accounts, tax rates for its country,
currencies, contacts (customers and suppliers, one archived), contact groups, items, a tracking
category, and a few invoices (authorised, paid, draft) so that reports and paging have data."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ._org import Org, now_utc

__all__ = ["COUNTRIES", "demo_org", "seed_transactions"]

#: country -> (currency, tax name, standard rate, organisation Version)
COUNTRIES: dict[str, tuple[str, str, Decimal, str]] = {
    "NZ": ("NZD", "GST", Decimal("15"), "NZ"),
    "AU": ("AUD", "GST", Decimal("10"), "AU"),
    "UK": ("GBP", "VAT", Decimal("20"), "UK"),
    "GB": ("GBP", "VAT", Decimal("20"), "UK"),
    "US": ("USD", "Sales Tax", Decimal("0"), "US"),
}

_ACCOUNTS: tuple[tuple[str, str, str, str, str], ...] = (
    # code, name, type, tax type, system account
    ("090", "Business Bank Account", "BANK", "NONE", ""),
    ("091", "Business Savings Account", "BANK", "NONE", ""),
    ("200", "Sales", "REVENUE", "OUTPUT2", ""),
    ("260", "Other Revenue", "REVENUE", "OUTPUT2", ""),
    ("270", "Interest Income", "REVENUE", "NONE", ""),
    ("310", "Cost of Goods Sold", "DIRECTCOSTS", "INPUT2", ""),
    ("400", "Advertising", "EXPENSE", "INPUT2", ""),
    ("404", "Bank Fees", "EXPENSE", "NONE", ""),
    ("429", "General Expenses", "EXPENSE", "INPUT2", ""),
    ("445", "Light, Power, Heating", "EXPENSE", "INPUT2", ""),
    ("461", "Printing & Stationery", "EXPENSE", "INPUT2", ""),
    ("469", "Rent", "EXPENSE", "INPUT2", ""),
    ("489", "Telephone & Internet", "EXPENSE", "INPUT2", ""),
    ("493", "Travel - National", "EXPENSE", "INPUT2", ""),
    ("610", "Accounts Receivable", "CURRENT", "NONE", "DEBTORS"),
    ("630", "Inventory", "INVENTORY", "NONE", ""),
    ("710", "Office Equipment", "FIXED", "INPUT2", ""),
    ("800", "Accounts Payable", "CURRLIAB", "NONE", "CREDITORS"),
    ("820", "Sales Tax", "CURRLIAB", "NONE", "GST"),
    ("860", "Rounding", "CURRLIAB", "NONE", "ROUNDING"),
    ("880", "Owner A Drawings", "EQUITY", "NONE", ""),
    ("960", "Retained Earnings", "EQUITY", "NONE", "RETAINEDEARNINGS"),
    ("970", "Owner A Funds Introduced", "EQUITY", "NONE", ""),
)

_CONTACTS: tuple[tuple[str, str | None, bool, bool], ...] = (
    # name, email, customer, supplier
    ("ABC Furniture", "info@abcfurniture.example", True, False),
    ("Acme Corporation", "accounts@acme.example", True, False),
    ("Adventure Works", None, True, False),
    ("Alpine Outfitters", "hello@alpine.example", True, True),
    ("Basket Case", "basket@case.example", True, False),
    ("Bayside Club", "secretary@bayside.example", True, False),
    ("Boom FM", "ads@boomfm.example", True, False),
    ("City Agency", "jobs@cityagency.example", True, False),
    ("Cooper Hardware", "sales@cooper.example", False, True),
    ("DIISR - Small Business Services", "cba@diisr.example", True, False),
    ("Espresso 31", "coffee@espresso31.example", False, True),
    ("Gable Print", "print@gable.example", False, True),
    ("Hamilton Smith Ltd", "accounts@hsmith.example", True, False),
    ("Hoyt Productions", "info@hoyt.example", True, False),
    ("Marine Systems", "info@marine.example", True, False),
    ("Net Connect", "billing@netconnect.example", False, True),
    ("Orlena Greenhouse", None, True, False),
    ("PC Complete", "support@pccomplete.example", False, True),
    ("Petrie McLoud Watson & Associates", "pmw@pmw.example", True, False),
    ("Port & Philip Freight", "freight@ppf.example", False, True),
    ("Powerdirect", "power@direct.example", False, True),
    ("Rex Media Group", "hello@rexmedia.example", True, False),
    ("Ridgeway University", "finance@ridgeway.example", True, False),
    ("SMART Agency", "smart@agency.example", True, False),
    ("Swanston Security", "security@swanston.example", False, True),
    ("Truxton Property Management", "rent@truxton.example", False, True),
    ("Young Bros Transport", "transport@youngbros.example", True, True),
)

_ITEMS: tuple[tuple[str, str, str, str, str], ...] = (
    # code, name, sale price, purchase price, sales account
    ("BOOK", "Fish out of Water: Finding Your Brand", "19.95", "9.50", "200"),
    ("DevD", "Development work - developer onsite per day", "500.00", "0.00", "200"),
    ("GB1-White", "Golf balls - white single", "5.00", "2.20", "200"),
    ("Support", "Monthly support", "80.00", "0.00", "200"),
    ("TRAIN", "Training: half day", "250.00", "0.00", "260"),
)


def _uuid(tenant_id: str, name: str) -> str:
    """Stable ids: the same seed gives the same ids in every run."""
    return str(uuid.uuid5(uuid.UUID(tenant_id), name))


def demo_org(tenant_id: str, name: str, tenant_type: str = "ORGANISATION", country: str = "NZ") -> Org:
    """A fresh demo company without transactions (:func:`seed_invoices` lists those)."""
    currency, tax_name, standard, version = COUNTRIES.get(country.upper(), COUNTRIES["NZ"])
    created = now_utc()
    organisation = {
        "OrganisationID": tenant_id,
        "APIKey": _uuid(tenant_id, "apikey").replace("-", "")[:30].upper(),
        "Name": name,
        "LegalName": name,
        "PaysTax": True,
        "Version": version,
        "OrganisationType": "COMPANY",
        "BaseCurrency": currency,
        "CountryCode": "GB" if country.upper() in ("UK", "GB") else country.upper(),
        "IsDemoCompany": True,
        "OrganisationStatus": "ACTIVE",
        "FinancialYearEndDay": 31,
        "FinancialYearEndMonth": 3,
        "SalesTaxBasis": "ACCRUALS",
        "SalesTaxPeriod": "TWOMONTHS",
        "DefaultSalesTax": "Tax Exclusive",
        "DefaultPurchasesTax": "Tax Inclusive",
        "CreatedDateUTC": created,
        "OrganisationEntityType": "COMPANY",
        "Timezone": "NEWZEALANDSTANDARDTIME",
        "ShortCode": "!" + tenant_id[:5],
        "Edition": "BUSINESS",
        "Class": "PREMIUM",
    }
    org = Org(tenant_id=tenant_id, name=name, tenant_type=tenant_type, organisation=organisation)
    for code, label, rate, kind in (
        ("OUTPUT2", f"{tax_name} on Income", standard, "sales"),
        ("INPUT2", f"{tax_name} on Expenses", standard, "purchases"),
        ("NONE", f"No {tax_name}", Decimal(0), "any"),
        ("ZERORATED", "Zero Rated", Decimal(0), "any"),
        ("EXEMPTOUTPUT", "Exempt Income", Decimal(0), "sales"),
    ):
        org.data["TaxRates"][code] = {
            "Name": label,
            "TaxType": code,
            "Status": "ACTIVE",
            "ReportTaxType": "OUTPUT" if kind == "sales" else "INPUT" if kind == "purchases" else "NONE",
            "CanApplyToAssets": True,
            "CanApplyToEquity": True,
            "CanApplyToExpenses": kind != "sales",
            "CanApplyToLiabilities": True,
            "CanApplyToRevenue": kind != "purchases",
            "DisplayTaxRate": rate,
            "EffectiveRate": rate,
            "TaxComponents": [
                {"Name": tax_name, "Rate": rate, "IsCompound": False, "IsNonRecoverable": False}
            ],
        }
    for code, description in ((currency, "Base currency"), ("USD", "United States Dollar"), ("EUR", "Euro")):
        org.data["Currencies"].setdefault(code, {"Code": code, "Description": description})
    for code, label, kind, tax, system in _ACCOUNTS:
        account: dict[str, Any] = {
            "AccountID": _uuid(tenant_id, "account:" + code),
            "Code": code,
            "Name": label,
            "Type": kind,
            "TaxType": tax,
            "Status": "ACTIVE",
            "Class": _class_of(kind),
            "EnablePaymentsToAccount": False,
            "ShowInExpenseClaims": kind == "EXPENSE",
            "ReportingCode": _class_of(kind)[:3],
            "ReportingCodeName": _class_of(kind).title(),
            "HasAttachments": False,
            "UpdatedDateUTC": created,
            "AddToWatchlist": False,
        }
        if kind == "BANK":
            account.update(
                BankAccountNumber="0201231234567" + code[-2:], BankAccountType="BANK", CurrencyCode=currency
            )
        if system:
            account["SystemAccount"] = system
        org.put("Accounts", account)
    for n, (label, email, customer, supplier) in enumerate(_CONTACTS):
        org.put(
            "Contacts",
            {
                "ContactID": _uuid(tenant_id, "contact:" + label),
                "ContactNumber": f"C{n + 1:03d}",
                "ContactStatus": "ARCHIVED" if label == "DIISR - Small Business Services" else "ACTIVE",
                "Name": label,
                "FirstName": label.split()[0],
                "EmailAddress": email,
                "IsCustomer": customer,
                "IsSupplier": supplier,
                "DefaultCurrency": currency,
                "Addresses": [{"AddressType": "POBOX", "City": "Wellington", "Country": country.upper()}],
                "Phones": [{"PhoneType": "DEFAULT", "PhoneNumber": f"555-{1000 + n}"}],
                "UpdatedDateUTC": created,
                "HasAttachments": False,
                "ContactGroups": [],
            },
        )
    group = org.put(
        "ContactGroups",
        {"ContactGroupID": _uuid(tenant_id, "group:vip"), "Name": "VIP Customers", "Status": "ACTIVE"},
    )
    members = [c for c in org.all("Contacts") if c["Name"] in ("ABC Furniture", "Ridgeway University")]
    group["Contacts"] = [{"ContactID": c["ContactID"], "Name": c["Name"]} for c in members]
    for contact in members:
        contact["ContactGroups"] = [
            {"ContactGroupID": group["ContactGroupID"], "Name": group["Name"], "Status": "ACTIVE"}
        ]
    for code, label, sale, purchase, sales_account in _ITEMS:
        org.put(
            "Items",
            {
                "ItemID": _uuid(tenant_id, "item:" + code),
                "Code": code,
                "Name": label,
                "Description": label,
                "PurchaseDescription": label,
                "IsSold": True,
                "IsPurchased": Decimal(purchase) > 0,
                "IsTrackedAsInventory": False,
                "SalesDetails": {
                    "UnitPrice": Decimal(sale),
                    "AccountCode": sales_account,
                    "TaxType": "OUTPUT2",
                },
                "PurchaseDetails": {
                    "UnitPrice": Decimal(purchase),
                    "AccountCode": "310",
                    "TaxType": "INPUT2",
                },
                "UpdatedDateUTC": created,
            },
        )
    org.put(
        "TrackingCategories",
        {
            "TrackingCategoryID": _uuid(tenant_id, "tracking:region"),
            "Name": "Region",
            "Status": "ACTIVE",
            "Options": [
                {"TrackingOptionID": _uuid(tenant_id, "tracking:region:" + o), "Name": o, "Status": "ACTIVE"}
                for o in ("North", "South", "Central")
            ],
        },
    )
    return org


def _class_of(kind: str) -> str:
    if kind in ("BANK", "CURRENT", "FIXED", "INVENTORY", "NONCURRENT", "PREPAYMENT"):
        return "ASSET"
    if kind in ("CURRLIAB", "LIABILITY", "TERMLIAB"):
        return "LIABILITY"
    if kind == "EQUITY":
        return "EQUITY"
    if kind in ("REVENUE", "SALES", "OTHERINCOME"):
        return "REVENUE"
    return "EXPENSE"


def seed_invoices(today: dt.date) -> list[dict[str, Any]]:
    """The invoices a demo company starts with (as API request bodies): authorised, some paid
    through :func:`seed_payments`, one draft, one bill."""
    specs = [
        ("ACCREC", "ABC Furniture", "Support", 3, 40, "AUTHORISED"),
        ("ACCREC", "Acme Corporation", "DevD", 2, 25, "AUTHORISED"),
        ("ACCREC", "Bayside Club", "TRAIN", 1, 70, "AUTHORISED"),
        ("ACCREC", "Boom FM", "BOOK", 12, 5, "AUTHORISED"),
        ("ACCREC", "City Agency", "Support", 6, 95, "AUTHORISED"),
        ("ACCREC", "Hamilton Smith Ltd", "DevD", 1, 10, "DRAFT"),
        ("ACCPAY", "Truxton Property Management", None, 1, 20, "AUTHORISED"),
    ]
    out = []
    for kind, contact, item, quantity, age, status in specs:
        line: dict[str, Any] = {"Quantity": quantity}
        if item:
            line["ItemCode"] = item
        else:
            line.update(Description="Office rent", UnitAmount="1500.00", AccountCode="469")
        out.append(
            {
                "Type": kind,
                "Contact": {"Name": contact},
                "Date": (today - dt.timedelta(days=age)).isoformat(),
                "DueDate": (today - dt.timedelta(days=age - 20)).isoformat(),
                "LineAmountTypes": "Exclusive",
                "Status": status,
                "LineItems": [line],
                "Reference": "Seed",
            }
        )
    return out


#: The seeded customers whose invoices start paid in full (the others owe their invoices).
PAID_CUSTOMERS = ("Acme Corporation", "Boom FM")


def seed_transactions(org: Org, today: dt.date) -> None:
    """Post :func:`seed_invoices` with Xero's rules, and pay :data:`PAID_CUSTOMERS`' in full."""
    from ._books import save_invoice, save_payment

    for body in seed_invoices(today):
        invoice = save_invoice(org, body, None)
        if invoice["Status"] == "AUTHORISED" and invoice["Contact"]["Name"] in PAID_CUSTOMERS:
            payment = {
                "Invoice": {"InvoiceID": invoice["InvoiceID"]},
                "Account": {"Code": "090"},
                "Amount": invoice["AmountDue"],
                "Date": today.isoformat(),
            }
            save_payment(org, payment, None)
