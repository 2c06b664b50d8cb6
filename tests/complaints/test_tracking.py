"""Following a complaint with the tracking code and PIN, without an account."""

from tests.complaints.factories import advance, submit


def track(api, code, pin, **extra):
    return api().post("/api/v1/track/", {"code": code, "pin": pin}, **extra)


def test_code_and_pin_show_the_public_view_without_identity_or_staff_names(
    api, operator_desa_a, pejabat_desa_a, desa_a
):
    submitted = submit(desa_a)
    complaint = submitted.complaint

    advance(complaint, "assigned", officer=operator_desa_a, handler=pejabat_desa_a)

    r = track(api, complaint.tracking_code, submitted.pin)

    assert r.status_code == 200, r.json()
    body = r.content.decode()
    assert r.json()["status"] == "assigned"
    assert [entry["to_status"] for entry in r.json()["timeline"]] == [
        "received",
        "verified",
        "assigned",
    ]
    assert all(entry["actor_name"] is None for entry in r.json()["timeline"])
    for secret in ["Siti", "3207105505900001", pejabat_desa_a.full_name, "reporter"]:
        assert secret not in body


def test_code_is_read_tolerantly(api, desa_a):
    submitted = submit(desa_a)
    code = submitted.complaint.tracking_code
    typed = f"{code[:5].lower()} - {code[5:]}"

    assert track(api, typed, submitted.pin).status_code == 200


def test_wrong_pin_looks_exactly_like_an_unknown_code(api, desa_a):
    submitted = submit(desa_a)

    wrong = "000000" if submitted.pin != "000000" else "111111"
    wrong_pin = track(api, submitted.complaint.tracking_code, wrong)
    unknown = track(api, "ZZZZZZZZZZ", submitted.pin)

    assert wrong_pin.status_code == unknown.status_code == 404
    assert wrong_pin.json() == unknown.json()


def test_pin_guessing_against_one_code_is_throttled(api, settings, desa_a):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "track_code": "5/hour",
        },
    }
    submitted = submit(desa_a)
    code = submitted.complaint.tracking_code

    answers = [
        track(api, code, f"{guess:06d}", REMOTE_ADDR=f"10.0.0.{guess}").status_code
        for guess in range(5)
    ]
    after = track(api, code, submitted.pin, REMOTE_ADDR="10.0.0.99")

    assert answers.count(404) >= 4  # (one guess in a million might be right)
    assert after.status_code == 429
    assert after.json()["code"] == "throttled"


def test_reporter_confirms_and_rates_with_code_and_pin(
    api, operator_desa_a, pejabat_desa_a, desa_a
):
    submitted = submit(desa_a)

    advance(submitted.complaint, "answered", officer=operator_desa_a, handler=pejabat_desa_a)

    r = api().post(
        "/api/v1/track/transitions/",
        {
            "code": submitted.complaint.tracking_code,
            "pin": submitted.pin,
            "action": "confirm",
            "rating": 4,
            "comment": "Cepat.",
        },
    )

    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "closed" and r.json()["rating"] == 4
    assert r.json()["allowed_actions"] == []


def test_code_and_pin_cannot_make_office_moves(api, desa_a):
    submitted = submit(desa_a)

    r = api().post(
        "/api/v1/track/transitions/",
        {"code": submitted.complaint.tracking_code, "pin": submitted.pin, "action": "receive"},
    )

    assert r.status_code == 400
    assert "action" in r.json()["fields"]


def test_the_offices_fields_are_refused_with_code_and_pin_not_dropped(
    api, operator_desa_a, pejabat_desa_a, desa_a
):
    submitted = submit(desa_a)
    advance(submitted.complaint, "answered", officer=operator_desa_a, handler=pejabat_desa_a)
    move = {"code": submitted.complaint.tracking_code, "pin": submitted.pin, "action": "object"}

    r = api().post(
        "/api/v1/track/transitions/",
        {**move, "reason": "Masih tersumbat.", "answer": "x", "position": "sekdes", "assignee": 1},
        format="json",
    )

    assert r.status_code == 400, r.json()
    assert set(r.json()["fields"]) == {"answer", "position", "assignee"}
    submitted.complaint.refresh_from_db()
    assert submitted.complaint.status == "answered"


def test_a_move_out_of_turn_with_code_and_pin_is_409(api, desa_a):
    submitted = submit(desa_a)

    r = api().post(
        "/api/v1/track/transitions/",
        {
            "code": submitted.complaint.tracking_code,
            "pin": submitted.pin,
            "action": "confirm",
            "rating": 5,
        },
    )

    assert r.status_code == 409
    assert r.json()["allowed_actions"] == []


def test_resident_with_account_lists_only_their_own(api, warga, operator_desa_a, desa_a):
    mine = submit(desa_a, actor=warga).complaint
    submit(desa_a)  # someone else's

    r = api(warga).get("/api/v1/complaints/")

    assert [c["tracking_code"] for c in r.json()["results"]] == [mine.tracking_code]


def test_code_and_pin_show_back_the_place_the_reporter_gave(api, desa_a):
    submitted = submit(
        desa_a, location_text="Depan balai desa", latitude="-6.846500", longitude="108.480100"
    )

    r = track(api, submitted.complaint.tracking_code, submitted.pin)

    assert r.status_code == 200, r.json()
    body = r.json()
    assert (body["location_text"], body["latitude"], body["longitude"]) == (
        "Depan balai desa",
        "-6.846500",
        "108.480100",
    )
    assert body["description"] == "Air meluap ke jalan setiap hujan."
    assert body["desa"]["name"] == desa_a.name
