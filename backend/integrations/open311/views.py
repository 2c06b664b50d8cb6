"""Open311 GeoReport v2 at /open311/v2/, as the frozen specification says.

Plain Django views rather than DRF: the specification fixes its own URLs (`.json`/`.xml`
suffixes), its XML and its error body, none of which is our `{code, message, fields}`
contract or expressible in openapi.yaml; docs/open311.md documents the surface instead.
Reads and writes still go through `integrations.selectors`/`services`, and what an
application may see is decided in `integrations/access.py`.

Every endpoint but discovery serves several desa, so `jurisdiction_id` (the desa's
Kemendagri code) is required. Optional arguments sent empty count as absent.
"""

import math
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from common.dbrouting import ReplicaReads
from common.errors import DomainError, NotAllowed, NotFound
from complaints.models import Kind, Level
from integrations import selectors, services
from integrations.access import client_sees_desa
from integrations.authentication import ClientActor, client_for_key, client_ip
from integrations.models import Scope
from integrations.open311 import listing, presenters
from integrations.open311.formats import JSON_TYPE, XML_TYPE, error, respond
from integrations.services import api_key_touch
from integrations.throttling import Open311Throttle
from regions.models import Region

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# Sortable: the last change of this endpoint's services or their definitions' shape.
CHANGESET = "2026-12-06"


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        self.status, self.description = status, description


def _param(request: HttpRequest, name: str) -> str | None:
    source = request.POST if request.method == "POST" else request.GET
    value = (source.get(name) or "").strip()
    return value or None


def _list_param(request: HttpRequest, name: str) -> list[str]:
    return [part.strip() for part in (_param(request, name) or "").split(",") if part.strip()]


def _caller(request: HttpRequest) -> ClientActor | None:
    """The application whose `api_key` came with the request (None without one); a key
    that is wrong or revoked is refused with 403, as the specification says."""
    raw = _param(request, "api_key")
    header = request.headers.get("Authorization", "")
    if raw is None and header.startswith("Bearer pdk_"):
        raw = header.removeprefix("Bearer ").strip()
    if raw is None:
        return None
    found = client_for_key(raw)
    if found is None:
        raise Open311Error(403, _("api_key is not valid or was revoked."))
    client, key = found
    api_key_touch(key=key, ip=client_ip(request))
    return ClientActor(client, key)


def _jurisdiction(request: HttpRequest) -> Region:
    code = _param(request, "jurisdiction_id")
    if code is None:
        raise Open311Error(400, _("jurisdiction_id was not provided."))
    try:
        return selectors.open311_jurisdiction(code=code)
    except NotFound:
        raise Open311Error(
            404, _("jurisdiction_id %(code)s was not found.") % {"code": code}
        ) from None


def _reads_in_full(caller: ClientActor | None, desa: Region) -> bool:
    return (
        caller is not None
        and caller.client.has_scope(Scope.COMPLAINTS_READ)
        and client_sees_desa(caller.client, desa)
    )


