"""What every API view shares: authentication, the error body and its schema, pagination."""

from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import TextChoices
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import ERROR_CODES, DomainError, ErrorCode


@lru_cache(maxsize=32)
def _labels_in(choices: type[TextChoices], language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_labels(choices: type[TextChoices]) -> dict[str, str]:
    """value → label in the request's language, for hand-built responses: what
    `get_FOO_display()` gives, without its per-call `make_hashable` over every lazy label."""
    return _labels_in(choices, translation.get_language())


# Comments, not docstrings: drf-spectacular would copy a docstring into every operation.
class BaseApi(APIView):
    # Authenticated by JWT; region checks happen in selectors (`accounts.scoping`).

    permission_classes = [IsAuthenticated]


class PublicApi(APIView):
    # No authentication: what anyone on the internet may call.

    authentication_classes: list[type] = []
    permission_classes: list[type] = []


class StrictPageSize:
    # `page_size` as the schema declares it: an integer from 1 to `max_page_size`. DRF
    # quietly falls back to the default for anything else, so a client asking for 500 or
    # "ten" got 25 rows and no hint why.

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size  # type: ignore[attr-defined]
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size or not raw.isdigit():
            message = _("Give a whole number from 1 to {max}.").format(max=self.max_page_size)
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)  # type: ignore[misc]
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,  # type: ignore[attr-defined]
                }
        return parameters


class Pagination(StrictPageSize, PageNumberPagination):
    pass


class ListMixin:
    # For list views: the schema shows the paginated envelope, `paginated()` fills it.
    # (A comment: drf-spectacular would copy a docstring into every list operation.)

    pagination_class = Pagination

    def paginated(self, queryset, serializer_class) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, self.request, view=self)  # type: ignore[attr-defined]
        return paginator.get_paginated_response(serializer_class(page, many=True).data)


_DRF_CODES = {
    exceptions.ValidationError: ErrorCode.INVALID,
    exceptions.ParseError: ErrorCode.PARSE_ERROR,
    exceptions.NotAuthenticated: ErrorCode.NOT_AUTHENTICATED,
    exceptions.AuthenticationFailed: ErrorCode.AUTHENTICATION_FAILED,
    exceptions.PermissionDenied: ErrorCode.PERMISSION_DENIED,
    exceptions.NotFound: ErrorCode.NOT_FOUND,
    exceptions.MethodNotAllowed: ErrorCode.METHOD_NOT_ALLOWED,
    exceptions.NotAcceptable: ErrorCode.NOT_ACCEPTABLE,
    exceptions.UnsupportedMediaType: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    exceptions.Throttled: ErrorCode.THROTTLED,
}


def _field_messages(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's error tree → {"field": [...], "reporter.nik": [...], "items.0.name": [...]}.

    Dotted keys keep the body flat (one schema for every error) and still say where.
    """
    if isinstance(detail, dict):
        merged: dict[str, list[str]] = {}
        for key, value in detail.items():
            merged.update(_field_messages(value, f"{prefix}{key}."))
        return merged
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        merged = {}
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                merged.update(_field_messages(item, f"{prefix}{index}."))
            elif item:
                merged.setdefault(prefix.rstrip("."), []).append(str(item))
        return merged
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix.rstrip(".") or "non_field_errors": [str(message) for message in messages]}


def error_body(code: str, message: Any, fields: dict | None = None, **extra: Any) -> dict:
    return {"code": str(code), "message": str(message), "fields": fields or {}, **extra}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Map every error to `{code, message, fields}` (docs/style.md, Views)."""
    if isinstance(exc, DomainError):
        response = Response(error_body(exc.code, exc.message, **exc.extra), status=exc.status)
        if "retry_after" in exc.extra:
            response["Retry-After"] = str(exc.extra["retry_after"])
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):  # raised by services, with field names
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))

    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response  # unexpected errors propagate to Django's 500 handling and logs

    code = next(
        (code for cls, code in _DRF_CODES.items() if isinstance(exc, cls)),
        ErrorCode.INVALID,
    )
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = _field_messages(detail)
        response.data = error_body(code, _("Some fields are not valid."), fields)
    elif isinstance(exc, exceptions.Throttled):
        response.data = error_body(
            code,
            _("Too many attempts. Try again in {seconds} seconds.").format(
                seconds=int(exc.wait or 60)
            ),
            retry_after=int(exc.wait or 60),
        )
    elif isinstance(exc, exceptions.ParseError):
        # DRF's parse errors carry the parser's own English text ("JSON parse error -
        # Expecting value: line 1 column 2"): useless to a person, and never translated.
        response.data = error_body(
            code, _("The request body could not be read: it is not well-formed JSON or form data.")
        )
    else:
        detail = exc.detail
        if isinstance(detail, dict):  # simplejwt's {"detail", "code", "messages"}
            # Only codes of the contract go out; simplejwt's others mean what `code` says.
            if detail.get("code") in ErrorCode._value2member_map_:
                code = ErrorCode(detail["code"])
            detail = detail.get("detail", "")
        response.data = error_body(code, detail)
    return response


