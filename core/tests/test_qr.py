"""core.qr: the one QR code maker (certificates' verification link, the authenticator setup)."""

from base64 import b64decode

import pytest

from core.qr import qr_data_uri

PREFIX = "data:image/svg+xml;base64,"


def test_qr_data_uri_is_an_svg_of_the_text():
    uri = qr_data_uri("https://registry.example.org/verify/abc/")

    assert uri.startswith(PREFIX)
    svg = b64decode(uri[len(PREFIX) :]).decode()
    assert svg.startswith("<svg") and "<path" in svg
    assert uri == qr_data_uri("https://registry.example.org/verify/abc/")
    assert uri != qr_data_uri("https://registry.example.org/verify/abd/")


def test_qr_data_uri_fits_an_authenticator_uri():
    uri = qr_data_uri(
        "otpauth://totp/Registry:coordinator%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        "&algorithm=SHA1&digits=6&period=30&issuer=Registry"
    )

    assert uri.startswith(PREFIX)


@pytest.mark.django_db
def test_certificate_and_two_factor_setup_use_the_helper():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.tests.factories import UserFactory
    from accounts.two_factor import totp_setup_details
    from endorsements.credentials.services.certificates import certificate_context
    from endorsements.credentials.tests.factories import endorsement

    e = endorsement()
    context = certificate_context(e)
    device = TOTPDevice.objects.create(user=UserFactory(), name="app", confirmed=False)

    assert context["qr"] == qr_data_uri(context["verify_url"])
    assert totp_setup_details(device)["qr_data_uri"] == qr_data_uri(device.config_url)
