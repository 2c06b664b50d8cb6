"""Routing reaches a person, or says that it cannot: assignment, the fallback chain, the
routing rules the village head edits, and complaints whose holder left.

Desa A's intake officer and one verified complaint of the default category are built once for
the module (`built_once`); each test gets deep copies and its writes roll back. The other
personas stay per test: who holds which position is what these tests are about. The shared
complaint is verified and assigned to nobody, so it is in no holder's work and on no stranded
list; tests that count or list complaints still make the ones they count."""

import pytest

from accounts.models import Membership, Position, Role
from complaints.models import Complaint
from complaints.services import DEFAULT_CATEGORIES
from notifications.models import Channel, Notification
from tests.accounts.factories import MembershipFactory, UserFactory, user_with
from tests.complaints.factories import complaint_in
from tests.conftest import make_desa_a, make_operator_desa_a


def move(client, code, action, **fields):
    return client.post(f"/api/v1/complaints/{code}/transitions/", {"action": action, **fields})


def handler(desa, position, **fields):
    user = UserFactory(**fields)
    MembershipFactory(user=user, role=Role.HANDLER, region=desa, position=position)
    return user


def build_module() -> dict:
    """Desa A's intake officer, and a verified complaint of the default category (Kasi
    Pemerintahan): its submission also gives the desa its categories. Nobody holds a
    position yet; each test makes the holders it asks for. The officer and the verified
    complaint, built once for the module."""
    desa_a = make_desa_a()
    operator_desa_a = make_operator_desa_a(desa_a)
    verified = complaint_in("verified", desa_a, officer=operator_desa_a)
    return {"operator_desa_a": operator_desa_a, "verified": verified}


@pytest.fixture
def operator_desa_a(built):
    """The module's intake officer of desa A (not a second user of the same name)."""
    return built["operator_desa_a"]


@pytest.fixture
def verified(built):
    """A verified complaint of desa A, default category, assigned to nobody yet."""
    return built["verified"]


@pytest.mark.django_db
def test_each_category_reaches_an_active_holder_or_is_refused_with_the_held_positions(
    api, desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a
):
    officer = api(operator_desa_a)
    outcomes = {}
    for slug, _name, _icon, position in DEFAULT_CATEGORIES:
        complaint = complaint_in("verified", desa_a, officer=operator_desa_a, category_slug=slug)
        r = move(officer, complaint.tracking_code, "assign")
        outcomes[slug] = r.status_code
        complaint.refresh_from_db()
        if position == Position.KASI_PEMERINTAHAN:
            assert r.status_code == 200, r.json()
            assert complaint.assigned_to == pejabat_desa_a
        else:
            assert r.status_code == 409, (slug, r.json())
            body = r.json()
            assert body["code"] == "no_holder"
            assert body["position"] == position
            assert {
                (p["position"], tuple(h["id"] for h in p["holders"]))
                for p in body["held_positions"]
            } == {
                (Position.KASI_PEMERINTAHAN, (pejabat_desa_a.pk,)),
                (Position.KEPALA_DESA, (kades_desa_a.pk,)),
            }
            # Refused: nothing moved, nobody was told of an assignment.
            assert complaint.status == "verified" and complaint.assigned_position == ""
    assert sorted(outcomes.values()) == [200, 200, 409, 409, 409, 409, 409]


@pytest.mark.django_db
def test_a_position_held_by_nobody_falls_back_along_the_desas_chain_and_says_why(
    api, desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a, verified
):
    r = api(kades_desa_a).put(
        f"/api/v1/desa/{desa_a.code}/routing/",
        {"categories": [], "fallback": ["sekdes", "kepala_desa"]},
        format="json",
    )
    assert r.status_code == 200, r.json()
    complaint = complaint_in("verified", desa_a, officer=operator_desa_a, category_slug="lainnya")

    r = move(api(operator_desa_a), complaint.tracking_code, "assign")

    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["assigned_position"] == "kepala_desa"
    assert body["assigned_to"]["id"] == kades_desa_a.pk
    entry = body["timeline"][-1]
    assert entry["action"] == "assign"
    assert entry["assignment"]["rerouted_from"] == "sekdes"
    assert entry["assignment"]["rerouted_from_label"] == "Sekretaris Desa"
    assert entry["assignment"]["to_position"] == "kepala_desa"
    # The village head now handles it: they may start the follow-up.
    page = api(kades_desa_a).get(f"/api/v1/complaints/{complaint.tracking_code}/").json()
    assert "start" in page["allowed_actions"]

    # A held position is not rerouted.
    held = verified  # default category: Kasi Pemerintahan, which pejabat_desa_a holds
    r = move(api(operator_desa_a), held.tracking_code, "assign")
    assert r.json()["assigned_position"] == "kasi_pemerintahan"
    assert r.json()["timeline"][-1]["assignment"]["rerouted_from"] == ""


