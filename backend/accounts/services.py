"""Every write to users, memberships and login sessions."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import hooks, lockout
from accounts.models import ROLE_LEVEL, CodePurpose, Membership, PasswordReset, Role, User
from accounts.scoping import forget_memberships
from common.clock import current_time
from common.errors import InvalidCredentials, TokenNotValid
from common.phone import phone_normalise, phone_or_none
from regions.models import Level, Region


def _code_row(*, user: User, purpose: str) -> PasswordReset:
    """A fresh code row for `user` (its code derived, never stored); earlier live codes of the
    same purpose stop working."""
    now = current_time()
    PasswordReset.objects.filter(
        user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    return PasswordReset.objects.create(
        user=user,
        purpose=purpose,
        salt=secrets.token_hex(16),
        created_at=now,
        expires_at=now + timedelta(minutes=settings.PASSWORD_RESET_MINUTES),
    )


@transaction.atomic
def user_signup_resident(
    *, phone: str, password: str, full_name: str, home_desa: Region | None = None
) -> str:
    """Start a resident account that logs in with its phone number; returns the E.164 phone.

    The account stays inactive until the code sent by WhatsApp comes back
    (`user_signup_verify`), so nobody can claim another person's number. A number already
    registered gets the same answer and nothing is created: its owner is told by WhatsApp
    instead, so the answer never tells who has an account. A sign-up that was never verified
    is started again (new name, password and code). The username is the E.164 phone, so the
    account is found either way. With `home_desa`, the user gets a resident membership there.
    """
    # Every field's problem at once: a resident on a weak signal should not learn of a weak
    # password only after fixing the number.
    errors: dict[str, list[str]] = {}
    try:
        phone = phone_normalise(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    user = User(username=phone, phone=phone, full_name=full_name.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    existing = User.objects.select_for_update().filter(Q(phone=phone) | Q(username=phone)).first()
    if existing is not None and not existing.awaiting_phone_verification:
        user.set_password(password)  # hashed anyway: as slow as a new sign-up
        if existing.phone == phone:
            hooks.run(hooks.Point.SIGNUP_ON_REGISTERED_NUMBER, user=existing)
        return phone
    if existing is not None:
        user = existing
        user.full_name = full_name.strip()
        user.date_joined = current_time()  # the unverified purge counts from the latest start
    user.is_active = False
    user.awaiting_phone_verification = True
    user.set_password(password)
    try:
        # The row lock above cannot lock a row that does not exist yet: two sign-ups for one
        # new number at the same instant both get here, and the unique phone refuses the
        # second insert. Its sender gets the answer everyone gets; the first one's code stands.
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return phone
    if home_desa is not None:
        membership_grant(user=user, role=Role.RESIDENT, region=home_desa, actor=None)
    hooks.run(
        hooks.Point.SIGNUP_CODE_ISSUED, code_row=_code_row(user=user, purpose=CodePurpose.SIGNUP)
    )
    return phone


def _live_code(*, user: User | None, purpose: str) -> PasswordReset | None:
    """The latest code row of `user` that still works: unused, unexpired, guesses left."""
    if user is None:
        return None
    return (
        PasswordReset.objects.filter(
            user=user,
            purpose=purpose,
            used_at__isnull=True,
            expires_at__gt=current_time(),
            attempts__lt=settings.PASSWORD_RESET_ATTEMPTS,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def _code_matches(row: PasswordReset, code: str) -> bool:
    """Compare in constant time; a wrong guess counts against the row."""
    if constant_time_compare(row.code(), code.strip()):
        return True
    PasswordReset.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    return False


def user_signup_verify(*, phone: str, code: str) -> RefreshToken:
    """Activate the account started with `phone` with the code sent to it, and log it in.

    Wrong, expired and used codes, and numbers with no sign-up waiting, all get one answer.
    """
    bad_code = ValidationError({"code": _("The code is wrong or no longer valid.")})
    normalised = phone_or_none(phone)
    user = (
        User.objects.filter(phone=normalised, awaiting_phone_verification=True).first()
        if normalised
        else None
    )
    row = _live_code(user=user, purpose=CodePurpose.SIGNUP)
    if row is None or user is None or not _code_matches(row, code):
        raise bad_code
    with transaction.atomic():
        used = PasswordReset.objects.filter(pk=row.pk, used_at__isnull=True).update(
            used_at=current_time()
        )
        if not used:
            raise bad_code
        user.is_active = True
        user.awaiting_phone_verification = False
        user.save(update_fields=["is_active", "awaiting_phone_verification"])
        return RefreshToken.for_user(user)


def membership_validate(*, role: str, region: Region | None, position: str) -> None:
    """Raise ValidationError (by field) unless the region's level and the position fit the role:
    desa roles on a desa, operators on a kecamatan, admin on none; handlers need a position."""
    expected = ROLE_LEVEL[Role(role)]
    if expected is None and region is not None:
        raise ValidationError(
            {"region": _("This role applies everywhere; leave the region empty.")}
        )
    if expected is not None and (region is None or region.level != expected):
        raise ValidationError(
            {"region": _("This role is held in a %(level)s.") % {"level": Level(expected).label}}
        )
    if role == Role.HANDLER and not position:
        raise ValidationError({"position": _("A village official needs a position.")})
    if role != Role.HANDLER and position:
        raise ValidationError({"position": _("Only village officials have a position.")})


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: str,
    region: Region | None,
    actor: User | None,
    position: str = "",
    position_title: str = "",
) -> Membership:
    """Give `user` `role` in `region`. Idempotent; updates the position if it changed."""
    membership_validate(role=role, region=region, position=position)
    membership, created = Membership.objects.get_or_create(
        user=user,
        role=role,
        region=region,
        defaults={"position": position, "position_title": position_title, "granted_by": actor},
    )
    if not created and (membership.position, membership.position_title) != (
        position,
        position_title,
    ):
        membership.position, membership.position_title = position, position_title
        membership.save(update_fields=["position", "position_title"])
    forget_memberships(user)
    return membership


def auth_login(*, username: str, password: str, request: HttpRequest | None) -> RefreshToken:
    """Check the credentials and open a session: a refresh token (its access token inside).

    Raises InvalidCredentials with one message for a wrong password, an unknown login name
    and a disabled account, so the answer never tells whether an account exists.
    """
    name = lockout.login_name(username)
    address = lockout.client_address(request) if request is not None else ""
    lockout.login_check_allowed(name=name, address=address)
    # django-axes (the first authentication backend) refuses a locked (login, address) pair
    # before the password is checked, and counts this failure through the signal.
    user = authenticate(request, username=username, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise lockout.LoginRefused(lockout.lockout_seconds())
        lockout.login_failed(name=name, address=address)
        raise InvalidCredentials()
    lockout.login_succeeded(name=name)
    # Updates last_login, and lets axes clear this pair's failures.
    user_logged_in.send(sender=type(user), request=request, user=user)
    return RefreshToken.for_user(user)


def auth_logout(*, refresh: str) -> None:
    """Blacklist the refresh token: it can no longer be refreshed, nor logged out twice."""
    try:
        token = RefreshToken(refresh)
    except TokenError as exc:
        raise TokenNotValid() from exc
    token.blacklist()


def token_flush_expired() -> int:
    """Delete expired refresh tokens and, by cascade, their blacklist rows."""
    deleted, _by_model = OutstandingToken.objects.filter(expires_at__lte=current_time()).delete()
    return deleted


@transaction.atomic
def user_upsert(
    *,
    username: str,
    full_name: str,
    password: str,
    phone: str | None = None,
    is_superuser: bool = False,
) -> User:
    """Create or update an account by username (demo data, provisioning scripts).

    A superuser is also staff, so that it can use Django's admin site.
    """
    user = User.objects.filter(username=username).first() or User(username=username)
    user.full_name = full_name
    user.phone = phone_normalise(phone) if phone else None
    user.is_superuser = user.is_staff = is_superuser
    user.set_password(password)
    user.save()
    return user


# --- password reset ----------------------------------------------------------------------
def _reset_user(phone: str) -> User | None:
    """The active account with this phone number, or None (a malformed number included)."""
    normalised = phone_or_none(phone)
    if normalised is None:
        return None
    return User.objects.filter(phone=normalised, is_active=True).first()


@transaction.atomic
def password_reset_request(*, phone: str) -> None:
    """Send a code to set a new password to the account with this phone number, if there is
    one (WhatsApp to the number, and its email if it has one). Says nothing either way: the
    answer must not tell who has an account. An earlier code stops working.
    """
    try:
        phone_normalise(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc
    user = _reset_user(phone)
    if user is None:
        return
    hooks.run(
        hooks.Point.PASSWORD_RESET_CODE_ISSUED,
        code_row=_code_row(user=user, purpose=CodePurpose.PASSWORD_RESET),
    )


def password_reset_purge() -> int:
    """Delete password-reset requests that can no longer be used (expired; a used one's
    `expires_at` has passed too by then). Their messages, if still queued, are not sent."""
    deleted, _by_model = PasswordReset.objects.filter(expires_at__lte=current_time()).delete()
    return deleted


def user_purge_unverified(*, now=None) -> int:
    """Delete resident sign-ups never verified within SIGNUP_UNVERIFIED_RETENTION_HOURS of
    their latest start, which frees their numbers for a new sign-up. Verified, staff and
    superuser accounts, and accounts holding any role but resident, are never touched; a
    second run finds nothing more. Returns how many accounts were deleted."""
    cutoff = (now or current_time()) - timedelta(hours=settings.SIGNUP_UNVERIFIED_RETENTION_HOURS)
    stale = (
        User.objects.filter(
            awaiting_phone_verification=True,
            is_active=False,
            is_staff=False,
            is_superuser=False,
            date_joined__lt=cutoff,
        )
        .exclude(memberships__in=Membership.objects.exclude(role=Role.RESIDENT))
        .values("pk")
    )
    _count, by_model = User.objects.filter(pk__in=stale).delete()
    return by_model.get(User._meta.label, 0)


def password_reset_confirm(*, phone: str, code: str, password: str) -> RefreshToken:
    """Set a new password with the latest code sent to `phone`; log the account in anew.

    A wrong code counts against the request (kept even though the answer is an error); a
    weak password uses up nothing, so the resident can try another with the same code.
    Every session the account had is ended: whoever knew the old password is logged out.
    """
    bad_code = ValidationError({"code": _("The code is wrong or no longer valid.")})
    user = _reset_user(phone)
    now = current_time()
    reset = _live_code(user=user, purpose=CodePurpose.PASSWORD_RESET)
    if reset is None or user is None or not _code_matches(reset, code):
        raise bad_code
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        # A conditional update: a code sets one password, however many taps arrive at once.
        used = PasswordReset.objects.filter(pk=reset.pk, used_at__isnull=True).update(used_at=now)
        if not used:
            raise bad_code
        user.set_password(password)
        user.save(update_fields=["password"])
        # Two statements however many devices the account was logged in on.
        sessions = OutstandingToken.objects.filter(user=user, expires_at__gt=now)
        BlacklistedToken.objects.bulk_create(
            [BlacklistedToken(token=token) for token in sessions], ignore_conflicts=True
        )
        return RefreshToken.for_user(user)
