"""Views outside the versioned API: the health probe and the SPA entry point."""

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from common.api import PublicApi, error_body
from common.errors import ErrorCode
from common.readiness import readiness


class HealthApi(PublicApi):
    # Liveness: answers without touching the database, so it is also the framework floor
    # that `make bench` compares real endpoints with.

    @extend_schema(
        operation_id="health_retrieve",
        responses={200: inline_serializer("HealthOut", {"status": serializers.CharField()})},
        summary="Liveness probe (no database access).",
    )
    def get(self, request):
        return Response({"status": "ok"})


class ReadinessCheckOut(serializers.Serializer):
    ok = serializers.BooleanField()


class ReadinessReplicaOut(ReadinessCheckOut):
    in_recovery = serializers.BooleanField(required=False)
    lag_seconds = serializers.FloatField(
        required=False, help_text="How far the replica's data is behind the primary."
    )


class ReadinessChecksOut(serializers.Serializer):
    database = ReadinessCheckOut(help_text="The primary PostgreSQL answers.")
    replica = ReadinessReplicaOut(
        required=False,
        help_text="Only with a read replica configured: it answers, follows "
        "the primary, and lags less than DATABASE_REPLICA_MAX_LAG_SECONDS.",
    )
    redis = ReadinessCheckOut(
        required=False, help_text="Only with Redis configured: it answers PING."
    )
    broker = ReadinessCheckOut(help_text="The Celery broker accepts a connection.")


class ReadinessOut(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "unavailable"])
    checks = ReadinessChecksOut()


class ReadinessApi(PublicApi):
    # Readiness, unlike liveness, asks every service a request may need; a load balancer
    # stops sending traffic while it answers 503. No host names or URLs in the body.

    @extend_schema(
        operation_id="health_ready",
        responses={
            200: ReadinessOut,
            503: OpenApiResponse(ReadinessOut, description="A part failed: see `checks`."),
        },
        summary="Readiness probe: the database (and replica lag), Redis and the broker.",
    )
    def get(self, request):
        found = readiness()
        response = Response(found, status=200 if found["status"] == "ok" else 503)
        response["Cache-Control"] = "no-store"
        return response


def spa_index(request: HttpRequest) -> HttpResponse:
    """index.html of the built SPA for every client-side route; assets come via WhiteNoise."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        return HttpResponse(
            "The web app is not built yet: run `make run` (or `make frontend`).",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # hashed assets are cached; the entry point never
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Unknown URLs under /api/ answer in the API's error shape, not with an HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(ErrorCode.NOT_FOUND, _("Not found.")), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = error_body(ErrorCode.SERVER_ERROR, _("Something went wrong on our side."))
        return JsonResponse(body, status=500)
    return defaults.server_error(request)