@pytest.mark.django_db
def test_an_explicit_position_nobody_holds_is_refused_without_a_fallback(
    api, desa_a, operator_desa_a, pejabat_desa_a, verified
):
    complaint = verified

    r = move(api(operator_desa_a), complaint.tracking_code, "assign", position="kaur_keuangan")

    assert r.status_code == 409
    assert [p["position"] for p in r.json()["held_positions"]] == ["kasi_pemerintahan"]


@pytest.mark.django_db
def test_the_assignment_notifies_every_active_holder_of_the_position(api, desa_a, operator_desa_a):
    first = handler(desa_a, Position.KASI_KESEJAHTERAAN, email="kasi1@example.id")
    second = handler(desa_a, Position.KASI_KESEJAHTERAAN)
    gone = handler(desa_a, Position.KASI_KESEJAHTERAAN, is_active=False)
    complaint = complaint_in(
        "verified", desa_a, officer=operator_desa_a, category_slug="bantuan-sosial"
    )

    r = move(api(operator_desa_a), complaint.tracking_code, "assign")

    assert r.status_code == 200, r.json()
    assert r.json()["assigned_to"] is None  # the whole position has it
    told = Notification.objects.filter(complaint=complaint, template="assigned")
    assert sorted(told.filter(channel=Channel.IN_APP).values_list("recipient", flat=True)) == (
        sorted([first.pk, second.pk])
    )
    assert list(told.filter(channel=Channel.EMAIL).values_list("recipient", flat=True)) == [
        first.pk
    ]
    assert not told.filter(recipient=gone).exists()
    # Both holders find it among their work.
    for user in (first, second):
        mine = api(user).get("/api/v1/complaints/").json()["results"]
        assert [row["tracking_code"] for row in mine] == [complaint.tracking_code]


@pytest.mark.django_db
def test_the_timeline_shows_each_reassignment_from_and_to_names_for_staff_only(
    api, desa_a, operator_desa_a, pejabat_desa_a, warga
):
    other = handler(desa_a, Position.KASI_KESEJAHTERAAN, full_name="Dedi Kurniawan")
    complaint = complaint_in("assigned", desa_a, officer=operator_desa_a, reporter=warga)
    code = complaint.tracking_code

    r = move(api(operator_desa_a), code, "reassign", assignee=other.pk, note="Bidang kesra.")

    assert r.status_code == 200, r.json()
    staff_entry = r.json()["timeline"][-1]["assignment"]
    assert staff_entry == {
        "from_position": "kasi_pemerintahan",
        "from_position_label": "Kasi Pemerintahan",
        "to_position": "kasi_kesejahteraan",
        "to_position_label": "Kasi Kesejahteraan",
        "from_person": pejabat_desa_a.full_name,
        "to_person": "Dedi Kurniawan",
        "rerouted_from": "",
        "rerouted_from_label": "",
    }
    # The reporter reads positions, never the staff's names.
    mine = api(warga).get(f"/api/v1/complaints/{code}/").json()
    reporter_entries = [e["assignment"] for e in mine["timeline"] if e["assignment"]]
    assert reporter_entries[-1] == {**staff_entry, "from_person": None, "to_person": None}
    assert pejabat_desa_a.full_name not in str(mine) and "Dedi Kurniawan" not in str(mine)


# --- the routing rules ------------------------------------------------------------------------
def routing(client, desa, body=None):
    url = f"/api/v1/desa/{desa.code}/routing/"
    return client.get(url) if body is None else client.put(url, body, format="json")


@pytest.mark.django_db
def test_the_village_head_edits_the_routing_and_adds_a_category(
    api, desa_a, kades_desa_a, operator_desa_a, pejabat_desa_a, verified
):
    # The desa got its categories with the module's complaint (`verified`).
    body = {
        "categories": [
            {"slug": "lingkungan", "name": "Lingkungan", "default_position": "kasi_pemerintahan"},
            {"name": "Air bersih", "default_position": "kasi_pemerintahan"},
            {"slug": "lainnya", "name": "Lainnya", "default_position": "", "active": False},
        ],
        "fallback": ["kepala_desa"],
    }

    r = routing(api(kades_desa_a), desa_a, body)

    assert r.status_code == 200, r.json()
    rules = {c["slug"]: c for c in r.json()["categories"]}
    assert rules["lingkungan"]["default_position"] == "kasi_pemerintahan"
    assert rules["air-bersih"] == {
        "slug": "air-bersih",
        "name": "Air bersih",
        "icon": "dots",
        "default_position": "kasi_pemerintahan",
        "active": True,
    }
    assert rules["lainnya"]["active"] is False
    assert r.json()["fallback"] == ["kepala_desa"]
    public = api().get(f"/api/v1/desa/{desa_a.code}/categories/").json()
    assert "air-bersih" in [c["slug"] for c in public]
    assert "lainnya" not in [c["slug"] for c in public]
    # The intake officer reads what routing will do (and who holds what).
    read = routing(api(operator_desa_a), desa_a)
    assert read.status_code == 200
    assert [p["position"] for p in read.json()["held_positions"]] == [
        "kasi_pemerintahan",
        "kepala_desa",
    ]


