"""What each notification says: a subject and paragraphs, in the recipient's language.

Texts are English msgids translated by gettext (Bahasa Indonesia is the default language);
they are rendered when sent (email, WhatsApp) or read (in-app), never stored rendered.
Payloads carry no identity, so no template can show anyone's name, NIK or number.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import notices as account_notices
from complaints.models import Channel
from sla.dates import due_date_text, due_on_of


@dataclass(frozen=True)
class Message:
    subject: str
    paragraphs: list[str]

    @property
    def text(self) -> str:
        return "\n\n".join([*self.paragraphs, _("— Pengaduan Desa")])

    @property
    def html(self) -> str:
        return render_to_string(
            "notifications/email.html", {"subject": self.subject, "paragraphs": self.paragraphs}
        )


def _when(payload: dict) -> str:
    """The deadline as a working date (`sla.dates`): the payload's `due_on`, or the date of
    its `deadline` instant for rows queued before payloads carried the date."""
    if payload.get("due_on"):
        return due_date_text(date.fromisoformat(payload["due_on"]))
    if payload.get("deadline"):
        moment = datetime.fromisoformat(payload["deadline"])
        return due_date_text(due_on_of(moment, payload.get("tz") or "Asia/Jakarta"))
    return "—"


def _track(p: dict) -> str:
    return _("Track it with the code %(code)s.") % p


def _received(p: dict) -> Message:
    return Message(
        _("Your complaint %(code)s was received") % p,
        [
            _("Your complaint “%(title)s” to Desa %(desa)s was received.") % p,
            *(
                [_("It is recorded in the register book as number %(register_number)s.") % p]
                if p.get("register_number")
                else []
            ),
            ngettext(
                "It will be answered within %(days)s working day, by %(deadline)s.",
                "It will be answered within %(days)s working days, by %(deadline)s.",
                p.get("days") or 0,
            )
            % {**p, "deadline": _when(p)},
            _track(p),
        ],
    )


def _submitted(p: dict) -> Message:
    return Message(
        # The PIN stays out of the subject, which mail servers log.
        _("Your complaint %(code)s was sent to Desa %(desa)s") % p,
        [
            (
                _("Your complaint “%(title)s” was recorded by the office of Desa %(desa)s.")
                if p.get("by_office")
                else _(
                    "Your complaint “%(title)s” was sent to Desa %(desa)s through an application."
                )
            )
            % p,
            _(
                "Follow it with the code %(code)s and the PIN %(pin)s. Keep the PIN to "
                "yourself: with it anyone can read and answer for your complaint."
            )
            % p,
        ],
    )


def _recorded(p: dict) -> Message:
    return Message(
        # The PIN stays out of the subject, which mail servers log.
        _("Your complaint %(code)s is recorded by Desa %(desa)s") % p,
        [
            _("The office of Desa %(desa)s recorded your message as the complaint “%(title)s”.")
            % p,
            _(
                "Follow it with the code %(code)s and the PIN %(pin)s. Keep the PIN to "
                "yourself: with it anyone can read and answer for your complaint."
            )
            % p,
        ],
    )


def _status_reply(p: dict) -> Message:
    return Message(
        _("Complaint %(code)s") % p,
        [
            _("Your complaint “%(title)s” is now: %(status)s.") % p,
            *(
                [_("It is due by %(deadline)s.") % {"deadline": _when(p)}]
                if p.get("deadline")
                else []
            ),
        ],
    )


def _status_unknown(p: dict) -> Message:
    return Message(
        "",
        [_("Code %(code)s was not found for this number.") % p],
    )


def _office_reply(p: dict) -> Message:
    return Message(p.get("subject") or _("Message from Desa %(desa)s") % p, [p.get("text", "")])


def _webhook_disabled(p: dict) -> Message:
    return Message(
        _("A webhook of %(client)s was switched off") % p,
        [
            _(
                "Deliveries to %(url)s failed for three days, so Pengaduan Desa stopped "
                "sending to it. Fix the receiver, then turn it on again and redeliver "
                "what it missed from the delivery log."
            )
            % p,
        ],
    )


def _needs_info(p: dict) -> Message:
    return Message(
        _("More information is needed for your complaint %(code)s") % p,
        [
            _("The office of Desa %(desa)s needs more information about “%(title)s”:") % p,
            p.get("request", ""),
            _("The deadline is paused until you reply.") + " " + _track(p),
        ],
    )


def _rejected(p: dict) -> Message:
    return Message(
        _("Your complaint %(code)s was not accepted") % p,
        [
            _("Desa %(desa)s did not accept your complaint “%(title)s”.") % p,
            _("Reason: %(reason)s") % p,
        ],
    )


def _answered(p: dict) -> Message:
    return Message(
        _("Your complaint %(code)s has been answered") % p,
        [
            _("Desa %(desa)s answered your complaint “%(title)s”:") % p,
            p.get("answer", ""),
            ngettext(
                "If the answer does not settle it, you may object within %(window)s day with "
                "your tracking code %(code)s and PIN; otherwise the complaint closes by itself.",
                "If the answer does not settle it, you may object within %(window)s days with "
                "your tracking code %(code)s and PIN; otherwise the complaint closes by itself.",
                p.get("window") or 0,
            )
            % p,
        ],
    )


def _closed(p: dict) -> Message:
    return Message(
        _("Your complaint %(code)s is closed") % p,
        [_("Your complaint “%(title)s” to Desa %(desa)s is closed. Thank you.") % p],
    )


def _joined(p: dict) -> Message:
    return Message(
        _("Your complaint %(code)s was joined to an earlier report") % p,
        [
            _(
                "Another resident already reported the same matter to Desa %(desa)s. Your "
                "complaint “%(title)s” was joined to that report, which the office is "
                "handling: it will not be handled twice."
            )
            % p,
            _("You will receive its answer here when it is delivered.") + " " + _track(p),
        ],
    )


def _joined_answered(p: dict) -> Message:
    return Message(
        _("The matter of your complaint %(code)s has been answered") % p,
        [
            _("Desa %(desa)s answered the report your complaint “%(title)s” was joined to:") % p,
            p.get("answer", ""),
        ],
    )


def _joined_closed(p: dict) -> Message:
    return Message(
        _("The matter of your complaint %(code)s is closed") % p,
        [_("The report your complaint “%(title)s” was joined to is closed by Desa %(desa)s.") % p],
    )


def _forwarded(p: dict) -> Message:
    return Message(
        _("Your complaint %(code)s was forwarded") % p,
        [
            _(
                "Your complaint “%(title)s” is not within the authority of Desa %(desa)s: "
                "it was forwarded to %(agency)s."
            )
            % p,
            _("Reason: %(reason)s") % p,
            _track(p),
        ],
    )


def _assigned(p: dict) -> Message:
    return Message(
        _("Complaint %(code)s is assigned to you") % p,
        [
            _("The complaint “%(title)s” of Desa %(desa)s is assigned to you.") % p,
            _("Answer it by %(deadline)s.") % {"deadline": _when(p)},
        ],
    )


def _reminder(p: dict) -> Message:
    if p.get("days_left") == 0:  # a catch-up on the last working day
        subject = _("Reminder: complaint %(code)s is due today") % p
    else:
        subject = None
    return Message(
        subject
        or ngettext(
            "Reminder: complaint %(code)s is due in %(days_left)s working day",
            "Reminder: complaint %(code)s is due in %(days_left)s working days",
            p.get("days_left") or 0,
        )
        % p,
        [
            _("The complaint “%(title)s” of Desa %(desa)s must be answered by %(deadline)s.")
            % {**p, "deadline": _when(p)},
        ],
    )


def _escalated(p: dict) -> Message:
    return Message(
        _("Overdue: complaint %(code)s") % p,
        [
            _(
                "The complaint “%(title)s” of Desa %(desa)s was not answered by its deadline, "
                "%(deadline)s. It is escalated to you as village head."
            )
            % {**p, "deadline": _when(p)},
        ],
    )


def _new_complaint(p: dict) -> Message:
    channel = Channel(p["channel"]).label if p.get("channel") in Channel.values else "—"
    return Message(
        _("New complaint %(code)s in Desa %(desa)s") % p,
        [
            _("A new complaint “%(title)s” arrived through %(channel)s and waits to be received.")
            % {**p, "channel": channel},
        ],
    )


def _info_supplied(p: dict) -> Message:
    return Message(
        _("Information supplied for complaint %(code)s") % p,
        [
            _(
                "The reporter sent the information asked for the complaint “%(title)s” of "
                "Desa %(desa)s. Open the complaint to read it; the deadline runs again."
            )
            % p,
        ],
    )


def _objected(p: dict) -> Message:
    return Message(
        _("Objection to the answer of complaint %(code)s") % p,
        [
            _(
                "The reporter objected to the answer to the complaint “%(title)s” of Desa "
                "%(desa)s. It is reopened for distribution, with a new deadline."
            )
            % p,
        ],
    )


def _waiting(p: dict) -> Message:
    arrived = date.fromisoformat(p["submitted_on"]) if p.get("submitted_on") else None
    return Message(
        _("Complaint %(code)s has waited more than a working day") % p,
        [
            _(
                "The complaint “%(title)s” to Desa %(desa)s arrived on %(day)s and still waits "
                "to be received."
            )
            % {**p, "day": formats.date_format(arrived, "j F Y") if arrived else "—"},
        ],
    )


def _digest(p: dict) -> Message:
    day = formats.date_format(date.fromisoformat(p["day"]), "l, j F Y") if p.get("day") else ""
    return Message(
        _("Daily digest of Desa %(desa)s, %(day)s") % {**p, "day": day},
        [
            _("New in the last 24 hours: %(new)s.") % p,
            _("Open past their deadline: %(overdue)s.") % p,
            _("Escalated, answer still awaited: %(escalated)s.") % p,
        ],
    )


def _told_by(texts: dict[str, Callable[[dict], tuple[str, list[str]]]]) -> dict:
    """Another app's texts (subject, paragraphs) as templates of this outbox."""
    return {name: (lambda p, text=text: Message(*text(p))) for name, text in texts.items()}


TEMPLATES: dict[str, Callable[[dict], Message]] = {
    "submitted": _submitted,
    "recorded": _recorded,
    "status_reply": _status_reply,
    "status_unknown": _status_unknown,
    "office_reply": _office_reply,
    "webhook_disabled": _webhook_disabled,
    "received": _received,
    "needs_info": _needs_info,
    "rejected": _rejected,
    "answered": _answered,
    "closed": _closed,
    "assigned": _assigned,
    "joined": _joined,
    "joined_answered": _joined_answered,
    "joined_closed": _joined_closed,
    "forwarded": _forwarded,
    "reminder": _reminder,
    "escalated": _escalated,
    "new_complaint": _new_complaint,
    "info_supplied": _info_supplied,
    "objected": _objected,
    "waiting": _waiting,
    "digest": _digest,
    **_told_by(account_notices.TEXTS),
}


def render(template: str, payload: dict, language: str) -> Message:
    with translation.override(language or "id"):
        return TEMPLATES[template](payload)
