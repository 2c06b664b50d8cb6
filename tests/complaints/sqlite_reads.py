"""The hand-written reads (the user with memberships, the office inbox, a complaint's page
and its history) on the embedded SQLite default: they must agree with their ORM twins
(`complaints.reads`) there too.

Run by tests/complaints/test_sqlite_reads.py in a child process, because the suite itself
runs on PostgreSQL, with DATABASE_URL=sqlite:///… and DATA_DIR in the environment. Prints
one JSON object.
"""

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "backend"), str(REPO)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts.models import Position, Role  # noqa: E402
from complaints.models import Attachment  # noqa: E402
from complaints.reads.inbox import (  # noqa: E402
    SORTS,
    InboxFilters,
    InboxSort,
    Keyset,
    complaint_list,
    complaint_list_orm,
)
from complaints.reads.page import complaint_page, complaint_page_orm  # noqa: E402
from complaints.reads.presenters import detail_view  # noqa: E402
from complaints.reads.timeline import complaint_history, complaint_history_orm  # noqa: E402
from complaints.services import note_add  # noqa: E402
from tests.accounts.factories import MembershipFactory, UserFactory, user_with  # noqa: E402
from tests.complaints.factories import complaint_in, submit  # noqa: E402
from tests.regions.factories import desa  # noqa: E402


def run() -> dict:
    village = desa("32.07.10.2010", "Jagabaya", "JGB")
    officer = user_with(Role.INTAKE_OFFICER, village, username="petugas")
    handler = UserFactory(username="pejabat")
    MembershipFactory(
        user=handler, role=Role.HANDLER, region=village, position=Position.KASI_PEMERINTAHAN
    )
    followed = complaint_in("in_progress", village, officer=officer, handler=handler)
    note_add(complaint=followed, actor=handler, body="Dicek ke lokasi.", visibility="public")
    for token in ("foto-1", "foto-2"):
        Attachment.objects.create(
            complaint=followed, token=token, file=token, content_type="image/png", size=7
        )
    submit(village, kind="suggestion", title="Usul posyandu lansia")
    for _ in range(5):
        submit(village)

    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    inbox = []
    for person in (officer, handler):
        for name, filters in {
            "everything": InboxFilters(),
            "search POSYANDU": InboxFilters(search="POSYANDU"),
            "in progress": InboxFilters(status=["in_progress"]),
            "since yesterday": InboxFilters(submitted_from=yesterday, submitted_to=today),
        }.items():
            by_hand = complaint_list(actor=person, filters=filters, page=Keyset(3))
            by_orm = complaint_list_orm(actor=person, filters=filters, page=Keyset(3))
            inbox.append({
                "who": person.username,
                "filters": name,
                "rows": len(by_hand),
                "same_rows_as_the_orm": by_hand == by_orm,
                "anonymous_is_a_bool": all(type(row.anonymous) is bool for row in by_hand),
            })  # fmt: skip
    # Every order for the officer, and its second page (the position compared as SQLite
    # stores it).
    ordered = {}
    for text in SORTS:
        person = officer
        sort = InboxSort.parse(text)
        first = complaint_list(actor=person, filters=InboxFilters(), page=Keyset(3, sort=sort))
        after = Keyset(3, after=sort.position(first[2]), sort=sort)
        second = complaint_list(actor=person, filters=InboxFilters(), page=after)
        by_orm = [
            complaint_list_orm(actor=person, filters=InboxFilters(), page=page)
            for page in (Keyset(3, sort=sort), after)
        ]
        ordered[text] = {
            "both_pages_as_the_orm": [first, second] == by_orm,
            "rows_read": len(first) + len(second),
            "pages_share_no_row": not {row.id for row in first[:3]} & {row.id for row in second},
        }

    # A complaint's page and its history as their ORM twins read them.
    pages = {}
    for person in (officer, handler):
        by_hand = complaint_page(actor=person, code=followed.tracking_code)
        by_orm = complaint_page_orm(actor=person, code=followed.tracking_code)
        pages[person.username] = by_hand[1] == by_orm[1] and detail_view(
            *by_hand, actor=person
        ) == detail_view(*by_orm, actor=person)
    history = complaint_history(complaint=followed)
    same_history = history == complaint_history_orm(complaint=followed)

    token = RefreshToken.for_user(officer).access_token
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    me = client.get("/api/v1/me/")
    first = client.get("/api/v1/complaints/?page_size=3").json()
    second = client.get(first["next"]).json()
    detail = client.get(f"/api/v1/complaints/{followed.tracking_code}/").json()
    return {
        "vendor": connection.vendor,
        "me": [me.status_code, [m["role"] for m in me.json()["memberships"]]],
        "inbox": inbox,
        "sorted": ordered,
        "page_as_the_orm": pages,
        "history_as_the_orm": same_history,
        "history_entries": len(history.entries),
        "pages": [len(first["results"]), len(second["results"])],
        "distinct": len({r["tracking_code"] for r in first["results"] + second["results"]}),
        "timeline": [(e["type"], e["at"]) for e in detail["timeline"]],
        "attachments": [(a["token"], a["size"], a["at"]) for a in detail["attachments"]],
        "status": detail["status"],
    }


if __name__ == "__main__":
    call_command("migrate", verbosity=0, interactive=False)
    print(json.dumps(run()))
