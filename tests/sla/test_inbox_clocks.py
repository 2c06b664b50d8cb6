"""The inbox shows each row's clock as the complaint's page does, though a page counts the
working days left once per desa and due day (`sla.presentation.PageClocks`)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Role
from sla.models import ComplaintSla
from sla.services import calendar_day_set
from tests.accounts.factories import MembershipFactory
from tests.complaints.factories import complaint_in

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=WIB)  # a Monday


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(NOW, tick=False):
        yield


def test_rows_due_the_same_day_in_two_desa_count_each_desa_s_own_days_off(
    api, operator_desa_a, desa_a, desa_a2
):
    # given: an officer of both desa; one running clock in each and a paused one in A
    MembershipFactory(user=operator_desa_a, role=Role.INTAKE_OFFICER, region=desa_a2)
    in_a = complaint_in("received", desa_a, officer=operator_desa_a)
    also_in_a = complaint_in("received", desa_a, officer=operator_desa_a)
    in_a2 = complaint_in("received", desa_a2, officer=operator_desa_a)
    paused = complaint_in("needs_info", desa_a, officer=operator_desa_a)
    # A declares Thursday off; then every running clock is made due the same Monday
    calendar_day_set(actor=None, day=date(2026, 3, 5), kind="day_off", name="Merti", desa=desa_a)
    due_on = date(2026, 3, 9)
    deadline = datetime(2026, 3, 10, tzinfo=WIB)
    ComplaintSla.objects.filter(state="running").update(due_on=due_on, deadline=deadline)

    client = api(operator_desa_a)
    rows = client.get("/api/v1/complaints/?page_size=50").json()["results"]
    shown = {row["tracking_code"]: row["sla"] for row in rows}

    # then: Tue, Wed, Fri, Mon are left in A; Tue to Mon, five days, in A2
    assert shown[in_a.tracking_code]["remaining_working_days"] == 4
    assert shown[also_in_a.tracking_code]["remaining_working_days"] == 4
    assert shown[in_a2.tracking_code]["remaining_working_days"] == 5
    assert shown[paused.tracking_code]["state"] == "paused"
    assert shown[paused.tracking_code]["due_on"] is None
    # and each row says what its own page says
    for complaint in (in_a, in_a2, paused):
        page = client.get(f"/api/v1/complaints/{complaint.tracking_code}/").json()["sla"]
        assert page == shown[complaint.tracking_code]
    assert datetime.fromisoformat(shown[in_a.tracking_code]["deadline"]) == deadline
