"""The demo complaints that `seed_demo` plays through the services in each demo desa: what
the data looks like (seeded once for the module; `test_seed_demo.py` tests the command)."""

import itertools

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import Role
from common.phone import phone_normalise
from complaints.identity import nik_normalise
from complaints.models import Channel, Complaint, Kind, ReporterIdentity, Transition
from complaints.services import DEFAULT_CATEGORIES
from complaints.state import Capacity, Status
from demo.complaints import STORIES
from demo.suggestion_box import SLIPS
from suggestion_box.models import Opening

DEMO_DESA = {"32.07.10.2010": "3207", "33.22.02.2006": "3322"}  # code → regency digits of NIKs


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """The demo, seeded once for the whole module (every test here only reads it), inside a
    transaction rolled back when the module ends, so no other module ever sees it."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        call_command("seed_demo", quiet=True)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded_once, db):
    """Each test in a savepoint of its own inside the seeded transaction."""


def complaints_of(code: str):
    return Complaint.objects.filter(desa__code=code)


def test_each_demo_desa_has_complaints_in_every_status_kind_channel_and_category(demo):
    for code in DEMO_DESA:
        complaints = complaints_of(code)

        assert complaints.count() >= 25
        # Every state a desa's book shows; dismissed spam is purged, not demonstrated.
        shown = set(Status.values) - {Status.SPAM}
        assert set(complaints.values_list("status", flat=True)) == shown
        assert set(complaints.values_list("kind", flat=True)) == set(Kind.values)
        # Every channel but an application's: the demo registers no third-party application.
        assert set(complaints.values_list("channel", flat=True)) == set(Channel.values) - {
            Channel.APPLICATION
        }
        assert set(complaints.values_list("category__slug", flat=True)) == {
            slug for slug, *_rest in DEFAULT_CATEGORIES
        }


def test_demo_complaints_come_in_through_the_people_who_use_each_channel(demo):
    def roles(user):
        return {m.role for m in user.memberships.all()} if user else set()

    for complaint in Complaint.objects.select_related("entered_by", "reporter_account"):
        if complaint.channel == Channel.WEB:
            assert complaint.entered_by is None
            assert roles(complaint.reporter_account) <= {Role.RESIDENT}
        elif complaint.channel == Channel.SUGGESTION_BOX:
            assert roles(complaint.entered_by) == {Role.BOX_TEAM}
        else:
            assert roles(complaint.entered_by) == {Role.INTAKE_OFFICER}
    assert Complaint.objects.filter(channel=Channel.WEB, reporter_account__isnull=False).exists()
    assert Complaint.objects.filter(channel=Channel.WEB, anonymous=True).exists()


def test_some_demo_complaints_are_anonymous_and_carry_no_identity(demo):
    for code in DEMO_DESA:
        anonymous = complaints_of(code).filter(anonymous=True)

        assert anonymous.count() >= 3
        assert not ReporterIdentity.objects.filter(complaint__in=anonymous).exists()


def test_named_demo_reporters_have_an_encrypted_identity_with_a_valid_nik_and_phone(demo):
    for code, regency in DEMO_DESA.items():
        named = complaints_of(code).filter(anonymous=False)
        identities = ReporterIdentity.objects.filter(complaint__in=named)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT nik, phone FROM {ReporterIdentity._meta.db_table} "
                "WHERE complaint_id = ANY(%s)",
                [list(named.values_list("pk", flat=True))],
            )
            stored = cursor.fetchall()

        assert identities.count() == named.count() >= 10
        for identity in identities:
            assert nik_normalise(identity.nik) == identity.nik
            assert identity.nik.startswith(regency)
            assert phone_normalise(identity.phone).startswith("+628")
            assert identity.name and identity.address
        for nik, phone in stored:
            assert nik.startswith("gAAAA") and phone.startswith("gAAAA")  # Fernet tokens
            assert not nik.isdigit()


def test_a_named_demo_reporter_keeps_one_nik_across_complaints(demo):
    by_name: dict[str, set[str]] = {}
    for identity in ReporterIdentity.objects.select_related("complaint__desa"):
        key = f"{identity.complaint.desa.code} {identity.name}"
        by_name.setdefault(key, set()).add(identity.nik)

    assert all(len(niks) == 1 for niks in by_name.values()), by_name


def test_running_seed_demo_twice_adds_no_complaints(demo):
    counts = (Complaint.objects.count(), Transition.objects.count())

    call_command("seed_demo", quiet=True)

    assert (Complaint.objects.count(), Transition.objects.count()) == counts
    assert counts[0] == 2 * len(STORIES) + len(SLIPS)  # the box's slips: Jagabaya only
    assert Opening.objects.count() == 1


def test_every_demo_complaint_status_is_where_its_history_leads(demo):
    for complaint in Complaint.objects.prefetch_related("transitions"):
        history = list(complaint.transitions.all())

        if not history:
            assert complaint.status == Status.SUBMITTED, complaint
            continue
        assert complaint.status == history[-1].to_status, complaint
        assert history[0].from_status == Status.SUBMITTED
        for before, after in itertools.pairwise(history):
            assert after.from_status == before.to_status
            assert after.at > before.at


def test_demo_complaints_happened_over_past_weeks_and_none_in_the_future(demo):
    now = timezone.now()
    submitted = sorted(Complaint.objects.values_list("submitted_at", flat=True))
    last_move = max(Transition.objects.values_list("at", flat=True))

    assert (now - submitted[0]).days >= 30
    assert (now - submitted[-1]).total_seconds() > 0
    assert last_move < now
    for complaint in Complaint.objects.exclude(received_at=None).select_related("box_slip"):
        assert complaint.received_at < now
        if not hasattr(complaint, "box_slip"):  # a slip was received when the box opened,
            assert complaint.submitted_at <= complaint.received_at  # before it was typed in


def test_jagabaya_shows_a_box_opening_before_witnesses_with_its_slips_as_complaints(demo):
    [opening] = Opening.objects.select_related("desa").prefetch_related("openers")
    assert opening.desa.code == "32.07.10.2010"
    assert [w["position"] for w in opening.witnesses] == ["Ketua BPD", "Ketua RW 02"]
    assert [u.username for u in opening.openers.all()] == ["kotak.jagabaya"]
    slips = list(opening.slips.select_related("complaint").order_by("number"))
    assert [slip.number for slip in slips] == [1, 2] and opening.declared_count == 2
    for slip in slips:
        assert slip.complaint.channel == Channel.SUGGESTION_BOX
        assert slip.complaint.status == Status.RECEIVED
        assert slip.complaint.received_at == opening.opened_at
        assert slip.complaint.register_entry is not None


def test_a_walk_in_demo_complaint_was_confirmed_on_the_reporters_behalf(demo):
    for code in DEMO_DESA:
        move = Transition.objects.get(
            complaint__desa__code=code, action="confirm", capacity=Capacity.ON_BEHALF
        )
        assert move.complaint.channel == Channel.WALK_IN
        assert move.actor.username.startswith("petugas.")
        assert move.data.get("on_behalf_via") == "in_person"
        assert move.complaint.status == Status.CLOSED and move.complaint.rating == 5


def test_closed_demo_complaints_confirmed_by_the_reporter_carry_a_rating_and_comment(demo):
    confirmed = Complaint.objects.filter(transitions__action="confirm")

    assert confirmed.count() >= 6
    for complaint in confirmed:
        assert complaint.status == Status.CLOSED
        assert 1 <= complaint.rating <= 5
        assert complaint.rating_comment


def test_each_demo_desa_has_closed_complaints_approved_for_the_bpd_report(demo):
    from reports.selectors import Period, what_was_done

    for code in DEMO_DESA:
        desa = complaints_of(code).first().desa
        this_month = timezone.localdate().replace(day=1)
        # The stories happened over the past weeks: the last twelve months hold them.
        months = Period(kind="range", first=this_month.replace(year=this_month.year - 1),
                        last=this_month)  # fmt: skip
        done, total = what_was_done(desa=desa, period=months)

        assert total >= 3
        assert all(entry["title"] and entry["outcome"] for entry in done)
