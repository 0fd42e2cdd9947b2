"""QR codes: the one helper for every QR code the portal shows or prints.

An SVG in a `data:` URI, made in process (no network, no files), so it works in a page under the
Content-Security-Policy (`img-src 'self' data:`) and in a PDF through the fetcher that allows
only `data:` and our static files. Error correction M survives a scuffed printout.
"""

from base64 import b64encode

import segno


def qr_data_uri(text: str) -> str:
    """The QR code of `text` (a URL, an otpauth:// URI) as an SVG data: URI."""
    svg = segno.make(text, error="m").svg_inline(scale=4, border=2, dark="#1b1b1b")
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()
