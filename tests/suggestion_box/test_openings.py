"""Openings: what they record, and when they are complete (lengkap) or not."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.errors import NotAllowed
from suggestion_box import selectors, services
from suggestion_box.models import DeclaredCountChange, Slip
from tests.suggestion_box.conftest import WITNESSES, add_slip, open_box

pytestmark = pytest.mark.django_db


def _incomplete_ids(desa) -> list[int]:
    return [o.pk for o in selectors.opening_list(desa=desa, incomplete=True)]


def test_an_opening_is_incomplete_until_every_declared_slip_is_entered(desa_a, box_a):
    opening = open_box(desa_a, box_a, declared=3)
    add_slip(opening, box_a, title="Slip satu")
    add_slip(opening, box_a, title="Slip dua")

    assert _incomplete_ids(desa_a) == [opening.pk]
    assert selectors.opening_list(desa=desa_a, incomplete=False).count() == 0

    add_slip(opening, box_a, title="Slip tiga")

    assert _incomplete_ids(desa_a) == []
    listed = selectors.opening_list(desa=desa_a, incomplete=False).get()
    assert (listed.pk, listed.entered_count, listed.declared_count) == (opening.pk, 3, 3)


def test_the_head_sees_the_incomplete_opening_then_no_longer(api, desa_a, box_a, kades_desa_a):
    opening = open_box(desa_a, box_a, declared=3)
    add_slip(opening, box_a)
    add_slip(opening, box_a)
    url = f"/api/v1/desa/{desa_a.code}/suggestion-box/openings/?incomplete=true"

    before = api(kades_desa_a).get(url)
    add_slip(opening, box_a)
    after = api(kades_desa_a).get(url)

    assert before.status_code == 200, before.json()
    assert before.json()["count"] == 1
    row = before.json()["results"][0]
    assert (row["id"], row["entered_count"], row["complete"]) == (opening.pk, 2, False)
    assert after.json()["count"] == 0


def test_more_slips_than_declared_is_incomplete_too(desa_a, box_a):
    opening = open_box(desa_a, box_a, declared=1)
    add_slip(opening, box_a)
    add_slip(opening, box_a, title="Slip yang terlewat dihitung")

    assert _incomplete_ids(desa_a) == [opening.pk]


def test_an_opening_with_no_slip_found_is_complete_at_once(desa_a, box_a):
    open_box(desa_a, box_a, declared=0)

    assert _incomplete_ids(desa_a) == []


def test_correcting_the_declared_count_keeps_its_history(api, desa_a, box_a):
    opening = open_box(desa_a, box_a, declared=3)
    add_slip(opening, box_a)
    add_slip(opening, box_a)
    url = f"/api/v1/desa/{desa_a.code}/suggestion-box/openings/{opening.pk}/"

    r = api(box_a).patch(
        url, {"declared_count": 2, "reason": "Dua lembar ternyata satu slip."}, format="json"
    )

    assert r.status_code == 200, r.json()
    assert (r.json()["declared_count"], r.json()["complete"]) == (2, True)
    [change] = r.json()["count_changes"]
    assert (change["from_count"], change["to_count"]) == (3, 2)
    assert change["reason"] == "Dua lembar ternyata satu slip."
    assert change["changed_by"] == "Neneng Rohaeni"
    assert _incomplete_ids(desa_a) == []
    assert Slip.objects.filter(opening=opening).count() == 2  # nothing was deleted


def test_a_count_correction_needs_a_reason_and_a_new_number(desa_a, box_a):
    opening = open_box(desa_a, box_a, declared=3)

    with pytest.raises(ValidationError) as no_reason:
        services.opening_declared_count_change(
            opening=opening, actor=box_a, declared_count=2, reason=" "
        )
    with pytest.raises(ValidationError) as same:
        services.opening_declared_count_change(
            opening=opening, actor=box_a, declared_count=3, reason="Salah hitung."
        )

    assert "reason" in no_reason.value.message_dict
    assert "declared_count" in same.value.message_dict
    assert not DeclaredCountChange.objects.exists()


def test_an_opening_cannot_be_in_the_future(desa_a, box_a):
    with pytest.raises(ValidationError) as refused:
        open_box(desa_a, box_a, opened_at=timezone.now() + timedelta(minutes=5))

    assert "opened_at" in refused.value.message_dict


def test_openers_are_members_of_the_desa_box_team(
    desa_a, box_a, box_b, operator_desa_a, pejabat_desa_a
):
    for outsider in (box_b, operator_desa_a, pejabat_desa_a):
        with pytest.raises(ValidationError) as refused:
            open_box(desa_a, box_a, openers=[box_a, outsider])
        assert "openers" in refused.value.message_dict


def test_an_intake_officer_may_record_the_opening_of_the_box_team(desa_a, box_a, operator_desa_a):
    opening = open_box(desa_a, operator_desa_a, openers=[box_a])

    assert list(opening.openers.all()) == [box_a]
    assert opening.recorded_by == operator_desa_a


def test_an_opening_needs_a_witness_with_name_and_position(desa_a, box_a):
    for witnesses in ([], [services.Witness(name="Pak RT", position="")]):
        with pytest.raises(ValidationError) as refused:
            services.opening_create(
                desa=desa_a,
                actor=box_a,
                opened_at=timezone.now(),
                opener_ids=[box_a.pk],
                witnesses=witnesses,
                declared_count=1,
            )
        assert "witnesses" in refused.value.message_dict


def test_the_head_may_read_but_not_record(desa_a, box_a, kades_desa_a):
    opening = open_box(desa_a, box_a)

    with pytest.raises(NotAllowed):
        open_box(desa_a, kades_desa_a, openers=[box_a])
    with pytest.raises(NotAllowed):
        add_slip(opening, kades_desa_a)


def test_creating_an_opening_through_the_api(api, desa_a, box_a, box_a2):
    body = {
        "opened_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "openers": [box_a.pk, box_a2.pk],
        "witnesses": [{"name": w.name, "position": w.position} for w in WITNESSES],
        "declared_count": 2,
        "notes": "",
    }

    r = api(box_a).post(f"/api/v1/desa/{desa_a.code}/suggestion-box/openings/", body, format="json")

    assert r.status_code == 201, r.json()
    assert [o["full_name"] for o in r.json()["openers"]] == ["Neneng Rohaeni", "Asep Sunandar"]
    assert r.json()["witnesses"][0] == {"name": "Haji Dadang Suryana", "position": "Ketua BPD"}
    assert (r.json()["entered_count"], r.json()["complete"]) == (0, False)


def test_the_api_refuses_an_unknown_field_and_a_negative_count(api, desa_a, box_a):
    url = f"/api/v1/desa/{desa_a.code}/suggestion-box/openings/"
    body = {
        "opened_at": timezone.now().isoformat(),
        "openers": [box_a.pk],
        "witnesses": [{"name": "Pak RT", "position": "Ketua RT"}],
        "declared_count": -1,
    }

    negative = api(box_a).post(url, body, format="json")
    unknown = api(box_a).post(url, {**body, "declared_count": 1, "slips": 3}, format="json")

    assert negative.status_code == 400
    assert "declared_count" in negative.json()["fields"]
    assert unknown.status_code == 400
