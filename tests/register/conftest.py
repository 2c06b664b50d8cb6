"""The register's tests read the English msgids: stable, whereas the Indonesian catalogue
(the product's default language) is edited as the wording is settled. A test about the
Indonesian book asks for it explicitly (`api(user, language="id")`)."""

import pytest


@pytest.fixture(autouse=True)
def _english(settings):
    # LocaleMiddleware falls back to LANGUAGE_CODE for requests without Accept-Language,
    # and services called outside a request use it too.
    settings.LANGUAGE_CODE = "en"
