"""The state table alone, without a database: every (state, action) pair."""

import itertools
from collections import deque

import pytest

from complaints import state
from complaints.state import Action, Capacity, Status

PAIRS = list(itertools.product(Status, Action))

# The moves of the SOP and who makes them, written out by hand from docs/domain.md rather than
# read from `state.TRANSITIONS`: a move added, dropped or given to someone else in the product
# table fails here until this page of the rule book says so too.
#   from          action          to           who may make it
MOVES = """
    submitted     receive         received     intake box_team
    submitted     reject          rejected     intake
    submitted     dismiss_spam    spam         intake system
    submitted     mark_duplicate  duplicate    intake
    received      verify          verified     intake
    received      reject          rejected     intake
    received      request_info    needs_info   intake
    received      mark_duplicate  duplicate    intake
    received      forward         forwarded    intake head
    needs_info    supply_info     received     reporter intake on_behalf
    verified      assign          assigned     intake head
    verified      prioritise      verified     intake head
    verified      mark_duplicate  duplicate    intake
    verified      forward         forwarded    intake head
    assigned      reassign        assigned     intake head
    assigned      start           in_progress  assignee
    assigned      prioritise      assigned     intake head
    assigned      forward         forwarded    intake head
    in_progress   reassign        assigned     intake head
    in_progress   answer          answered     assignee intake
    in_progress   prioritise      in_progress  intake head
    in_progress   forward         forwarded    intake head
    answered      confirm         closed       reporter on_behalf
    answered      object          reopened     reporter on_behalf
    answered      close           closed       system
    reopened      assign          assigned     intake head
    reopened      prioritise      reopened     intake head
    reopened      forward         forwarded    intake head
"""
RULE_BOOK = {
    (source, action): (to, frozenset(who))
    for source, action, to, *who in (line.split() for line in MOVES.strip().splitlines())
}


@pytest.mark.parametrize("status", Status)
def test_each_state_allows_exactly_the_moves_of_the_rule_book_to_exactly_their_makers(status):
    for action in Action:
        written = RULE_BOOK.get((status.value, action.value))

        assert state.target(status, action) == (written[0] if written else None), action
        for capacity in Capacity:
            allowed = written is not None and capacity.value in written[1]
            assert state.may(status, action, {capacity}) == allowed, (action, capacity)


def test_the_rule_book_names_only_real_states_actions_and_capacities():
    for (source, action), (to, who) in RULE_BOOK.items():
        assert Status(source) and Action(action) and Status(to)
        assert all(Capacity(capacity) for capacity in who)


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
