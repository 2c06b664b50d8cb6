"""The region admin page, which both the contact details and the emblem are edited on."""

import pytest


@pytest.fixture
def desa_a_admin_page(client, admin_kabupaten, desa_a) -> tuple[str, dict[str, str]]:
    """Desa A's change page, the kabupaten's admin logged in on `client`: its URL and the
    form as it stands, with no contact row (a test adds one with `contact-TOTAL_FORMS`)."""
    client.force_login(admin_kabupaten)
    form = {
        "code": desa_a.code,
        "name": desa_a.name,
        "level": desa_a.level,
        "parent": desa_a.parent_id,
        "register_abbreviation": desa_a.register_abbreviation,
        "timezone": desa_a.timezone,
        "contact-TOTAL_FORMS": "0",
        "contact-INITIAL_FORMS": "0",
        "contact-MIN_NUM_FORMS": "0",
        "contact-MAX_NUM_FORMS": "1",
    }
    return f"/admin/regions/region/{desa_a.pk}/change/", form
