import binascii
from base64 import urlsafe_b64decode, urlsafe_b64encode
from datetime import datetime

import orjson
from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from accounts.authentication import JWTAuthentication
from accounts.models import Position, Role
from accounts.scoping import memberships_of
from common.api import BaseApi, ListMixin, PublicApi, StrictPageSize, errors
from common.idempotency import KEY_PATTERN, idempotent
from common.schema import links
from complaints import selectors, services, spam
from complaints.access import require_office
from complaints.api import moves
from complaints.api.serializers import (
    AnswerDraftIn,
    CategoryOut,
    ComplaintCountsOut,
    ComplaintDetailOut,
    ComplaintListOut,
    ComplaintPublicOut,
    ComplaintSubmitIn,
    ComplaintSubmittedOut,
    DismissSpamIn,
    DismissSpamOut,
    DuplicatePrimaryOut,
    DuplicatePrimaryQueryIn,
    ForwardingOut,
    ForwardingReferenceIn,
    IdentityAccessOut,
    IdentityGrantIn,
    NoteIn,
    NoteOut,
    PinSendIn,
    PinSentOut,
    PublicOutcomeIn,
    PublicOutcomeOut,
    ReporterOut,
    SimilarOut,
    TrackIn,
)
from complaints.models import Channel, Kind, Priority
from complaints.reads import presenters
from complaints.reads.inbox import (
    SORT_KEYS,
    SORTS,
    InboxFilters,
    InboxRow,
    InboxSort,
    Keyset,
    complaint_list,
)
from complaints.reads.page import complaint_get, complaint_page, complaint_track
from complaints.state import Capacity, Status
from complaints.throttling import DEVICE_PARAMETER, SUBMIT_THROTTLES, TRACK_THROTTLES


class InboxCursor(StrictPageSize, CursorPagination):
    # Keyset pagination in the chosen order: the inbox's read takes one row more than the
    # page (`Keyset`), and the links carry the sort and the position of the page's edge
    # rows (their sort values and id). No COUNT(*) over the desa on every page, and no
    # offset to skip through.
    ordering = ("-submitted_at", "-id")
    page_size = 25

    def keyset(self, request, sort: InboxSort) -> Keyset:
        self.base_url = request.build_absolute_uri()
        self.sort = sort
        size = self.get_page_size(request)
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return Keyset(size, sort=sort)
        try:
            direction, sorted_by, values = orjson.loads(urlsafe_b64decode(encoded.encode()))
            if direction not in ("after", "before") or sorted_by != str(sort):
                raise ValueError(direction)
            position = _position_of(sort, values)
        except (ValueError, TypeError, UnicodeDecodeError, binascii.Error):
            raise serializers.ValidationError(
                {self.cursor_query_param: [_("This page link is not valid; start again.")]}
            ) from None
        return Keyset(size, sort=sort, **{direction: position})

    def page_of(self, rows: list[InboxRow], keyset: Keyset) -> list[InboxRow]:
        """The page's rows in the sort's order, and where its `next`/`previous` links lead."""
        more = len(rows) > keyset.size
        rows = rows[: keyset.size]
        if keyset.before:
            rows.reverse()
        if keyset.before:  # reached from a later page; `more`: earlier rows precede it
            later_follow, earlier_precede = True, more
        else:
            later_follow, earlier_precede = more, keyset.after is not None
        self.next_row = rows[-1] if rows and later_follow else None
        self.previous_row = rows[0] if rows and earlier_precede else None
        return rows

    def _link(self, direction: str, row: InboxRow | None) -> str | None:
        if row is None:
            return None
        values = [
            value.isoformat() if isinstance(value, datetime) else value
            for value in self.sort.position(row)
        ]
        position = orjson.dumps([direction, str(self.sort), values])
        cursor = urlsafe_b64encode(position).decode()
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def get_next_link(self) -> str | None:
        return self._link("after", self.next_row)

    def get_previous_link(self) -> str | None:
        return self._link("before", self.previous_row)


def _position_of(sort: InboxSort, values: list) -> tuple:
    """A page link's position, typed as the sort's columns (and the id) are; ValueError
    for anything else."""
    kinds = [kind for _, kind in SORT_KEYS[sort.key].columns] + ["int"]
    if not isinstance(values, list) or len(values) != len(kinds):
        raise ValueError(values)
    position = []
    for value, kind in zip(values, kinds, strict=True):
        if kind == "time":
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                raise ValueError(value)
        elif type(value) is not {"int": int, "text": str}[kind]:
            raise ValueError(value)
        position.append(value)
    return tuple(position)


