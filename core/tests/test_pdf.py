import io

import pytest
from pypdf import PdfReader

from core import pdf


@pytest.fixture
def pdf_template(settings, tmp_path):
    (tmp_path / "doc.html").write_text(
        "{% load static %}<html><body><h1>Certificate for {{ name }}</h1>"
        '<img src="{% static "img/does-not-exist.png" %}" alt="">'
        '<img src="https://example.com/tracker.png" alt="">'
        '<img src="file:///etc/passwd" alt=""></body></html>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "doc.html"


def test_render_pdf_returns_a_pdf_with_escaped_text(pdf_template):
    data = pdf.render_pdf(pdf_template, {"name": "Ana <script>x</script>"})

    assert data.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Certificate for Ana <script>x</script>" in text


def test_fetcher_refuses_the_network_and_local_files():
    fetcher = pdf.LocalOnlyFetcher()

    for url in ("https://example.com/x.png", "file:///etc/passwd", "http://127.0.0.1:8000/admin/"):
        with pytest.raises(pdf.BlockedURL):
            fetcher.fetch(url)


def test_fetcher_serves_our_static_files_and_data_urls():
    fetcher = pdf.LocalOnlyFetcher()

    css = fetcher.fetch(f"{pdf.PDF_BASE_URL}static/css/pdf.css")
    data = fetcher.fetch("data:text/plain;base64,aGk=")

    assert b"@page" in css.read()
    assert data.read() == b"hi"


def test_fetcher_refuses_path_traversal_out_of_static():
    with pytest.raises(pdf.BlockedURL):
        pdf.LocalOnlyFetcher().fetch(f"{pdf.PDF_BASE_URL}static/../manage.py")
