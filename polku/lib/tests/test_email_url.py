import pytest

from polku.lib.email_url import smtp_settings_from_url


def test_smtps_url_uses_ssl_and_default_port():
    settings = smtp_settings_from_url("smtps://me%40shop.fi:s3cr%2Ft@mail.shop.fi")
    assert settings["EMAIL_USE_SSL"] is True
    assert settings["EMAIL_PORT"] == 465
    assert settings["EMAIL_HOST_USER"] == "me@shop.fi"
    assert settings["EMAIL_HOST_PASSWORD"] == "s3cr/t"


def test_smtp_url_with_starttls():
    settings = smtp_settings_from_url("smtp://mail.shop.fi:587?tls=1")
    assert settings["EMAIL_USE_TLS"] is True and settings["EMAIL_USE_SSL"] is False
    assert settings["EMAIL_PORT"] == 587


def test_other_scheme_is_refused():
    with pytest.raises(ValueError, match="smtp://"):
        smtp_settings_from_url("http://example.com")