STRICT_INPUTS: dict[str, type["StrictIn"]] = {}


class StrictIn(serializers.Serializer):
    # A request body that refuses fields it does not know, with 400 naming them: a typo
    # ("anonymus", "desciption") would otherwise be dropped silently, and the caller believe
    # it was saved. The schema says `additionalProperties: false` for these
    # (`strict_inputs_hook`), and `dependentRequired` from `dependent_required`: a field the
    # serializer's `validate` refuses without the others named (`{"month": ["year"]}`).

    dependent_required: dict[str, list[str]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        STRICT_INPUTS[cls.__name__] = cls

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise exceptions.ValidationError(
                    {name: [_("This field is not part of this request.")] for name in unknown}
                )
        return super().to_internal_value(data)


def strict_serializer_of(component: str) -> type[StrictIn] | None:
    """The `StrictIn` serializer a request body component describes, if any (drf-spectacular
    names it `<Serializer>Request`)."""
    if not component.endswith("Request"):
        return None
    return STRICT_INPUTS.get(component.removesuffix("Request"))


# What DRF's CharField trims (`str.strip`, every character `str.isspace` names), and NUL,
# which `common.middleware` refuses: a string that must not be blank needs one other.
_PYTHON_SPACE = (
    r"\t\n\u000b\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a"
    r"\u2028\u2029\u202f\u205f\u3000"
)
_NOT_BLANK = rf"^[^\u0000]*[^\u0000{_PYTHON_SPACE}][^\u0000]*$"


def strict_inputs_hook(result, generator, request, public):
    """drf-spectacular post-processing: `additionalProperties: false` on the request
    bodies of `StrictIn` serializers, the fields each field needs besides, and a pattern
    refusing what DRF refuses as blank once trimmed (`"  "`) where a field may not be."""
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        serializer = strict_serializer_of(name)
        if serializer is None:
            continue
        schema["additionalProperties"] = False
        if serializer.dependent_required:
            schema["dependentRequired"] = serializer.dependent_required
        for field_name, field in serializer().fields.items():
            prop = schema.get("properties", {}).get(field_name, {})
            trimmed = getattr(field, "trim_whitespace", False) and not field.allow_blank
            if (
                trimmed
                and prop.get("type") == "string"
                and not {"pattern", "format", "enum"} & prop.keys()
            ):
                prop["pattern"] = _NOT_BLANK
    return result


# --- Schema of the error body, used by every view's extend_schema(responses=...).
ErrorOut = inline_serializer(
    name="ErrorOut",
    fields={
        "code": serializers.ChoiceField(
            choices=ERROR_CODES, help_text="Stable snake_case error code; never renamed."
        ),
        "message": serializers.CharField(help_text="Human message in the request's language."),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Field name → messages, for 400 responses; empty otherwise.",
        ),
        "allowed_actions": serializers.ListField(
            child=serializers.CharField(),
            required=False,
            help_text="With `invalid_transition` and `permission_denied` on a move: the "
            "actions the caller may take now (see `allowed_actions` of the complaint).",
        ),
        "max_bytes": serializers.IntegerField(
            required=False, help_text="With `payload_too_large`: the largest size accepted."
        ),
        "retry_after": serializers.IntegerField(
            required=False,
            help_text="With `throttled` and `idempotency_key_in_use`: seconds to wait before "
            "trying again (also the `Retry-After` header).",
        ),
        "tracking_code": serializers.CharField(
            required=False,
            help_text="With `invalid_transition` on a move over several complaints (dismiss "
            "as spam): the complaint that refused it; nothing was moved.",
        ),
    },
)

_ERROR_DESCRIPTIONS = {
    400: "Invalid input: `fields` says which field and why.",
    401: "Not logged in, or the token is invalid or expired.",
    403: "Logged in, but this role may not do this.",
    404: "Not found — or outside the caller's region (indistinguishable on purpose).",
    409: "The state machine refuses this move now, or a concurrent change won.",
    413: "The upload is too large.",
    422: "Well-formed, but refused: e.g. an `Idempotency-Key` reused with a different body.",
    429: "Too many requests: wait `retry_after` seconds.",
}


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """The error responses of an operation, for `extend_schema(responses={..., **errors(...)})`."""
    return {
        status: OpenApiResponse(response=ErrorOut, description=_ERROR_DESCRIPTIONS[status])
        for status in statuses
    }
