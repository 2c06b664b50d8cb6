"""The admin shows openings read-mostly: no adding, no deleting, slips only listed."""

import pytest

from tests.suggestion_box.conftest import add_slip, open_box

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_shows_an_opening_but_cannot_add_or_delete(
    client, admin_kabupaten, desa_a, box_a
):
    opening = open_box(desa_a, box_a, declared=1)
    add_slip(opening, box_a)
    client.force_login(admin_kabupaten)

    listed = client.get("/admin/suggestion_box/opening/")
    shown = client.get(f"/admin/suggestion_box/opening/{opening.pk}/change/")
    add = client.get("/admin/suggestion_box/opening/add/")
    delete = client.get(f"/admin/suggestion_box/opening/{opening.pk}/delete/")

    assert listed.status_code == 200
    assert shown.status_code == 200
    assert "Haji Dadang Suryana" in shown.content.decode()
    assert add.status_code == 403
    assert delete.status_code == 403
