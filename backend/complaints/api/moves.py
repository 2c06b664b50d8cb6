"""The request bodies of the state machine's moves: one input serializer per action, for the
three ways a move comes in (the transitions endpoint, the reporter's code + PIN, the intake
officer on the reporter's behalf).

Each family is published as a `oneOf` discriminated by `action`, so the contract states the
fields of each move and which are required, and a generated client types them; `move_body`
checks a request with the serializer of the action it names. The service
(`complaints.services.actions`) checks the same rules for callers that are not requests, with
the same messages. Who may make which move stays the state table's, at run time (403/409).
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers
from rest_framework.fields import empty

from accounts.models import Position
from common.api import StrictIn
from complaints.models import AgencyKind, Conveyed, Level, Visibility
from complaints.state import ON_BEHALF_ACTIONS, REPORTER_ACTIONS, Action


class ActionField(serializers.ChoiceField):
    """The discriminator of one action's input: that action's value, and no other."""

    def __init__(self, action: Action, **kwargs: Any) -> None:
        self.action = action
        super().__init__(choices=[(action.value, action.label)], **kwargs)


class ActionFieldSchema(OpenApiSerializerFieldExtension):
    # `const`, not a one-value enum: drf-spectacular would make a component of each enum.
    target_class = ActionField

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "const": self.target.action.value}


def _required(message: str) -> dict[str, str]:
    """The service's own message for a field left out or blank (`complaints.services`)."""
    return {"required": message, "blank": message, "null": message}


# --- the fields, made anew for each serializer ---------------------------------------------
def _note(help_text: str = "", required_message: str | None = None) -> serializers.CharField:
    if required_message is None:
        return serializers.CharField(
            max_length=5000, required=False, allow_blank=True, help_text=help_text
        )
    return serializers.CharField(
        max_length=5000, help_text=help_text, error_messages=_required(required_message)
    )


def _reason(help_text: str, message: str) -> serializers.CharField:
    return serializers.CharField(
        max_length=5000, help_text=help_text, error_messages=_required(message)
    )


def _level(help_text: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=Level.choices,
        help_text=help_text,
        error_messages=_required(_("Choose low, medium or high.")),
    )


def _rating() -> serializers.IntegerField:
    message = _("Give a rating from 1 to 5.")
    return serializers.IntegerField(
        min_value=1,
        max_value=5,
        error_messages={**_required(message), "min_value": message, "max_value": message},
    )


def _comment() -> serializers.CharField:
    return serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="The rating's comment."
    )


# --- the reporter's own moves: the same fields through each of the three endpoints ---------
class SupplyInfoFields(serializers.Serializer):
    action = ActionField(Action.SUPPLY_INFO)
    note = _note("The information.", _("Write the information that was asked for."))


class ConfirmFields(serializers.Serializer):
    action = ActionField(Action.CONFIRM)
    rating = _rating()
    comment = _comment()


class ObjectFields(serializers.Serializer):
    action = ActionField(Action.OBJECT)
    reason = _reason(
        "Why the answer does not settle it.", _("Say why the answer does not settle it.")
    )


# --- the transitions endpoint: every move, by whoever may make it --------------------------
class StaffMoveIn(StrictIn):
    note = _note()
    note_visibility = serializers.ChoiceField(
        choices=Visibility.choices,
        required=False,
        help_text="Who reads the note. Default `staff`, except request_info, supply_info, "
        "object, confirm and close, whose note the reporter reads (`public` only).",
    )


class TransitionReceiveIn(StaffMoveIn):
    action = ActionField(Action.RECEIVE)


class TransitionRequestInfoIn(StaffMoveIn):
    action = ActionField(Action.REQUEST_INFO)
    note = _note("The information asked for.", _("Say what information is missing."))


class TransitionSupplyInfoIn(SupplyInfoFields, StaffMoveIn):
    pass


class TransitionVerifyIn(StaffMoveIn):
    action = ActionField(Action.VERIFY)
    urgency = _level("How urgent.")
    impact = _level("How wide its impact on the public interest.")


class TransitionRejectIn(StaffMoveIn):
    action = ActionField(Action.REJECT)
    reason = _reason("The reason the reporter reads.", _("Tell the reporter why it is rejected."))


class DistributeIn(StaffMoveIn):
    position = serializers.ChoiceField(
        choices=Position.choices,
        required=False,
        help_text="The position (default: the category's, by the desa's routing).",
    )
    assignee = serializers.IntegerField(required=False, help_text="A user id.")


class TransitionAssignIn(DistributeIn):
    action = ActionField(Action.ASSIGN)


class TransitionReassignIn(DistributeIn):
    action = ActionField(Action.REASSIGN)


class TransitionStartIn(StaffMoveIn):
    action = ActionField(Action.START)


class TransitionAnswerIn(StaffMoveIn):
    action = ActionField(Action.ANSWER)
    answer = serializers.CharField(
        max_length=10_000, required=False, help_text="The text (default: the saved draft)."
    )
    published_to = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text="A social-media complaint's: where the answer was posted back (a link or a "
        "few words). Staff history only.",
    )


class TransitionConfirmIn(ConfirmFields, StaffMoveIn):
    pass


