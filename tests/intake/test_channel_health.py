"""Channel health: when WhatsApp and e-mail last brought something, and what went wrong."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.intake import payloads


def health(api, user, desa):
    return api(user).get(f"/api/v1/desa/{desa.code}/channel-health/")


def test_a_webhook_arriving_shows_as_received_and_not_quiet(
    api, deliver, process, jagabaya_whatsapp, kades_desa_a, django_assert_max_num_queries
):
    deliver(payloads.notification([payloads.text("Halo")]))
    process()  # the task that reads the message records its arrival
    client = api(kades_desa_a)
    with django_assert_max_num_queries(5):
        r = client.get(f"/api/v1/desa/{jagabaya_whatsapp.code}/channel-health/")
    assert r.status_code == 200, r.json()
    whatsapp, email = r.json()
    assert whatsapp["channel"] == "whatsapp" and whatsapp["configured"]
    assert whatsapp["last_received_at"] and not whatsapp["quiet"]
    assert email == {
        "channel": "email",
        "label": "Email",
        "configured": False,
        "last_received_at": None,
        "last_checked_at": None,
        "last_error": "",
        "last_error_at": None,
        "quiet": False,
    } | {"label": email["label"]}


def test_a_configured_webhook_that_stopped_arriving_is_quiet(
    api, deliver, process, jagabaya_whatsapp, operator_desa_a, settings
):
    settings.CHANNEL_QUIET_HOURS = 72
    deliver(payloads.notification([payloads.text("Halo")]))
    process()
    with time_machine.travel(timezone.now() + timedelta(days=4), tick=False):
        whatsapp = health(api, operator_desa_a, jagabaya_whatsapp).json()[0]
    assert whatsapp["quiet"]


@pytest.mark.parametrize("who", ["operator_desa_b", "pejabat_desa_a", "camat_x", "warga"])
def test_others_do_not_find_the_channel_health(api, jagabaya_whatsapp, who, request):
    r = health(api, request.getfixturevalue(who), jagabaya_whatsapp)
    assert r.status_code == 404, r.json()


def test_channel_health_needs_a_login(api, jagabaya_whatsapp):
    assert api().get(f"/api/v1/desa/{jagabaya_whatsapp.code}/channel-health/").status_code == 401