class InboxQueryIn(serializers.Serializer):
    desa = serializers.CharField(required=False, help_text="Kemendagri code of one desa.")
    status = serializers.MultipleChoiceField(
        choices=Status.choices, required=False, help_text="One or more, comma-separated."
    )
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    category = serializers.SlugField(required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    position = serializers.ChoiceField(choices=Position.choices, required=False)
    unassigned = serializers.BooleanField(
        required=False, default=False, help_text="Only those assigned to no position yet."
    )
    submitted_from = serializers.DateField(required=False)
    submitted_to = serializers.DateField(required=False)
    search = serializers.CharField(required=False, max_length=100)
    mine = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Only my own work: what I reported, what is assigned to me or to my position"
        " with nobody named, and the suggestion-box slips I typed in.",
    )
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="Only those whose clock runs past the deadline."
    )
    escalated = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Only those escalated to the village head, answer still awaited.",
    )
    unassignable = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Only those waiting on a position nobody holds now or on an official who "
        "no longer holds it.",
    )

    sort = serializers.ChoiceField(
        choices=SORTS,
        required=False,
        default="-submitted",
        help_text="The order, a leading `-` for descending: `deadline` (running clocks by"
        " deadline, overdue first, then the rest oldest first), `received` (not yet received"
        " last), `submitted`, `code`, `title`, `category`, `channel`, `status` (in the order"
        " of a complaint's life), `priority`, `position` (unassigned last). Ties go by id,"
        " in the same direction; text compares by code point. Default `-submitted`, newest"
        " first. A page link holds the sort it was made for.",
    )

    def to_internal_value(self, data):
        data = data.copy()
        if "status" in data and hasattr(data, "getlist"):
            # Repeated (`?status=a&status=b`, as the schema declares it) or comma-separated:
            # every value counts, where `data["status"]` would keep only the last.
            values = [s for value in data.getlist("status") for s in value.split(",") if s]
            data.setlist("status", values)
        return super().to_internal_value(data)


INBOX_FILTERS = frozenset(InboxQueryIn._declared_fields)


def _submit_payload(submitted) -> dict:
    complaint = submitted.complaint
    if complaint.status == Status.SPAM:
        # Caught by the traps: answer exactly as for a fresh complaint (never saved).
        complaint.status = Status.SUBMITTED
    held = {Capacity.REPORTER}
    return {
        "tracking_code": complaint.tracking_code,
        "pin": submitted.pin,
        "complaint": presenters.public_view(complaint, held=held, fresh=True),
    }


