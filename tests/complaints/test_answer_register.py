"""An answer without files reads in the register's follow-up column as it always did.

Kept apart from test_answer_attachments.py, whose complaint in progress is made once for
that module: this test reads every register row of desa A and expects only its own."""

import pytest

from complaints.state import Status
from register.selectors import RegisterFilters, register_entries, register_rows
from tests.complaints.factories import advance, submit

pytestmark = pytest.mark.django_db


def test_an_answer_without_files_reads_as_before_in_the_register(
    desa_a, operator_desa_a, pejabat_desa_a
):
    complaint = submit(desa_a).complaint
    advance(complaint, Status.ANSWERED, officer=operator_desa_a, handler=pejabat_desa_a)

    [row] = register_rows(
        register_entries(desa=desa_a, filters=RegisterFilters()), desa=desa_a, viewer_keeps=True
    )

    assert row.follow_up == "Sudah diperbaiki."
