"""Domain errors and their stable codes. The API maps them in `common.api.exception_handler`."""

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    """Every `code` an API error body can carry. Clients translate these; never rename one."""

    INVALID = "invalid"
    PARSE_ERROR = "parse_error"
    NOT_AUTHENTICATED = "not_authenticated"
    AUTHENTICATION_FAILED = "authentication_failed"
    INVALID_CREDENTIALS = "invalid_credentials"
    TOKEN_NOT_VALID = "token_not_valid"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    IDEMPOTENCY_KEY_IN_USE = "idempotency_key_in_use"
    INVALID_TRANSITION = "invalid_transition"
    CONCURRENT_CHANGE = "concurrent_change"
    NO_HOLDER = "no_holder"
    THROTTLED = "throttled"
    SERVER_ERROR = "server_error"


# The codes as schema choices: openapi.yaml lists them, so clients can check their messages.
ERROR_CODES = [(code.value, code.value) for code in ErrorCode]


class DomainError(Exception):
    """A business rule refused the request. `status` is the HTTP status the API answers."""

    status = 400
    code = ErrorCode.INVALID
    default_message = _("The request is not valid.")

    def __init__(self, message: Any = None, *, extra: dict[str, Any] | None = None):
        self.message = message if message is not None else self.default_message
        self.extra = extra or {}
        super().__init__(str(self.message))


class NotFound(DomainError):
    """Missing, or outside the actor's region: the two look the same on purpose."""

    status = 404
    code = ErrorCode.NOT_FOUND
    default_message = _("Not found.")


class InvalidCredentials(DomainError):
    """Wrong login name or password; never says which, nor whether the account exists."""

    status = 401
    code = ErrorCode.INVALID_CREDENTIALS
    default_message = _("Wrong username, phone number or password.")


class TokenNotValid(DomainError):
    status = 401
    code = ErrorCode.TOKEN_NOT_VALID
    default_message = _("The token is invalid or expired.")


class NotAllowed(DomainError):
    """Visible to the actor, but their role may not do this."""

    status = 403
    code = ErrorCode.PERMISSION_DENIED
    default_message = _("Your role may not do this.")


class PayloadTooLarge(DomainError):
    status = 413
    code = ErrorCode.PAYLOAD_TOO_LARGE
    default_message = _("The file is too large.")


class InvalidTransition(DomainError):
    status = 409
    code = ErrorCode.INVALID_TRANSITION
    default_message = _("This move is not allowed now.")


class NoHolder(DomainError):
    """The move would leave a complaint with a position nobody holds; `extra` lists the
    positions held now and their holders."""

    status = 409
    code = ErrorCode.NO_HOLDER
    default_message = _(
        "Nobody holds this position in the desa now. Choose a position that is held."
    )


class ConcurrentChange(DomainError):
    status = 409
    code = ErrorCode.CONCURRENT_CHANGE
    default_message = _("Someone else changed this at the same moment. Reload and try again.")


class IdempotencyKeyReused(DomainError):
    """The caller sent this `Idempotency-Key` before with another request body."""

    status = 422
    code = ErrorCode.IDEMPOTENCY_KEY_REUSED
    default_message = _("This Idempotency-Key was already used for a different request.")


class IdempotencyKeyInUse(DomainError):
    """The first request with this `Idempotency-Key` is still running; retry shortly."""

    status = 409
    code = ErrorCode.IDEMPOTENCY_KEY_IN_USE
    default_message = _("A request with this Idempotency-Key is still being processed. Retry soon.")
