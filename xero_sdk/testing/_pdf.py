"""A real, valid PDF of an invoice or credit note (one A4 page, Helvetica, no dependencies).

The file has a correct cross-reference table (byte offsets computed as it is written), so any
PDF reader opens it; the text says what the document says: number, contact, dates, each line
with quantity, unit amount and line amount, subtotal, tax, total and amount due.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._org import Org

__all__ = ["invoice_pdf", "pdf_document"]


def _escape(text: str) -> str:
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_document(lines: list[tuple[float, float, int, str]]) -> bytes:
    """One page with each ``(x, y, font size, text)`` drawn (points from the bottom left)."""
    content = "\n".join(
        f"BT /F1 {size} Tf {x:.0f} {y:.0f} Td ({_escape(text)}) Tj ET" for x, y, size, text in lines
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def invoice_pdf(org: Org, document: Mapping[str, Any]) -> bytes:
    kind = str(document.get("Type", ""))
    title = {
        "ACCREC": "TAX INVOICE",
        "ACCPAY": "BILL",
        "ACCRECCREDIT": "CREDIT NOTE",
        "ACCPAYCREDIT": "CREDIT NOTE",
    }.get(kind, "INVOICE")
    number = document.get("InvoiceNumber") or document.get("CreditNoteNumber") or ""
    currency = document.get("CurrencyCode", "")
    text: list[tuple[float, float, int, str]] = [
        (50, 790, 20, title),
        (50, 765, 11, str(org.organisation["Name"])),
        (350, 790, 11, f"Number: {number}"),
        (350, 775, 11, f"Date: {document.get('Date')}"),
        (350, 760, 11, f"Due: {document.get('DueDate') or '-'}"),
        (350, 745, 11, f"Status: {document.get('Status')}"),
        (50, 735, 11, f"To: {document['Contact']['Name']}"),
        (50, 700, 10, "Description"),
        (330, 700, 10, "Quantity"),
        (400, 700, 10, "Unit price"),
        (480, 700, 10, f"Amount {currency}"),
    ]
    y = 680
    for line in document.get("LineItems") or []:
        text += [
            (50, y, 10, str(line.get("Description") or "")[:55]),
            (330, y, 10, str(line.get("Quantity", ""))),
            (400, y, 10, str(line.get("UnitAmount", ""))),
            (480, y, 10, str(line.get("LineAmount", ""))),
        ]
        y -= 16
        if y < 160:
            break
    y -= 10
    for label, key in (
        ("Subtotal", "SubTotal"),
        ("Total tax", "TotalTax"),
        (f"TOTAL {currency}", "Total"),
        ("Amount due", "AmountDue"),
    ):
        if document.get(key) is not None:
            text += [(380, y, 11, label), (480, y, 11, str(document[key]))]
            y -= 16
    return pdf_document(text)
