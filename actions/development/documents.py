"""PDF rendering of the printable documents (WeasyPrint with the system's CJK fonts)."""
from __future__ import annotations


def pdf_bytes(html: str) -> bytes:
    """Render an HTML document to PDF bytes."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
