"""'Kami menjamin kerahasiaan identitas pelapor': who sees the reporter, and the audit."""

from django.db import connection

from complaints.models import IdentityAccess, ReporterIdentity
from tests.complaints.factories import REPORTER, complaint_in, submit


def detail(client, code):
    return client.get(f"/api/v1/complaints/{code}/")


def reporter(client, code):
    return client.get(f"/api/v1/complaints/{code}/reporter/")


def test_intake_officer_opens_the_reporter_and_the_read_is_logged(api, operator_desa_a, desa_a):
    code = submit(desa_a).complaint.tracking_code
    client = api(operator_desa_a)

    page = detail(client, code)
    logged_by_the_page = IdentityAccess.objects.count()
    r = reporter(client, code)

    assert page.json()["reporter_visible"] is True and page.json()["reporter_hidden"] is False
    assert "reporter" not in page.json()  # the page itself carries no identity
    assert "3207105505900001" not in page.content.decode()
    assert logged_by_the_page == 0
    assert r.status_code == 200, r.json()
    assert r.json()["nik"] == "3207105505900001"
    assert r.json()["phone"] == "+6281234567890"
    access = IdentityAccess.objects.get()
    assert (access.actor, access.purpose) == (operator_desa_a, "view")


def test_the_reporter_reads_their_own_identity_without_a_log_row(api, warga, desa_a):
    code = submit(desa_a, actor=warga).complaint.tracking_code

    r = reporter(api(warga), code)

    assert r.status_code == 200 and r.json()["name"] == REPORTER.name
    assert not IdentityAccess.objects.exists()


def test_opening_the_reporter_across_desa_or_as_a_stranger_is_404(
    api, operator_desa_b, camat_x, warga, desa_a
):
    code = submit(desa_a).complaint.tracking_code

    for outsider in [operator_desa_b, camat_x, warga]:
        assert reporter(api(outsider), code).status_code == 404
    assert reporter(api(), code).status_code == 401
    assert not IdentityAccess.objects.exists()


def test_handler_without_a_grant_sees_no_identity(api, operator_desa_a, pejabat_desa_a, desa_a):
    code = complaint_in(
        "assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a
    ).tracking_code
    IdentityAccess.objects.all().delete()

    r = detail(api(pejabat_desa_a), code)
    opened = reporter(api(pejabat_desa_a), code)

    assert r.status_code == 200
    assert r.json()["reporter_visible"] is False
    assert r.json()["reporter_hidden"] is True
    assert opened.status_code == 403
    for body in [r.content.decode(), opened.content.decode()]:
        assert REPORTER.name not in body
        assert "3207105505900001" not in body
    assert not IdentityAccess.objects.exists()


def test_a_grant_lets_the_handler_see_it_and_both_are_audited(
    api, operator_desa_a, pejabat_desa_a, kades_desa_a, desa_a
):
    code = complaint_in(
        "assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a
    ).tracking_code
    IdentityAccess.objects.all().delete()

    granted = api(operator_desa_a).post(
        f"/api/v1/complaints/{code}/identity-grants/",
        {"grantee": pejabat_desa_a.pk, "reason": "Perlu menghubungi pelapor untuk survei."},
    )
    page = detail(api(pejabat_desa_a), code)
    seen = reporter(api(pejabat_desa_a), code)
    log = api(kades_desa_a).get("/api/v1/desa/32.07.10.2010/identity-access/")

    assert granted.status_code == 204, granted.content
    assert page.json()["reporter_visible"] is True
    assert seen.json()["name"] == REPORTER.name
    assert [(row["purpose"], row["actor"]["id"]) for row in log.json()["results"]] == [
        ("view", pejabat_desa_a.pk),
        ("grant", operator_desa_a.pk),
    ]
    grant_row = log.json()["results"][1]
    assert grant_row["grantee"] == {"id": pejabat_desa_a.pk, "full_name": pejabat_desa_a.full_name}
    assert grant_row["reason"] == "Perlu menghubungi pelapor untuk survei."
    assert log.json()["results"][0]["grantee"] is None


