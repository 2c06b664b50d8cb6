"""The apps above complaints act on its writes through `complaints.hooks`, in a fixed order."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments.services import assignment_effect
from complaints import hooks
from complaints.services import complaint_transition
from complaints.state import Action
from integrations.open311.listing import listing_on_complaint
from integrations.webhooks import webhooks_on_transition
from notifications.services import notify_transition
from register.services import register_on_move
from reports.rollup import rollup_on_move
from sla.services import sla_on_transition
from tests.complaints.factories import submit


def test_a_move_is_counted_then_clocked_then_told_then_published_and_registered_last():
    # The register's counter row stays locked until commit: nothing may run after it.
    assert hooks.receivers(hooks.Point.MOVED) == [
        rollup_on_move,
        sla_on_transition,
        notify_transition,
        webhooks_on_transition,
        listing_on_complaint,
        register_on_move,
    ]


def test_distribution_carries_out_assign_and_reassign():
    assert hooks.effect(Action.ASSIGN) is assignment_effect
    assert hooks.effect(Action.REASSIGN) is assignment_effect


def test_receiving_takes_the_register_number_as_its_last_statement(desa_a, operator_desa_a):
    complaint = submit(desa_a).complaint
    with CaptureQueriesContext(connection) as queries:
        complaint_transition(complaint=complaint, action=Action.RECEIVE, actor=operator_desa_a)
    statements = [q["sql"] for q in queries.captured_queries]
    locked = next(i for i, sql in enumerate(statements) if "register_registercounter" in sql)
    after = [sql for sql in statements[locked:] if not sql.startswith(("SAVEPOINT", "RELEASE"))]
    assert all("register_register" in sql for sql in after), after


def test_a_point_every_installation_needs_fails_loudly_without_a_receiver():
    with hooks.without(hooks.Point.MOVED), pytest.raises(ImproperlyConfigured):
        hooks.run(hooks.Point.MOVED, complaint=None, transition=None, updates={})


def test_connecting_a_receiver_twice_runs_it_once():
    calls = []

    def receiver(**facts):
        calls.append(facts)

    with hooks.without(hooks.Point.NOTED):
        hooks.connect(hooks.Point.NOTED, receiver, order=hooks.Order.TELL)
        hooks.connect(hooks.Point.NOTED, receiver, order=hooks.Order.TELL)
        hooks.run(hooks.Point.NOTED, complaint="c", note="n")
    assert calls == [{"complaint": "c", "note": "n"}]


def test_a_receiver_taken_off_for_a_block_misses_its_moves_and_only_those():
    # How the bench measures the moves without the rollup (bench/reports.py).
    heard = []

    def counted(**facts):
        heard.append(("counted", facts["note"]))

    def told(**facts):
        heard.append(("told", facts["note"]))

    with hooks.without(hooks.Point.NOTED):
        hooks.connect(hooks.Point.NOTED, counted, order=hooks.Order.COUNT)
        hooks.connect(hooks.Point.NOTED, told, order=hooks.Order.TELL)
        with hooks.without(hooks.Point.NOTED, counted):
            hooks.run(hooks.Point.NOTED, complaint="c", note="during")
        hooks.run(hooks.Point.NOTED, complaint="c", note="after")
    assert heard == [("told", "during"), ("counted", "after"), ("told", "after")]


def test_an_effect_nobody_provides_fails_loudly():
    with pytest.raises(ImproperlyConfigured):
        hooks.effect(Action.CLOSE)