class ComplaintsApi(ListMixin, BaseApi):
    # GET lists what the caller may see; POST files a complaint (with or without a token).

    pagination_class = InboxCursor
    authentication_classes = [JWTAuthentication]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    def get_throttles(self):
        return (
            [throttle() for throttle in SUBMIT_THROTTLES] if self.request.method == "POST" else []
        )

    @extend_schema(
        operation_id="complaints_list",
        extensions=links(
            200,
            complaints_retrieve={"code": "$response.body#/results/0/tracking_code"},
            complaints_similar={"code": "$response.body#/results/0/tracking_code"},
        ),
        parameters=[InboxQueryIn],
        responses={200: ComplaintListOut(many=True), **errors(400, 401)},
        summary="The complaints the caller may see (inbox, assigned, own), in the order asked.",
    )
    def get(self, request):
        filters = InboxFilters()  # opening the inbox: no filter to validate
        sort = InboxSort()
        if request.query_params.keys() & INBOX_FILTERS:
            query = InboxQueryIn(data=request.query_params)
            query.is_valid(raise_exception=True)
            data = dict(query.validated_data)
            data["status"] = sorted(data["status"]) if data.get("status") else None
            sort = InboxSort.parse(data.pop("sort"))
            filters = InboxFilters(**data)
        paginator = self.pagination_class()
        keyset = paginator.keyset(request, sort)
        rows = complaint_list(actor=request.user, filters=filters, page=keyset)
        page = paginator.page_of(rows, keyset)
        staff = any(m.role != Role.RESIDENT for m in memberships_of(request.user))
        return paginator.get_paginated_response(presenters.list_rows(page, staff=staff))

    @extend_schema(
        operation_id="complaints_submit",
        extensions=links(
            201,
            complaints_retrieve={"code": "$response.body#/tracking_code"},
            complaints_transition={"code": "$response.body#/tracking_code"},
            complaints_note_add={"code": "$response.body#/tracking_code"},
            complaints_attachment_add={"code": "$response.body#/tracking_code"},
            track={
                "requestBody": {
                    "code": "$response.body#/tracking_code",
                    "pin": "$response.body#/pin",
                }
            },
            track_transition={
                "requestBody": {
                    "code": "$response.body#/tracking_code",
                    "pin": "$response.body#/pin",
                }
            },
        ),
        request=ComplaintSubmitIn,
        responses={201: ComplaintSubmittedOut, **errors(400, 401, 409, 422, 429)},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                pattern=KEY_PATTERN,
                description="Retry-safe submission: the same key and body replay the first "
                "answer; the same key with another body is 422; while the first is running, 409.",
            ),
            DEVICE_PARAMETER,
        ],
        summary="Submit a complaint. Residents: channel `web`; staff type in the other channels.",
        examples=[
            OpenApiExample(
                "Named, from a resident's phone",
                request_only=True,
                value={
                    "desa": "32.07.10.2010",
                    "kind": "complaint",
                    "category": "infrastruktur",
                    "title": "Gorong-gorong tersumbat di RT 02",
                    "description": "Air meluap ke jalan setiap hujan deras.",
                    "anonymous": False,
                    "urgency": "high",
                    "impact": "medium",
                    "location_text": "Dusun Sukamaju, depan masjid",
                    "latitude": "-7.123456",
                    "longitude": "108.345678",
                    # Not the test reporter's identity (tests/conftest.py): the contract fuzzer
                    # sends this example, and the suites watch the logs for that identity.
                    "reporter": {
                        "name": "Rina Marlina",
                        "nik": "3207104101950002",
                        "phone": "0813-2222-3333",
                        "address": "Dusun Sukamaju RT 01/RW 03",
                    },
                },
            ),
            OpenApiExample(
                "Anonymous suggestion",
                request_only=True,
                value={
                    "desa": "33.22.02.2006",
                    "kind": "suggestion",
                    "category": "lainnya",
                    "title": "Usul jadwal posyandu lansia",
                    "description": "Mohon posyandu lansia diadakan sore hari.",
                    "anonymous": True,
                },
            ),
            OpenApiExample(
                "Filed",
                response_only=True,
                status_codes=["201"],
                value={
                    "tracking_code": "K7M2QX9HAT",
                    "pin": "482913",
                    "complaint": {
                        "tracking_code": "K7M2QX9HAT",
                        "title": "Gorong-gorong tersumbat di RT 02",
                        "status": "submitted",
                        "status_label": "Diajukan",
                        "timeline": [],
                        "allowed_actions": [],
                    },
                },
            ),
        ],
    )
    def post(self, request):
        def submit() -> Response:
            body = ComplaintSubmitIn(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
            reporter = data.get("reporter")
            actor = request.user if request.user.is_authenticated else None
            submitted = services.complaint_submit(
                desa_code=data["desa"],
                kind=data["kind"],
                category_slug=data["category"],
                channel=data["channel"],
                title=data["title"],
                description=data["description"],
                anonymous=data["anonymous"],
                reporter=services.ReporterData(**reporter) if reporter else None,
                actor=actor,
                urgency=data["urgency"],
                impact=data["impact"],
                reporter_urgent=data["urgent"],
                location_text=data["location_text"],
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                social_post_url=data.get("social_post_url", ""),
                social_account=data.get("social_account", ""),
                spam_trapped=data["channel"] == Channel.WEB
                and spam.is_trapped(
                    honeypot=data.get("website", ""),
                    fill_ms=data.get("fill_ms"),
                    min_fill_ms=settings.SPAM_MIN_FILL_MS,
                ),
            )
            payload = _submit_payload(submitted)
            return Response(payload, status=status.HTTP_201_CREATED)

        return idempotent(request, operation="complaints_submit", run=submit)


class ComplaintDetailApi(BaseApi):
    @extend_schema(
        operation_id="complaints_retrieve",
        responses={200: ComplaintDetailOut, **errors(401, 404)},
        summary="One complaint with its timeline and the moves the caller may make now.",
    )
    def get(self, request, code: str):
        complaint, history = complaint_page(actor=request.user, code=code)
        return Response(presenters.detail_view(complaint, history, actor=request.user))


class ComplaintReporterApi(BaseApi):
    @extend_schema(
        operation_id="complaints_reporter_retrieve",
        responses={200: ReporterOut, **errors(401, 403, 404)},
        summary="Open the reporter's identity (intake officer, village head, an official "
        "granted it, the reporter). Each opening is written to the identity access log.",
    )
    def get(self, request, code: str):
        complaint = complaint_get(actor=request.user, code=code)
        identity = services.identity_read(complaint=complaint, actor=request.user)
        return Response(ReporterOut(identity).data)


class ComplaintTransitionApi(BaseApi):
    @extend_schema(
        operation_id="complaints_transition",
        request=moves.one_of("TransitionIn", moves.TRANSITION_INPUTS),
        responses={200: ComplaintDetailOut, **errors(400, 401, 403, 404, 409)},
        summary="Make one move of the state machine (receive, verify, assign, answer…).",
        examples=[
            OpenApiExample("Receive", request_only=True, value={"action": "receive"}),
            OpenApiExample(
                "Distribute to a position",
                request_only=True,
                value={"action": "assign", "position": "kasi_pemerintahan", "note": "Segera."},
            ),
            OpenApiExample(
                "Reject with a reason the reporter reads",
                request_only=True,
                value={"action": "reject", "reason": "Sudah dilaporkan kemarin (K7M2QX9HAT)."},
            ),
            OpenApiExample(
                "Deliver the answer",
                request_only=True,
                value={"action": "answer", "answer": "Gorong-gorong sudah dibersihkan."},
            ),
            OpenApiExample(
                "Refused move",
                response_only=True,
                status_codes=["409"],
                value={
                    "code": "invalid_transition",
                    "message": "“Sampaikan hasil” tidak dapat dilakukan saat pengaduan berstatus "
                    "“Diajukan”.",
                    "fields": {},
                    "allowed_actions": ["receive", "reject"],
                },
            ),
        ],
    )
    def post(self, request, code: str):
        body = moves.move_body(moves.TRANSITION_INPUTS, request.data)
        complaint = complaint_get(actor=request.user, code=code)
        services.complaint_transition(complaint=complaint, actor=request.user, **body)
        complaint, history = complaint_page(actor=request.user, code=code)
        return Response(presenters.detail_view(complaint, history, actor=request.user))


class ComplaintSimilarApi(BaseApi):
    @extend_schema(
        operation_id="complaints_similar",
        responses={200: SimilarOut(many=True), **errors(401, 403, 404)},
        summary="Open complaints of the same desa and category that read alike: the "
        "candidates to mark this one a duplicate of (intake officer, village head).",
        description="At most five, most alike first; received and still handled by the "
        "office. No reporter, no identity. pg_trgm similarity on PostgreSQL.",
    )
    def get(self, request, code: str):
        complaint = complaint_get(actor=request.user, code=code)
        require_office(request.user, complaint)
        rows = selectors.similar_complaints(complaint=complaint)
        return Response(presenters.similar_rows(rows))


class ComplaintDuplicatePrimaryApi(BaseApi):
    @extend_schema(
        operation_id="complaints_duplicate_primary",
        parameters=[DuplicatePrimaryQueryIn],
        responses={200: DuplicatePrimaryOut, **errors(400, 401, 403, 404)},
        summary="The complaint of the same desa a typed tracking code names, to recognise "
        "before marking this one its duplicate (intake officer, village head).",
        description="Title, status and how many reported it; no reporter, no identity. "
        "Another desa's code answers 400 exactly like an unknown one. `joinable` says "
        "whether `mark_duplicate` would accept it now.",
    )
    def get(self, request, code: str):
        query = DuplicatePrimaryQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        complaint = complaint_get(actor=request.user, code=code)
        require_office(request.user, complaint)
        primary = selectors.duplicate_primary_find(
            complaint=complaint, code=query.validated_data["tracking_code"]
        )
        return Response(presenters.duplicate_primary(primary))


class ComplaintForwardingApi(BaseApi):
    @extend_schema(
        operation_id="complaints_forwarding_reference",
        request=ForwardingReferenceIn,
        responses={200: ForwardingOut, **errors(400, 401, 403, 404, 409)},
        summary="Record the recipient's reference number of a forwarded complaint "
        "(intake officer, village head).",
    )
    def patch(self, request, code: str):
        body = ForwardingReferenceIn(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = complaint_get(actor=request.user, code=code)
        services.forwarding_reference_set(
            complaint=complaint, actor=request.user, **body.validated_data
        )
        complaint.refresh_from_db(fields=["status"])
        return Response(presenters.forwarding_of(complaint))


class ComplaintOnBehalfApi(BaseApi):
    @extend_schema(
        operation_id="complaints_on_behalf",
        request=moves.one_of("OnBehalfIn", moves.ON_BEHALF_INPUTS),
        responses={200: ComplaintDetailOut, **errors(400, 401, 403, 404, 409)},
        summary="Record the reporter's confirmation, objection or information on their "
        "behalf (intake officer; complaints staff typed in, never web ones).",
        examples=[
            OpenApiExample(
                "Confirmed and rated at the office",
                request_only=True,
                value={"action": "confirm", "conveyed": "in_person", "rating": 5},
            ),
            OpenApiExample(
                "Objected by telephone",
                request_only=True,
                value={
                    "action": "object",
                    "conveyed": "phone",
                    "reason": "Lampu jalan masih mati.",
                },
            ),
        ],
    )
    def post(self, request, code: str):
        body = moves.move_body(moves.ON_BEHALF_INPUTS, request.data)
        complaint = complaint_get(actor=request.user, code=code)
        services.complaint_record_for_reporter(complaint=complaint, actor=request.user, **body)
        complaint, history = complaint_page(actor=request.user, code=code)
        return Response(presenters.detail_view(complaint, history, actor=request.user))


class ComplaintPinSendApi(BaseApi):
    @extend_schema(
        operation_id="complaints_pin_send",
        request=PinSendIn,
        responses={202: PinSentOut, **errors(400, 401, 403, 404, 409)},
        summary="Send the reporter the tracking code and PIN by WhatsApp and/or e-mail, right "
        "after recording (intake officer; the PIN given at recording is checked).",
    )
    def post(self, request, code: str):
        body = PinSendIn(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = complaint_get(actor=request.user, code=code)
        channels = services.complaint_pin_send(
            complaint=complaint, actor=request.user, **body.validated_data
        )
        return Response(PinSentOut({"channels": channels}).data, status=status.HTTP_202_ACCEPTED)


class ComplaintNoteApi(BaseApi):
    @extend_schema(
        operation_id="complaints_note_add",
        request=NoteIn,
        responses={201: NoteOut, **errors(400, 401, 403, 404, 409)},
        summary="Add a progress note (staff); public notes appear on the reporter's timeline.",
    )
    def post(self, request, code: str):
        body = NoteIn(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = complaint_get(actor=request.user, code=code)
        note = services.note_add(complaint=complaint, actor=request.user, **body.validated_data)
        return Response(NoteOut(note).data, status=status.HTTP_201_CREATED)


class ComplaintAnswerDraftApi(BaseApi):
    @extend_schema(
        operation_id="complaints_answer_draft",
        request=AnswerDraftIn,
        responses={204: OpenApiResponse(description="Saved."), **errors(400, 401, 403, 404, 409)},
        summary="Save the answer draft (assigned official or intake officer).",
    )
    def put(self, request, code: str):
        body = AnswerDraftIn(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = complaint_get(actor=request.user, code=code)
        services.answer_draft_save(complaint=complaint, actor=request.user, **body.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ComplaintPublicOutcomeApi(BaseApi):
    @extend_schema(
        operation_id="complaints_public_outcome_get",
        responses={200: PublicOutcomeOut, **errors(401, 403, 404)},
        summary='What the desa\'s report will list for this complaint under "What was done" '
        "(intake officer, village head).",
    )
    def get(self, request, code: str):
        complaint = complaint_get(actor=request.user, code=code)
        require_office(request.user, complaint)
        return Response(PublicOutcomeOut(complaint).data)

    @extend_schema(
        operation_id="complaints_public_outcome_set",
        request=PublicOutcomeIn,
        responses={200: PublicOutcomeOut, **errors(400, 401, 403, 404, 409)},
        summary="Write or approve the title and one-line outcome published in the desa's "
        "report once closed; never the reporter's name (intake officer, village head).",
    )
    def put(self, request, code: str):
        body = PublicOutcomeIn(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = complaint_get(actor=request.user, code=code)
        complaint = services.public_outcome_set(
            complaint=complaint, actor=request.user, **body.validated_data
        )
        return Response(PublicOutcomeOut(complaint).data)


class IdentityGrantApi(BaseApi):
    @extend_schema(
        operation_id="complaints_identity_grant",
        request=IdentityGrantIn,
        responses={204: OpenApiResponse(description="Granted."), **errors(400, 401, 403, 404)},
        summary="Let the assigned official see the reporter's identity (intake officer; audited).",
    )
    def post(self, request, code: str):
        body = IdentityGrantIn(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = complaint_get(actor=request.user, code=code)
        grantee = selectors.desa_official(
            desa=complaint.desa, user_id=body.validated_data["grantee"]
        )
        services.identity_grant(
            complaint=complaint,
            actor=request.user,
            grantee=grantee,
            reason=body.validated_data["reason"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class IdentityAccessLogApi(ListMixin, BaseApi):
    @extend_schema(
        operation_id="desa_identity_access_log",
        responses={200: IdentityAccessOut(many=True), **errors(401, 404)},
        summary="Who read which reporter's identity, newest first (village head).",
    )
    def get(self, request, code: str):
        accesses = selectors.identity_access_log(actor=request.user, desa_code=code)
        return self.paginated(accesses, IdentityAccessOut)


class DismissSpamApi(BaseApi):
    @extend_schema(
        operation_id="desa_complaints_dismiss_spam",
        request=DismissSpamIn,
        responses={200: DismissSpamOut, **errors(400, 401, 403, 404, 409)},
        summary="Set aside several submitted complaints as spam, all or none (intake officer).",
        description="No register number, nothing sent to the reporter; purged after "
        "SPAM_RETENTION_DAYS. 409 (with `tracking_code`) when one is no longer submitted.",
    )
    def post(self, request, code: str):
        body = DismissSpamIn(data=request.data)
        body.is_valid(raise_exception=True)
        dismissed = services.complaints_dismiss_spam(
            actor=request.user, desa_code=code, codes=body.validated_data["codes"]
        )
        return Response({"dismissed": [c.tracking_code for c in dismissed]})


class ComplaintCountsApi(BaseApi):
    @extend_schema(
        operation_id="desa_complaint_counts",
        responses={200: ComplaintCountsOut, **errors(401, 404)},
        summary="Per state, plus open, overdue, escalated and unassignable, and the open "
        "complaints most residents reported (intake officer, village head).",
    )
    def get(self, request, code: str):
        counts = selectors.complaint_counts(actor=request.user, desa_code=code, most_reported=True)
        return Response(ComplaintCountsOut(counts).data)


class CategoryListApi(PublicApi):
    @extend_schema(
        operation_id="desa_categories",
        responses={200: CategoryOut(many=True), **errors(404)},
        summary="The complaint categories of a desa (public, for the submission form).",
    )
    def get(self, request, code: str):
        return Response(CategoryOut(selectors.category_list(desa_code=code), many=True).data)


class TrackApi(PublicApi):
    throttle_classes = TRACK_THROTTLES

    @extend_schema(
        operation_id="track",
        parameters=[DEVICE_PARAMETER],
        request=TrackIn,
        responses={200: ComplaintPublicOut, **errors(400, 404, 429)},
        summary="Follow a complaint with its tracking code and PIN (no account needed).",
        examples=[
            OpenApiExample(
                "Code and PIN", request_only=True, value={"code": "K7M2-QX9HAT", "pin": "482913"}
            )
        ],
    )
    def post(self, request):
        body = TrackIn(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = complaint_track(**body.validated_data)
        payload = presenters.public_view(complaint, held={Capacity.REPORTER})
        return Response(payload)


class TrackTransitionApi(PublicApi):
    throttle_classes = TRACK_THROTTLES

    @extend_schema(
        operation_id="track_transition",
        parameters=[DEVICE_PARAMETER],
        request=moves.one_of("TrackTransitionIn", moves.TRACK_INPUTS),
        responses={200: ComplaintPublicOut, **errors(400, 404, 409, 429)},
        summary="The reporter's moves with code + PIN: supply info, confirm & rate, object.",
        examples=[
            OpenApiExample(
                "Confirm and rate",
                request_only=True,
                value={
                    "code": "K7M2QX9HAT",
                    "pin": "482913",
                    "action": "confirm",
                    "rating": 5,
                    "comment": "Terima kasih, cepat ditangani.",
                },
            ),
            OpenApiExample(
                "Object",
                request_only=True,
                value={
                    "code": "K7M2QX9HAT",
                    "pin": "482913",
                    "action": "object",
                    "reason": "Masih tersumbat di ujung gang.",
                },
            ),
        ],
    )
    def post(self, request):
        data = moves.move_body(moves.TRACK_INPUTS, request.data)
        complaint = complaint_track(code=data.pop("code"), pin=data.pop("pin"))
        services.complaint_transition(
            complaint=complaint, actor=None, as_capacity=Capacity.REPORTER, **data
        )
        complaint.refresh_from_db()
        payload = presenters.public_view(complaint, held={Capacity.REPORTER})
        return Response(payload)
