"""Every API response a test receives is checked against the committed `openapi.yaml`.

The API tests make their requests through `ContractClient` (the `api` fixture in
`tests/conftest.py`), so a response whose status code, content type or body the schema does not
document fails the test that received it — whichever view or hand-written presenter produced
it. openapi-core reads the schema. Only responses are checked: tests of the error paths send
requests the schema forbids on purpose.
"""

import json
from functools import cache, lru_cache
from pathlib import Path

import yaml
from django.core.signals import setting_changed
from django.dispatch import receiver
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.templating.paths.datatypes import PathOperationServer
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.templating.paths.finders import APICallPathFinder
from openapi_schema_validator import OAS31Validator
from rest_framework.test import APIClient, ForceAuthClientHandler

SCHEMA = Path(__file__).resolve().parent.parent / "openapi.yaml"

# Routes outside the contract: the schema and its viewers, the bench's reference pages.
OUTSIDE = ("/api/schema/", "/api/docs/", "/api/redoc/", "/api/bench/")


@cache
def _schema() -> dict:
    """`openapi.yaml` read once per process, by libyaml (the pure-Python loader took four
    times as long, and each worker read the file twice)."""
    return yaml.load(SCHEMA.read_text(), Loader=yaml.CSafeLoader)


@cache
def contract() -> OpenAPI:
    # Not validated again here: `make schema` writes it with --validate, and
    # tests/test_contract.py checks the committed file.
    return OpenAPI.from_dict(
        _schema(), config=Config(spec_validator_cls=None, path_finder_cls=_PathFoundOnce)
    )


class _PathFoundOnce(APICallPathFinder):
    """The schema's operation for a method and URL, looked up once: openapi-core tries each
    of the schema's paths in turn, a third of checking a response."""

    @lru_cache(maxsize=4096)  # noqa: B019 - one finder per process, kept for the run
    def find(self, method: str, name: str) -> PathOperationServer:
        return super().find(method, name)


@cache
def error_body_validator() -> OAS31Validator:
    return OAS31Validator(
        {"$ref": "#/components/schemas/ErrorOut", "components": _schema()["components"]}
    )


class ContractViolation(AssertionError):
    pass


class _ResponseOnly(DjangoOpenAPIRequest):
    """The request as the response check needs it: its route and method, not its body (a
    multipart upload's stream has been read by the view)."""

    @property
    def body(self) -> bytes:
        return b""


def check(response) -> None:
    """Raise `ContractViolation` when the schema does not document this response."""
    request = response.wsgi_request
    if not request.path.startswith("/api/") or request.path.startswith(OUTSIDE):
        return
    errors = list(
        contract().iter_response_errors(_ResponseOnly(request), DjangoOpenAPIResponse(response))
    )
    if errors and _unrouted(errors[0], response.status_code):
        # An address no route has, or a method the route does not take: no operation to
        # compare with, but the answer must still be the API's error body.
        errors = [f"{error}" for error in error_body_validator().iter_errors(_json(response))]
    if errors:
        details = "; ".join(_explain(error) for error in errors)
        raise ContractViolation(
            f"{request.method} {request.get_full_path()} → {response.status_code} "
            f"does not match openapi.yaml: {details}"
        )


def _unrouted(error: Exception, status_code: int) -> bool:
    # A method the route does not take is 405 — or 400 when the request is refused before
    # routing (a NUL character in it, common/middleware.py).
    return (isinstance(error, PathNotFound) and status_code == 404) or (
        isinstance(error, OperationNotFound) and status_code in (400, 405)
    )


def _json(response):
    try:
        return json.loads(response.content)
    except ValueError:
        return response.content.decode(errors="replace")


def _explain(error) -> str:
    if isinstance(error, str):
        return error
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", None)
    if schema_errors:
        return f"{error}: " + ", ".join(
            f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}" for e in schema_errors
        )
    return f"{type(error).__name__}: {error}" + (f" ({cause})" if cause else "")


class ContractClient(APIClient):
    """An APIClient whose every response is checked against the contract."""

    def __init__(self, enforce_csrf_checks: bool = False, **defaults):
        super().__init__(enforce_csrf_checks, **defaults)
        self.handler = _MiddlewareLoadedOnce(enforce_csrf_checks)

    def request(self, **kwargs):
        response = super().request(**kwargs)
        check(response)
        return response


class _MiddlewareLoadedOnce(ForceAuthClientHandler):
    """Django builds each test client's middleware on its first request, and WhiteNoise's
    part of it lists the static folders: a sixth of an API test's time. The clients of a
    process share one chain, built again after a change of settings (the chain holds no
    per-client state: a forced user and the CSRF choice stay on each client's handler)."""

    def load_middleware(self, is_async: bool = False) -> None:
        loaded = _middleware()
        self._view_middleware = loaded._view_middleware
        self._template_response_middleware = loaded._template_response_middleware
        self._exception_middleware = loaded._exception_middleware
        self._middleware_chain = loaded._middleware_chain


@cache
def _middleware() -> ForceAuthClientHandler:
    handler = ForceAuthClientHandler()
    handler.load_middleware()
    return handler


# Each test sets these two (tests/conftest.py); no middleware reads them when it is built.
_NOT_READ_BY_MIDDLEWARE = {"CACHES", "MEDIA_ROOT"}


@receiver(setting_changed)
def _rebuild_middleware(*, setting: str, **_) -> None:
    if setting not in _NOT_READ_BY_MIDDLEWARE:
        _middleware.cache_clear()