@pytest.mark.django_db
def test_routing_rejects_an_unknown_or_repeated_fallback(api, desa_a, kades_desa_a):
    for fallback in (["sekdes", "sekdes"], ["camat"]):
        r = routing(api(kades_desa_a), desa_a, {"categories": [], "fallback": fallback})
        assert r.status_code == 400
        assert [field.split(".")[0] for field in r.json()["fields"]] == ["fallback"]


@pytest.mark.django_db
def test_a_misspelt_routing_field_is_refused_and_nothing_is_saved(
    api, desa_a, kades_desa_a, operator_desa_a, verified
):
    # The desa got its categories with the module's complaint (`verified`).
    before = routing(api(kades_desa_a), desa_a).json()
    category_typo = {
        "categories": [
            {"slug": "lingkungan", "name": "Lingkungan", "defalt_position": "kasi_pemerintahan"}
        ],
        "fallback": ["kepala_desa"],
    }
    body_typo = {"categories": [], "fallback": ["kepala_desa"], "fallbak": ["sekdes"]}

    in_a_category = routing(api(kades_desa_a), desa_a, category_typo)
    in_the_body = routing(api(kades_desa_a), desa_a, body_typo)

    assert in_a_category.status_code == in_the_body.status_code == 400
    assert list(in_a_category.json()["fields"]) == ["categories.0.defalt_position"]
    assert list(in_the_body.json()["fields"]) == ["fallbak"]
    assert routing(api(kades_desa_a), desa_a).json() == before


@pytest.mark.django_db
def test_who_may_read_and_change_the_routing(
    api,
    desa_a,
    desa_b,
    kades_desa_a,
    operator_desa_a,
    operator_desa_b,
    pejabat_desa_a,
    warga,
    camat_x,
    admin_kabupaten,
):
    kades_b = user_with(Role.VILLAGE_HEAD, desa_b)
    body = {"categories": [], "fallback": []}
    assert routing(api(), desa_a).status_code == 401
    for reader in (kades_desa_a, operator_desa_a, admin_kabupaten):
        assert routing(api(reader), desa_a).status_code == 200
    for outsider in (pejabat_desa_a, warga, camat_x, operator_desa_b, kades_b):
        assert routing(api(outsider), desa_a).status_code == 404
        assert routing(api(outsider), desa_a, body).status_code == 404
    assert routing(api(operator_desa_a), desa_a, body).status_code == 403
    assert routing(api(kades_desa_a), desa_a, body).status_code == 200
    assert routing(api(kades_desa_a), desa_b).status_code == 404


# --- holders who left -------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_overview_lists_complaints_whose_holder_left(
    api, desa_a, desa_b, operator_desa_a, pejabat_desa_a, kades_desa_a, operator_desa_b
):
    left = complaint_in("assigned", desa_a, officer=operator_desa_a, title="Lampu jalan mati")
    handled = complaint_in(
        "verified", desa_a, officer=operator_desa_a, category_slug="bantuan-sosial"
    )
    stays = handler(desa_a, Position.KASI_KESEJAHTERAAN)
    move(api(operator_desa_a), handled.tracking_code, "assign")
    url = f"/api/v1/desa/{desa_a.code}/complaints-stranded/"
    assert api(kades_desa_a).get(url).json() == []

    Membership.objects.filter(user=pejabat_desa_a).delete()  # the Kasi left office

    r = api(kades_desa_a).get(url)
    assert r.status_code == 200
    assert r.json() == [
        {
            "tracking_code": left.tracking_code,
            "title": "Lampu jalan mati",
            "status": "assigned",
            "assigned_position": "kasi_pemerintahan",
        }
    ]
    stays.is_active = False  # deactivated: the position is vacant
    stays.save()
    codes = [row["tracking_code"] for row in api(operator_desa_a).get(url).json()]
    assert codes == [left.tracking_code, handled.tracking_code]
    assert api(operator_desa_b).get(url).status_code == 404
    # Redistributing it takes it off the list.
    new = handler(desa_a, Position.KASI_PEMERINTAHAN)
    r = move(api(kades_desa_a), left.tracking_code, "reassign", assignee=new.pk)
    assert r.status_code == 200, r.json()
    assert Complaint.objects.get(pk=left.pk).assigned_to == new
    codes = [row["tracking_code"] for row in api(kades_desa_a).get(url).json()]
    assert codes == [handled.tracking_code]
