"""A complaint's priority: urgency × impact, and what the verify and prioritise forms start from."""

from dataclasses import dataclass

from complaints.models import Complaint, Level, Priority
from complaints.state import Status

# Urgency × impact on the public interest → priority (Klero: "urgensi dan dampak terhadap
# kepentingan umum").
PRIORITY_MATRIX = {
    (Level.HIGH, Level.HIGH): Priority.P1,
    (Level.HIGH, Level.MEDIUM): Priority.P2,
    (Level.MEDIUM, Level.HIGH): Priority.P2,
    (Level.HIGH, Level.LOW): Priority.P3,
    (Level.MEDIUM, Level.MEDIUM): Priority.P3,
    (Level.LOW, Level.HIGH): Priority.P3,
    (Level.MEDIUM, Level.LOW): Priority.P4,
    (Level.LOW, Level.MEDIUM): Priority.P4,
    (Level.LOW, Level.LOW): Priority.P4,
}


def priority_of(*, urgency: str, impact: str) -> Priority:
    return PRIORITY_MATRIX[(Level(urgency), Level(impact))]


_LEVELS = [Level.LOW, Level.MEDIUM, Level.HIGH]
# The reporter's "mendesak?" as the urgency it suggests: yes is high, "it can wait" low.
URGENCY_OF_ANSWER = {True: Level.HIGH, False: Level.LOW}
# The impact on the public interest a matter reported by several residents suggests at
# least (reporters = the complaint and the duplicates joined to it): the more households
# it touches, the wider the impact.
IMPACT_OF_REPORTERS = ((3, Level.HIGH), (2, Level.MEDIUM))


# The states a complaint passes through before the office verifies it.
_UNVERIFIED = frozenset({Status.SUBMITTED, Status.RECEIVED, Status.NEEDS_INFO})


@dataclass(frozen=True)
class PrioritySuggestion:
    urgency: Level
    impact: Level


def priority_suggested(*, complaint: Complaint) -> PrioritySuggestion:
    """What the verify and prioritise forms start from; the officer decides.

    Urgency: the reporter's own "mendesak?" answer until the office verified it, then the
    urgency the office set (no answer: the urgency it was filed with, medium by default).
    Impact: the complaint's, raised to what the number of residents who reported it
    suggests (`IMPACT_OF_REPORTERS`), never lowered."""
    urgency = Level(complaint.urgency)
    if complaint.status in _UNVERIFIED:
        urgency = URGENCY_OF_ANSWER.get(complaint.reporter_urgent, urgency)
    impact = Level(complaint.impact)
    for reporters, floor in IMPACT_OF_REPORTERS:
        if complaint.reporters_count >= reporters:
            impact = max(impact, floor, key=_LEVELS.index)
            break
    return PrioritySuggestion(urgency, impact)
