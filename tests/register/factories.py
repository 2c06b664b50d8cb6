"""Register entries made the only way they are made: by receiving complaints."""

from complaints.models import Channel
from tests.complaints.factories import REPORTER, advance, submit


def received(desa, officer, *, count: int = 1, **overrides) -> list:
    """`count` complaints of `desa`, submitted on the web and received by `officer`."""
    complaints = []
    for _index in range(count):
        complaint = submit(desa, **{"channel": Channel.WEB, **overrides}).complaint
        complaints.append(advance(complaint, "received", officer=officer))
    return complaints


__all__ = ["REPORTER", "received"]
