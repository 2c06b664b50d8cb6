"""The product's URLs, and after them (so no product route pays for them) the stock list
and the stock detail: the inbox's page and a complaint's page as DRF's documentation
writes them, for `make bench`'s reference rows."""

from django.db.models import Prefetch
from django.urls import path
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework_simplejwt.authentication import JWTAuthentication

from accounts.models import Position
from common.api import choice_labels
from complaints.access import capacities, visible_complaints
from complaints.api.serializers import (
    AnswerOut,
    AttachmentOut,
    ComplaintDetailOut,
    ComplaintListOut,
    TimelineEntryOut,
)
from complaints.models import Channel, Forwarding, Note, Transition, Visibility
from complaints.reads.presenters import STAFF, _answers, _assignment, _sent_files, _suggestion
from complaints.reads.timeline import AttachmentRow, TimelineRow
from complaints.services import identity_visible_to, on_behalf_actions, priority_suggested
from complaints.state import STAFF_ONLY_MOVES, Capacity, Status, allowed_actions
from config.urls import urlpatterns as product_urlpatterns
from register.selectors import register_number_of
from sla.api.serializers import ComplaintSlaField


class PageWithCount(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class StockInboxApi(ListAPIView):
    """The product's inbox page (same rows, same order, same JSON per row) as DRF's
    documentation writes a list: simplejwt's own authentication, a `ModelSerializer` (the
    documented `ComplaintListOut`), `select_related`, page-number pagination with its
    COUNT, and DRF's JSON renderer."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    pagination_class = PageWithCount
    serializer_class = ComplaintListOut

    def get_queryset(self):
        return (
            visible_complaints(self.request.user, for_listing=True)
            .select_related("category", "desa", "sla")
            .order_by("-submitted_at", "-id")
        )


class StockComplaintDetailOut(ComplaintDetailOut):
    """The documented `ComplaintDetailOut`, read from a model instance: what the product's
    presenter works out by hand (capacities, timeline, register number, clock) becomes
    method fields."""

    status_label = serializers.CharField(source="get_status_display")
    sla = ComplaintSlaField()
    answer = serializers.SerializerMethodField()
    register_number = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()
    assigned_to = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    reporter_visible = serializers.SerializerMethodField()
    reporter_hidden = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    social_source = serializers.SerializerMethodField()
    on_behalf_actions = serializers.SerializerMethodField()
    spam = serializers.SerializerMethodField()
    forwarding = serializers.SerializerMethodField()
    joined = serializers.SerializerMethodField()
    duplicate_of = serializers.SerializerMethodField()
    duplicates = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    priority_suggestion = serializers.SerializerMethodField()

    def _held(self, complaint) -> set[Capacity]:
        if not hasattr(self, "_capacities"):
            self._capacities = capacities(self.context["request"].user, complaint)
        return self._capacities

    def _staff(self, complaint) -> bool:
        return bool(self._held(complaint) & STAFF)

    def get_answer(self, complaint) -> str:
        # Staff read the draft; the reporter reads the answer once delivered. A joined
        # duplicate carries the answer of the report it was joined to, once delivered.
        delivered = complaint.answered_at or complaint.status == Status.CLOSED
        if delivered or self._staff(complaint):
            return complaint.answer
        primary = complaint.duplicate_of if complaint.status == Status.DUPLICATE else None
        if primary and (primary.answered_at or primary.status == Status.CLOSED):
            return primary.answer
        return ""

    def get_forwarding(self, complaint) -> dict | None:
        forwarding = Forwarding.objects.filter(complaint=complaint).first()
        if complaint.status != Status.FORWARDED or forwarding is None:
            return None
        return {
            "agency_kind": forwarding.agency_kind,
            "agency_kind_label": forwarding.get_agency_kind_display(),
            "agency": forwarding.agency,
            "forwarded_on": forwarding.forwarded_on.isoformat(),
            "reason": forwarding.reason,
            "reference": forwarding.reference,
            "identity_shared": forwarding.identity_shared,
        }

    def get_joined(self, complaint) -> bool:
        return complaint.status == Status.DUPLICATE

    def get_duplicate_of(self, complaint) -> str | None:
        primary = complaint.duplicate_of
        return primary.tracking_code if primary and self._staff(complaint) else None

    def get_duplicates(self, complaint) -> list[str]:
        if not self._staff(complaint):
            return []
        return [c.tracking_code for c in complaint.duplicates.order_by("submitted_at", "id")]

    def get_register_number(self, complaint) -> str | None:
        return register_number_of(complaint)

    def _rows(self, complaint) -> list[TimelineRow]:
        """The entries this viewer sees, by the product's own rule (`TimelineRow.seen_by`)."""
        staff = self._staff(complaint)
        rows = [
            TimelineRow(
                "transition",
                move.at,
                move.id,
                move.action,
                move.to_status,
                move.note,
                move.visibility,
                move.actor.full_name if move.actor else None,
                move.actor.username if move.actor else None,
                move.data,
            )
            for move in complaint.transitions.all()
        ]
        rows = [seen for row in rows if (seen := row.seen_by(staff=staff)) is not None]
        return sorted(rows, key=lambda row: (row.at, row.id))

    def get_assigned_to(self, complaint) -> dict | None:
        # The reporter reads the position only.
        person = complaint.assigned_to
        if person is None or not self._staff(complaint):
            return None
        return {"id": person.pk, "full_name": person.full_name}

    def _files(self, complaint) -> list[AttachmentRow]:
        """The attachments this viewer sees, oldest first, as the product's rows."""
        staff = self._staff(complaint)
        files = sorted(complaint.attachments.all(), key=lambda f: (f.at, f.id))
        return [
            AttachmentRow(f.token, f.content_type, f.size, f.visibility, f.at, f.for_answer,
                          f.answer_id)
            for f in files
            if staff or f.visibility == Visibility.PUBLIC
        ]  # fmt: skip

    def get_answers(self, complaint) -> list[dict]:
        rows, staff = self._rows(complaint), self._staff(complaint)
        answers = _answers(rows, staff=staff, complaint=complaint, files=self._files(complaint))
        return AnswerOut(answers, many=True).data

    def get_files(self, complaint) -> list[dict]:
        return _sent_files(complaint, self._files(complaint))

    def get_priority_suggestion(self, complaint) -> dict | None:
        if not self._staff(complaint):
            return None
        return _suggestion(priority_suggested(complaint=complaint))

    def get_timeline(self, complaint) -> list[dict]:
        staff = self._staff(complaint)
        positions = choice_labels(Position)
        assignments = {
            row.id: _assignment(row, staff=staff, positions=positions)
            for row in self._rows(complaint)
        }
        moves = [
            {
                "type": "transition",
                "at": move.at,
                "id": move.id,
                "action": move.action,
                "to_status": move.to_status,
                "to_status_label": move.get_to_status_display(),
                "note": move.note,
                "visibility": move.visibility,
                "actor": move.actor,
            }
            for move in complaint.transitions.all()
        ]
        notes = [
            {
                "type": "note",
                "at": note.at,
                "id": note.id,
                "action": None,
                "to_status": None,
                "to_status_label": None,
                "note": note.body,
                "visibility": note.visibility,
                "actor": note.author,
            }
            for note in complaint.notes.all()
        ]
        # Oldest first; at the same instant a move before its note.
        entries = sorted(moves + notes, key=lambda e: (e["at"], e["type"] != "transition", e["id"]))
        shown = []
        for entry in entries:
            if entry["type"] == "transition":
                if staff or entry["action"] not in STAFF_ONLY_MOVES:
                    if not staff and entry["visibility"] != Visibility.PUBLIC:
                        entry["note"] = ""
                    entry["assignment"] = assignments.get(entry["id"])
                    shown.append(entry)
            elif staff or entry["visibility"] == Visibility.PUBLIC:
                entry["assignment"] = None
                shown.append(entry)
        for entry in shown:
            actor = entry.pop("actor")
            entry["actor_name"] = (actor.full_name or actor.username) if staff and actor else None
        return TimelineEntryOut(shown, many=True).data

    def get_allowed_actions(self, complaint) -> list[str]:
        return [str(action) for action in allowed_actions(complaint.status, self._held(complaint))]

    def get_reporter_visible(self, complaint) -> bool:
        if not hasattr(self, "_identity_visible"):  # asked twice; a grant costs a query
            user = self.context["request"].user
            self._identity_visible = identity_visible_to(user, complaint, self._held(complaint))
        return self._identity_visible

    def get_reporter_hidden(self, complaint) -> bool:
        return not complaint.anonymous and not self.get_reporter_visible(complaint)

    def get_social_source(self, complaint) -> dict | None:
        if not self._staff(complaint) or complaint.channel != Channel.SOCIAL_MEDIA:
            return None
        return {"url": complaint.social_post_url, "account": complaint.social_account}

    def get_spam(self, complaint) -> dict | None:
        if not self._staff(complaint):
            return None
        return {
            "score": complaint.spam_score,
            "trapped": complaint.spam_trapped,
            "flagged": complaint.spam_flagged,
        }

    def get_on_behalf_actions(self, complaint) -> list[str]:
        user = self.context["request"].user
        return [str(action) for action in on_behalf_actions(actor=user, complaint=complaint)]

    def get_attachments(self, complaint) -> list[dict]:
        staff = self._staff(complaint)
        files = sorted(complaint.attachments.all(), key=lambda f: (f.at, f.id))
        shown = [f for f in files if staff or f.visibility == Visibility.PUBLIC]
        return AttachmentOut(shown, many=True).data


class StockComplaintDetailApi(RetrieveAPIView):
    """The product's complaint page (same JSON) as DRF's documentation writes a detail:
    simplejwt's own authentication, `select_related` and `prefetch_related`, the
    serializer above, and DRF's JSON renderer."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    serializer_class = StockComplaintDetailOut
    lookup_field = "tracking_code"
    lookup_url_kwarg = "code"

    def get_queryset(self):
        return visible_complaints(self.request.user).select_related(
            "desa__parent", "desa__register_settings", "category", "assigned_to", "sla",
            "register_entry",
        ).prefetch_related(
            Prefetch("transitions", queryset=Transition.objects.select_related("actor")),
            Prefetch("notes", queryset=Note.objects.select_related("author")),
            "attachments",
        )  # fmt: skip


urlpatterns = [
    *product_urlpatterns,
    path("api/bench/stock-inbox/", StockInboxApi.as_view()),
    path("api/bench/stock-complaints/<str:code>/", StockComplaintDetailApi.as_view()),
]
