"""PDF rendering with WeasyPrint, shared by certificates and any other printed document.

One FontConfiguration and one parsed stylesheet for the life of the process: parsing them is
most of the cost of a small document. The URL fetcher refuses the network: only `data:` URLs
and our own static files can be loaded, so user text can never make the renderer fetch.
"""

import mimetypes
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_STYLESHEET = "css/pdf.css"
# Documents resolve relative URLs against this base, which never leaves the process.
PDF_BASE_URL = "https://portal.invalid/"


class BlockedURL(ValueError):
    """A PDF asked for something other than a data: URL or one of our static files."""


def static_file_path(url: str) -> Path | None:
    """The file behind one of our /static/ URLs, or None when it is not ours."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or parts.netloc != urlsplit(PDF_BASE_URL).netloc:
        return None
    if not parts.path.startswith(settings.STATIC_URL):
        return None
    relative = parts.path.removeprefix(settings.STATIC_URL)
    if ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / relative
    return candidate if candidate.is_file() else None


class LocalOnlyFetcher(URLFetcher):
    """Fetch `data:` URLs and our own static files; refuse everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_path(url)
        if path is None:
            raise BlockedURL(f"PDF rendering may not fetch {url!r}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=1)
def fetcher() -> LocalOnlyFetcher:
    return LocalOnlyFetcher(fail_on_errors=False)


@lru_cache(maxsize=4)
def stylesheet(name: str = PDF_STYLESHEET) -> CSS:
    """The shared print stylesheet, parsed once per process."""
    return CSS(
        url=f"{PDF_BASE_URL.rstrip('/')}{settings.STATIC_URL}{name}",
        font_config=font_config(),
        url_fetcher=fetcher(),
    )


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    """Render a Django template to PDF bytes with the shared fonts and stylesheet.

    Templates use `{% static %}` for images and fonts; autoescaping keeps user text inert.
    """
    html = render_to_string(template_name, context or {})
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher())
    return document.write_pdf(stylesheets=[stylesheet()], font_config=font_config())
