"""The certificate render for `make bench`: against bare WeasyPrint on the same HTML.

Both functions are plain so the harness can time them side by side; the ratio shows what our
renderer (shared fonts, parsed stylesheet, local-only fetcher, QR code) costs over WeasyPrint.
"""

from django.template.loader import render_to_string

from endorsements.credentials.services.certificates import (
    CERTIFICATE_TEMPLATE,
    certificate_context,
    certificate_pdf_bytes,
)
from endorsements.models import Endorsement


def render_certificate_bytes(endorsement: Endorsement) -> bytes:
    """The certificate as the worker renders it (context, QR code, core.pdf.render_pdf)."""
    return certificate_pdf_bytes(endorsement)


def certificate_html(endorsement: Endorsement) -> str:
    """The HTML the certificate is made from, for `bare_weasyprint_bytes`."""
    return render_to_string(CERTIFICATE_TEMPLATE, certificate_context(endorsement))


def bare_weasyprint_bytes(html: str) -> bytes:
    """A fresh WeasyPrint render of `html` with its stylesheets, nothing shared or cached
    (the same local fetcher, since the HTML points at our static files)."""
    from weasyprint import CSS, HTML

    from core.pdf import PDF_BASE_URL, PDF_STYLESHEET, LocalOnlyFetcher

    fetcher = LocalOnlyFetcher(fail_on_errors=False)
    base = PDF_BASE_URL.rstrip("/")
    from django.conf import settings

    css = CSS(url=f"{base}{settings.STATIC_URL}{PDF_STYLESHEET}", url_fetcher=fetcher)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).write_pdf(
        stylesheets=[css]
    )