def test_only_the_intake_officer_grants_and_only_to_the_assignee(
    api, operator_desa_a, pejabat_desa_a, kades_desa_a, desa_a
):
    from tests.accounts.factories import MembershipFactory

    bystander = MembershipFactory(role="handler", region=desa_a, position="sekdes").user
    code = complaint_in(
        "assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a
    ).tracking_code
    url = f"/api/v1/complaints/{code}/identity-grants/"

    by_head = api(kades_desa_a).post(url, {"grantee": pejabat_desa_a.pk, "reason": "x"})
    to_bystander = api(operator_desa_a).post(url, {"grantee": bystander.pk, "reason": "x"})

    assert by_head.status_code == 403
    assert to_bystander.status_code == 400
    assert "grantee" in to_bystander.json()["fields"]


def test_identity_is_encrypted_in_the_database(desa_a):
    complaint = submit(desa_a).complaint

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, nik, phone, address, email, nik_index FROM complaints_reporteridentity"
            " WHERE complaint_id = %s",
            [complaint.pk],
        )
        raw = " ".join(cursor.fetchone())

    for plaintext in [REPORTER.name, "3207105505900001", "81234567890", "Cikupa", "siti@"]:
        assert plaintext not in raw
    assert ReporterIdentity.objects.get(complaint=complaint).nik == "3207105505900001"


def test_same_nik_across_complaints_shares_a_lookup_hash(desa_a):
    first = submit(desa_a).complaint
    second = submit(desa_a).complaint

    a = ReporterIdentity.objects.get(complaint=first)
    b = ReporterIdentity.objects.get(complaint=second)

    assert a.nik_index == b.nik_index and a.phone_index == b.phone_index
    assert len(a.nik_index) == 64 and "3207105505900001" not in a.nik_index


def test_anonymous_complaints_carry_no_identity(api, operator_desa_a, desa_a):
    code = submit(desa_a, anonymous=True).complaint.tracking_code

    r = detail(api(operator_desa_a), code)

    assert r.json()["anonymous"] is True
    assert r.json()["reporter_visible"] is False and r.json()["reporter_hidden"] is False
    assert reporter(api(operator_desa_a), code).status_code == 404
    assert not ReporterIdentity.objects.exists()


def test_identity_access_log_is_for_the_village_head_only(
    api, operator_desa_a, pejabat_desa_a, camat_x, desa_b, kades_desa_a
):
    from tests.accounts.factories import user_with

    kades_b = user_with("village_head", desa_b)
    url = "/api/v1/desa/32.07.10.2010/identity-access/"

    assert api(kades_desa_a).get(url).status_code == 200
    for outsider in [operator_desa_a, pejabat_desa_a, camat_x, kades_b]:
        assert api(outsider).get(url).status_code == 404


def test_kecamatan_operator_never_gets_a_complaint_row(api, camat_x, desa_a):
    code = submit(desa_a).complaint.tracking_code

    assert api(camat_x).get(f"/api/v1/complaints/{code}/").status_code == 404
    assert api(camat_x).get("/api/v1/complaints/").json()["results"] == []


def test_reporter_identity_never_reaches_the_logs(api, caplog, operator_desa_a, desa_a):
    import logging

    caplog.set_level(logging.DEBUG)
    code = submit(desa_a).complaint.tracking_code

    api(operator_desa_a).get(f"/api/v1/complaints/{code}/")
    api(operator_desa_a).get(f"/api/v1/complaints/{code}/reporter/")
    api(operator_desa_a).post(f"/api/v1/complaints/{code}/transitions/", {"action": "reject"})

    logged = caplog.text
    for secret in [REPORTER.name, "3207105505900001", "81234567890"]:
        assert secret not in logged
