"""The rollup's upsert and a report on the embedded SQLite default (`make run` without a
database). Run by tests/reports/test_sqlite.py in a child process; prints one JSON object."""

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "backend"), str(REPO)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts.models import Position, Role  # noqa: E402
from complaints.services import complaint_transition, note_add  # noqa: E402
from complaints.state import Capacity  # noqa: E402
from reports.rollup import (  # noqa: E402
    summaries_from_tallies,
    summaries_of_desa_under,
    summaries_stored,
    tallies_from_complaints,
    tallies_stored,
    years_from_tallies,
    years_stored,
)
from tests.accounts.factories import MembershipFactory, UserFactory, user_with  # noqa: E402
from tests.complaints.factories import complaint_in  # noqa: E402
from tests.regions.factories import desa  # noqa: E402


def run() -> dict:
    village = desa("32.07.10.2010", "Jagabaya", "JGB")
    officer = user_with(Role.INTAKE_OFFICER, village, username="petugas")
    handler = UserFactory(username="pejabat")
    MembershipFactory(
        user=handler, role=Role.HANDLER, region=village, position=Position.KASI_PEMERINTAHAN
    )
    reopened = complaint_in("reopened", village, officer=officer, handler=handler)
    for action, who, fields in [("assign", officer, {}), ("start", handler, {}),
                                ("answer", handler, {"answer": "Selesai."})]:  # fmt: skip
        complaint_transition(complaint=reopened, action=action, actor=who, **fields)
    complaint_transition(
        complaint=reopened, action="confirm", actor=None, as_capacity=Capacity.REPORTER, rating=5
    )
    noted = complaint_in("in_progress", village, officer=officer, handler=handler)
    note_add(complaint=noted, actor=handler, body="Dicek ke lokasi.", visibility="public")
    complaint_in("rejected", village, officer=officer)

    token = RefreshToken.for_user(officer).access_token
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    report = client.get("/api/v1/reports/desa/32.07.10.2010/", {"by": "category"})
    public = Client(HTTP_HOST="127.0.0.1").get("/api/v1/reports/public/desa/32.07.10.2010/")
    stored = tallies_stored([village.pk])[village.pk]
    direct = tallies_from_complaints([village.pk])[village.pk]
    kecamatan, kabupaten = village.parent, village.parent.parent
    summaries = summaries_stored([village.pk, kecamatan.pk, kabupaten.pk])
    return {
        "agree": stored == direct,
        "summary_agrees": summaries[village.pk] == summaries_from_tallies(direct)
        and all(summaries[r.pk] == summaries_of_desa_under(r) for r in (kecamatan, kabupaten))
        and bool(summaries[kabupaten.pk]),
        "years_agree": years_stored([village.pk])[village.pk] == years_from_tallies(direct)
        and bool(years_from_tallies(direct)),
        "cells": len(stored),
        "report": [report.status_code, report.json()["totals"]["received"]],
        "public": public.status_code,
    }


if __name__ == "__main__":
    call_command("migrate", verbosity=0, interactive=False)
    print(json.dumps(run()))
