"""What the messages about accounts' codes say: a subject and paragraphs, as English msgids.

Accounts owns these texts; `notifications` (a higher layer) delivers them and renders them
in the recipient's language when it sends them (`notifications.messages`), with the facts of
the outbox row's payload (the code is derived then, never stored). Keyed by template name.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

Text = tuple[str, list[str]]


def _password_reset(p: dict) -> Text:
    return (
        # The code stays out of the subject, which mail servers log.
        _("Your code to set a new password"),
        [
            _("Your code to set a new password for Pengaduan Desa is %(code)s.") % p,
            _(
                "It works once, for %(minutes)s minutes. Never give it to anyone, village "
                "staff included. If you did not ask for it, ignore this message: your "
                "password stays as it is."
            )
            % p,
        ],
    )


def _signup_code(p: dict) -> Text:
    return (
        _("Your code to finish signing up"),
        [
            _("Your code to finish signing up for Pengaduan Desa is %(code)s.") % p,
            _(
                "It works once, for %(minutes)s minutes. Never give it to anyone, village "
                "staff included. If you did not sign up, ignore this message: no account is "
                "opened without the code."
            )
            % p,
        ],
    )


def _signup_taken(p: dict) -> Text:
    return (
        _("Someone tried to sign up with your number"),
        [
            _(
                "Someone tried to sign up for Pengaduan Desa with your phone number, which "
                "already has an account. If it was you, log in, or set a new password with "
                "“Lupa kata sandi?”. If it was not you, ignore this message: nothing changed."
            ),
        ],
    )


TEXTS: dict[str, Callable[[dict], Text]] = {
    "password_reset": _password_reset,
    "signup_code": _signup_code,
    "signup_taken": _signup_taken,
}
