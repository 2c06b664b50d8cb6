"""Sign-ups whose WhatsApp code never came back are deleted after
SIGNUP_UNVERIFIED_RETENTION_HOURS, freeing the number; nothing else is touched."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Membership, Role, User
from accounts.tasks import purge_unverified_signups
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.accounts.test_signup_verify import NEW_PHONE, received_code, sign_up, verify
from tests.notifications.servers import whatsapp_gateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    with whatsapp_gateway() as (server, url):
        settings.WHATSAPP_API_URL, settings.WHATSAPP_TOKEN = url, "gateway-token"
        yield server


def later(hours: float):
    return time_machine.travel(timezone.now() + timedelta(hours=hours), tick=False)


def test_an_unverified_sign_up_is_deleted_after_the_retention_and_frees_the_number(
    api, desa_a, gateway, settings
):
    settings.SIGNUP_UNVERIFIED_RETENTION_HOURS = 48
    assert sign_up(api, desa=desa_a.code).status_code == 202

    with later(47):
        kept = purge_unverified_signups()
    with later(49):
        deleted = purge_unverified_signups()
        again = purge_unverified_signups()
        assert sign_up(api, full_name="Asep").status_code == 202
        fresh = verify(api, received_code(gateway))

    assert (kept, deleted, again) == (0, 1, 0)
    assert fresh.status_code == 200, fresh.json()
    user = User.objects.get(phone=NEW_PHONE)
    assert user.full_name == "Asep" and user.is_active
    assert not Membership.objects.filter(user=user).exists()  # the old sign-up's desa went too


def test_the_retention_counts_from_the_latest_start_of_the_sign_up(api, db, gateway):
    sign_up(api)
    with later(40):
        sign_up(api)
    with later(60):
        assert purge_unverified_signups() == 0
    with later(90):
        assert purge_unverified_signups() == 1


def test_verified_staff_and_official_accounts_are_never_purged(
    api, desa_a, warga, operator_desa_a, gateway
):
    sign_up(api)
    verify(api, received_code(gateway))
    staff = UserFactory(is_active=False, is_staff=True, awaiting_phone_verification=True)
    official = UserFactory(is_active=False, awaiting_phone_verification=True)
    MembershipFactory(user=official, role=Role.INTAKE_OFFICER, region=desa_a)
    disabled = UserFactory(is_active=False)

    with later(24 * 365):
        assert purge_unverified_signups() == 0

    kept = {NEW_PHONE, warga.username, operator_desa_a.username}
    kept |= {staff.username, official.username, disabled.username}
    assert kept <= set(User.objects.values_list("username", flat=True))