@method_decorator(csrf_exempt, name="dispatch")  # applications post with an api_key, no session
class Open311View(View):
    http_method_names = ["get"]

    def dispatch(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        refused = self._throttled(request, fmt)
        if refused is not None:
            return refused
        try:
            return super().dispatch(request, *args, **kwargs)
        except Open311Error as failure:
            return error(fmt, failure.status, failure.description)
        except NotAllowed as refused:
            return error(fmt, 403, str(refused.message))
        except NotFound:
            return error(fmt, 404, _("Not found."))
        except ValidationError as invalid:
            messages = [f"{name}: {'; '.join(texts)}" for name, texts in _fields(invalid)]
            return error(fmt, 400, " ".join(messages))
        except DomainError as refused:
            return error(fmt, 400, str(refused.message))

    def _throttled(self, request: HttpRequest, fmt: str) -> HttpResponse | None:
        """Resolve the api_key once (`self.caller`) and count the request: against the
        application's budget, or the address's without a key — and with a wrong one, so
        guessing keys is slowed like any anonymous caller. A 429 or a 403, or None."""
        try:
            self.caller = _caller(request)
        except Open311Error as failure:
            self.caller, refusal = None, failure
        else:
            refusal = None
        throttle = Open311Throttle(self.caller.client if self.caller else None)
        if not throttle.allow_request(request, self):
            wait = max(1, math.ceil(throttle.wait() or 1))
            description = _("Too many requests. Try again in %(seconds)d seconds.")
            response = error(fmt, 429, description % {"seconds": wait})
            response["Retry-After"] = str(wait)
            return response
        if refusal is not None:
            return error(fmt, refusal.status, refusal.description)
        return None

    def http_method_not_allowed(self, request, *args, **kwargs) -> HttpResponse:
        return error(kwargs["fmt"], 405, _("This method is not allowed here."))


def _fields(invalid: ValidationError) -> list[tuple[str, list[str]]]:
    if hasattr(invalid, "error_dict"):
        return [
            (name, [m for e in errors for m in e.messages])
            for name, errors in invalid.error_dict.items()
        ]
    return [("request", invalid.messages)]


# The listings read the replica (GET only: a posted request reads and writes the primary).
# A request by its id and a token are what a client asks right after posting: the primary.
class DiscoveryView(ReplicaReads, Open311View):
    def get(self, request, fmt: str):
        body = {
            "changeset": CHANGESET,
            "contact": _("Ask the village office (kantor desa) that uses Pengaduan Desa."),
            "key_service": _(
                "The village head issues keys for applications in Pengaduan Desa "
                "(Integrations); an admin for a kecamatan or a kabupaten."
            ),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": request.build_absolute_uri("/open311/v2"),
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        }
        return respond(fmt, "discovery", body)


class ServiceListView(ReplicaReads, Open311View):
    def get(self, request, fmt: str):
        desa = _jurisdiction(request)
        services_ = [presenters.service(c) for c in selectors.open311_services(desa=desa)]
        return respond(fmt, "services", services_)


class ServiceDefinitionView(ReplicaReads, Open311View):
    def get(self, request, fmt: str, code: str):
        desa = _jurisdiction(request)
        try:
            category = selectors.open311_service(desa=desa, code=code)
        except NotFound:
            raise Open311Error(
                404, _("service_code %(code)s was not found.") % {"code": code}
            ) from None
        return respond(fmt, "service_definition", presenters.service_definition(category))


def _moment(request: HttpRequest, name: str):
    raw = _param(request, name)
    if raw is None:
        return None
    moment = parse_datetime(raw)
    if moment is None or moment.tzinfo is None:
        raise Open311Error(400, _("%(name)s must be a W3C date-time with a zone.") % {"name": name})
    return moment


def _query(request: HttpRequest) -> selectors.Open311Query:
    ids = _list_param(request, "service_request_id")
    if ids:  # overrides every other argument
        return selectors.Open311Query(ids=ids)
    statuses = _list_param(request, "status")
    if set(statuses) - {"open", "closed"}:
        raise Open311Error(400, _("status must be open or closed."))
    start, end = _moment(request, "start_date"), _moment(request, "end_date")
    if start and end and start > end:
        raise Open311Error(400, _("start_date is after end_date."))
    if start and end and end - start > selectors.OPEN311_WINDOW:
        raise Open311Error(400, _("start_date and end_date may span at most 90 days."))
    if start and not end:
        end = start + selectors.OPEN311_WINDOW
    return selectors.Open311Query(
        service_codes=_list_param(request, "service_code"),
        statuses=statuses,
        start=start,
        end=end,
    )


def _choice(request: HttpRequest, code: str, choices, default: str) -> str:
    value = _param(request, f"attribute[{code}]")
    if value is None:
        return default
    if value not in choices.values:
        raise Open311Error(
            400,
            _("attribute[%(code)s] must be one of: %(values)s.")
            % {"code": code, "values": ", ".join(choices.values)},
        )
    return value


def _coordinates(request: HttpRequest) -> tuple[Decimal | None, Decimal | None]:
    lat, long = _param(request, "lat"), _param(request, "long")
    if lat is None and long is None:
        return None, None
    try:
        latitude, longitude = Decimal(lat or ""), Decimal(long or "")
    except InvalidOperation:
        raise Open311Error(400, _("lat and long must both be numbers.")) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Open311Error(400, _("lat and long are outside the globe."))
    return latitude.quantize(Decimal("0.000001")), longitude.quantize(Decimal("0.000001"))


class RequestListView(ReplicaReads, Open311View):
    http_method_names = ["get", "post"]

    def get(self, request, fmt: str):
        caller = self.caller
        desa = _jurisdiction(request)
        full = _reads_in_full(caller, desa)
        answer = listing.requests_answer(
            desa=desa,
            query=_query(request),
            full=full,
            fmt=fmt,
            if_none_match=request.headers.get("If-None-Match", ""),
            fresh="no-cache" in request.headers.get("Cache-Control", "").lower(),
        )
        content_type = JSON_TYPE if fmt == "json" else XML_TYPE
        if answer.body is None:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(answer.body, content_type=content_type)
        if answer.etag:
            response["ETag"] = answer.etag
            # Stored by anyone for the public, by the caller alone with its key; either
            # way asked again (the ETag makes that a 304 while nothing changed).
            response["Cache-Control"] = "private, no-cache" if full else "no-cache"
            patch_vary_headers(response, ["Authorization", "Accept-Language"])
        return response

    def post(self, request, fmt: str):
        caller = self.caller
        if caller is None:
            raise Open311Error(403, _("api_key was not provided."))
        desa = _jurisdiction(request)
        code = _param(request, "service_code")
        if code is None:
            raise Open311Error(400, _("service_code was not provided."))
        try:
            category = selectors.open311_service(desa=desa, code=code)
        except NotFound:
            raise Open311Error(
                404, _("service_code %(code)s was not found.") % {"code": code}
            ) from None
        latitude, longitude = _coordinates(request)
        address = _param(request, "address_string") or _param(request, "address_id")
        if latitude is None and address is None:
            raise Open311Error(400, _("Give the location: lat and long, or address_string."))
        description = _param(request, "description")
        if description is None:
            raise Open311Error(400, _("description was not provided."))
        contact = _param(request, "email") or _param(request, "phone")
        if contact is None:
            raise Open311Error(
                400, _("Give the resident's email or phone: their PIN is sent there.")
            )
        submitted = services.application_complaint_submit(
            client=caller.client,
            key_prefix=caller.key.prefix,
            desa=desa,
            category_slug=category.slug,
            kind=_choice(request, "kind", Kind, Kind.COMPLAINT),
            urgency=_choice(request, "urgency", Level, Level.MEDIUM),
            description=description[:4000],
            contact=contact,
            location_text=address or "",
            latitude=latitude,
            longitude=longitude,
        )
        notice = _("The tracking code and PIN were sent to the resident.")
        body = [
            {
                "service_request_id": submitted.complaint_code,
                "service_notice": notice,
                "account_id": None,
            }
        ]
        return respond(fmt, "service_requests", body)


class RequestDetailView(Open311View):
    def get(self, request, fmt: str, code: str):
        caller = self.caller
        desa = _jurisdiction(request)
        rows = selectors.open311_requests(desa=desa, query=selectors.Open311Query(ids=[code]))
        if not rows:
            raise Open311Error(
                404, _("service_request_id %(code)s was not found.") % {"code": code}
            )
        full = _reads_in_full(caller, desa)
        body = presenters.service_requests(rows[:1], desa=desa, full=full)
        return respond(fmt, "service_requests", body)


class TokenView(Open311View):
    def get(self, request, fmt: str, token: str):
        desa = _jurisdiction(request)
        try:
            submission = selectors.open311_token(desa=desa, token=token)
        except NotFound:
            raise Open311Error(
                404, _("token %(token)s was not found.") % {"token": token}
            ) from None
        body = [{"service_request_id": submission.complaint.tracking_code, "token": token}]
        return respond(fmt, "service_requests", body)