class TransitionObjectIn(ObjectFields, StaffMoveIn):
    pass


class TransitionCloseIn(StaffMoveIn):
    action = ActionField(Action.CLOSE)


class TransitionPrioritiseIn(StaffMoveIn):
    action = ActionField(Action.PRIORITISE)
    urgency = _level("How urgent.")
    impact = _level("How wide its impact on the public interest.")
    reason = _reason("Why the priority changes (staff).", _("Say why the priority changes."))


class TransitionDismissSpamIn(StaffMoveIn):
    action = ActionField(Action.DISMISS_SPAM)


class TransitionMarkDuplicateIn(StaffMoveIn):
    action = ActionField(Action.MARK_DUPLICATE)
    duplicate_of = serializers.CharField(
        max_length=20,
        help_text="Tracking code of the open complaint of the same desa it repeats.",
        error_messages=_required(_("Give the tracking code of the first report.")),
    )


class TransitionForwardIn(StaffMoveIn):
    action = ActionField(Action.FORWARD)
    agency_kind = serializers.ChoiceField(
        choices=AgencyKind.choices,
        help_text="To whom.",
        error_messages=_required(_("Choose the kecamatan, an agency or SP4N-LAPOR!.")),
    )
    agency = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="The office (default: the desa's kecamatan, or SP4N-LAPOR!).",
    )
    reason = _reason(
        "The reason the reporter reads.", _("Tell the reporter why the desa cannot settle it.")
    )
    forwarded_on = serializers.DateField(
        required=False, help_text="The date sent (default today; not in the future)."
    )
    share_identity = serializers.BooleanField(
        required=False,
        help_text="Name the reporter in the cover letter (default false); only with "
        "`identity_consent`.",
    )
    identity_consent = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="With share_identity: how and when the reporter agreed.",
    )


# --- the reporter's moves with code + PIN: their note is always public ----------------------
class TrackMoveIn(StrictIn):
    code = serializers.CharField(max_length=20)
    pin = serializers.CharField(max_length=6)
    note = _note()


class TrackSupplyInfoIn(SupplyInfoFields, TrackMoveIn):
    pass


class TrackConfirmIn(ConfirmFields, TrackMoveIn):
    pass


class TrackObjectIn(ObjectFields, TrackMoveIn):
    pass


# --- the same moves, recorded by the intake officer on the reporter's behalf ----------------
class OnBehalfMoveIn(StrictIn):
    conveyed = serializers.ChoiceField(
        choices=Conveyed.choices, help_text="How the reporter told the office."
    )
    note = _note("A note; the reporter reads it.")


class OnBehalfSupplyInfoIn(SupplyInfoFields, OnBehalfMoveIn):
    pass


class OnBehalfConfirmIn(ConfirmFields, OnBehalfMoveIn):
    pass


class OnBehalfObjectIn(ObjectFields, OnBehalfMoveIn):
    pass


# --- the families, by action ------------------------------------------------------------------
Inputs = Mapping[str, type[serializers.Serializer]]


def _by_action(*inputs: type[serializers.Serializer]) -> Inputs:
    return {serializer().fields["action"].action.value: serializer for serializer in inputs}


TRANSITION_INPUTS = _by_action(
    TransitionReceiveIn,
    TransitionRequestInfoIn,
    TransitionSupplyInfoIn,
    TransitionVerifyIn,
    TransitionRejectIn,
    TransitionAssignIn,
    TransitionReassignIn,
    TransitionStartIn,
    TransitionAnswerIn,
    TransitionConfirmIn,
    TransitionObjectIn,
    TransitionCloseIn,
    TransitionPrioritiseIn,
    TransitionDismissSpamIn,
    TransitionMarkDuplicateIn,
    TransitionForwardIn,
)
assert set(TRANSITION_INPUTS) == set(Action.values), "every action has its input"
TRACK_INPUTS = _by_action(TrackSupplyInfoIn, TrackConfirmIn, TrackObjectIn)
assert set(TRACK_INPUTS) == set(REPORTER_ACTIONS), "the reporter's moves, each with its input"
ON_BEHALF_INPUTS = _by_action(OnBehalfSupplyInfoIn, OnBehalfConfirmIn, OnBehalfObjectIn)
assert set(ON_BEHALF_INPUTS) == set(ON_BEHALF_ACTIONS), "the same moves, on their behalf"


def one_of(component_name: str, inputs: Inputs) -> PolymorphicProxySerializer:
    """The family for the schema: a `oneOf` with `action` as its discriminator."""
    return PolymorphicProxySerializer(
        component_name=component_name, serializers=dict(inputs), resource_type_field_name="action"
    )


def move_body(inputs: Inputs, data: Any) -> dict[str, Any]:
    """The request's body checked by the input serializer of the action it names: 400 with a
    message on `action` when it names none of the family's."""
    if not isinstance(data, Mapping):
        serializers.Serializer(data=data).is_valid(raise_exception=True)  # "expected an object"
    chooser = serializers.ChoiceField(choices=list(inputs))
    try:
        action = chooser.run_validation(data.get("action", empty))
    except serializers.ValidationError as refused:
        raise serializers.ValidationError({"action": refused.detail}) from None
    body = inputs[action](data=data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)
