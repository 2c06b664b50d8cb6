"""The state table alone, without a database: every (state, action) pair."""

import itertools
from collections import deque

import pytest

from complaints import state
from complaints.state import Action, Capacity, Status

PAIRS = list(itertools.product(Status, Action))


@pytest.mark.parametrize(("status", "action"), PAIRS)
def test_every_pair_is_either_a_move_of_the_table_or_refused(status, action):
    move = state.TRANSITIONS.get((status, action))

    assert state.target(status, action) == (move[0] if move else None)
    for capacity in Capacity:
        assert state.may(status, action, {capacity}) == bool(move and capacity in move[1])


def test_finished_complaints_allow_no_move():
    for status in state.TERMINAL:
        assert state.moves_from(status) == []


def test_every_open_state_has_a_way_forward():
    for status in state.OPEN:
        assert state.moves_from(status), status


def test_every_state_can_be_reached_from_submission():
    reached, queue = {Status.SUBMITTED}, deque([Status.SUBMITTED])
    while queue:
        current = queue.popleft()
        for action in state.moves_from(current):
            following = state.target(current, action)
            if following not in reached:
                reached.add(following)
                queue.append(following)

    assert reached == set(Status)


def test_domain_moves_exist_with_their_roles():
    expected = {
        (Status.SUBMITTED, Action.RECEIVE): (Status.RECEIVED, Capacity.INTAKE),
        (Status.RECEIVED, Action.VERIFY): (Status.VERIFIED, Capacity.INTAKE),
        (Status.RECEIVED, Action.REJECT): (Status.REJECTED, Capacity.INTAKE),
        (Status.RECEIVED, Action.REQUEST_INFO): (Status.NEEDS_INFO, Capacity.INTAKE),
        (Status.NEEDS_INFO, Action.SUPPLY_INFO): (Status.RECEIVED, Capacity.REPORTER),
        (Status.VERIFIED, Action.ASSIGN): (Status.ASSIGNED, Capacity.HEAD),
        (Status.ASSIGNED, Action.START): (Status.IN_PROGRESS, Capacity.ASSIGNEE),
        (Status.IN_PROGRESS, Action.ANSWER): (Status.ANSWERED, Capacity.ASSIGNEE),
        (Status.ANSWERED, Action.CONFIRM): (Status.CLOSED, Capacity.REPORTER),
        (Status.ANSWERED, Action.OBJECT): (Status.REOPENED, Capacity.REPORTER),
        (Status.ANSWERED, Action.CLOSE): (Status.CLOSED, Capacity.SYSTEM),
        (Status.REOPENED, Action.ASSIGN): (Status.ASSIGNED, Capacity.INTAKE),
    }
    for (status, action), (target, capacity) in expected.items():
        assert state.target(status, action) == target
        assert state.may(status, action, {capacity})


def test_the_reporter_cannot_move_a_complaint_through_the_office_steps():
    office_moves = [Action.RECEIVE, Action.VERIFY, Action.ASSIGN, Action.ANSWER, Action.REJECT]

    for status, action in PAIRS:
        if action in office_moves:
            assert not state.may(status, action, {Capacity.REPORTER})


def test_allowed_actions_lists_only_what_the_capacity_may_do_now():
    assert state.allowed_actions(Status.ANSWERED, {Capacity.REPORTER}) == [
        Action.CONFIRM,
        Action.OBJECT,
    ]
    assert state.allowed_actions(Status.ANSWERED, {Capacity.INTAKE}) == []
    assert state.allowed_actions(Status.RECEIVED, {Capacity.INTAKE}) == [
        Action.VERIFY,
        Action.REJECT,
        Action.REQUEST_INFO,
        Action.MARK_DUPLICATE,
        Action.FORWARD,
    ]
