import pytest
from django.core.cache import cache


@pytest.fixture
def login_limit_of_three(settings):
    """Three failures before logins wait, with no counts left over from other tests."""
    settings.POLKU_LOGIN_FAILURES_LIMIT = 3
    cache.clear()
    yield
    cache.clear()
