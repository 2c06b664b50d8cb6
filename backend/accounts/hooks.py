"""Where the apps above accounts hear of the codes it issues, without accounts importing them.

A sign-up code, a password-reset code and a sign-up on a registered number must reach the
person by WhatsApp or e-mail, and the outbox that carries them is `notifications`, a higher
layer (docs/architecture.md). It connects its functions here in its `AppConfig.ready()`;
`accounts.services` runs what is connected inside the transaction that issued the code, so
the message is written with the code and sent only once both are committed.

The same shape as `complaints/hooks.py`, without an order: each point has one receiver.
A receiver takes the facts by keyword, and `**_` for those it does not need.
"""

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Point(StrEnum):
    # A code that proves a new account's phone number was issued: code_row (PasswordReset).
    SIGNUP_CODE_ISSUED = "signup_code_issued"
    # Someone signed up with the number of an account that exists: user (its owner).
    SIGNUP_ON_REGISTERED_NUMBER = "signup_on_registered_number"
    # A code to set a new password was issued: code_row (its PasswordReset).
    PASSWORD_RESET_CODE_ISSUED = "password_reset_code_issued"


Receiver = Callable[..., None]
_receivers: dict[Point, list[Receiver]] = {point: [] for point in Point}


def connect(point: Point, receiver: Receiver) -> None:
    """Run `receiver(**facts)` at `point`. Connecting the same function again does nothing
    (`ready()` may run more than once in tests)."""
    if receiver not in _receivers[point]:
        _receivers[point].append(receiver)


def run(point: Point, **facts: Any) -> None:
    """Every point needs a receiver: a code nobody sends would leave the account locked out,
    so an installation without one fails loudly (and the caller's transaction rolls back)."""
    if not _receivers[point]:
        raise ImproperlyConfigured(f"Nothing is connected to the accounts' {point} point.")
    for receiver in _receivers[point]:
        receiver(**facts)


def receivers(point: Point) -> list[Receiver]:
    """The connected functions in the order they run (for the tests)."""
    return list(_receivers[point])
