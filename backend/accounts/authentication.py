"""JWT authentication that loads the user and their memberships in one query.

Every authenticated request asks scoping questions (`accounts.scoping`), so the
memberships are needed anyway: loading them with the user saves a round trip and the
ORM's per-query overhead on the busiest reads (the inbox, a complaint's page).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings

from accounts.models import User
from accounts.selectors import user_with_memberships


class JWTAuthentication(authentication.JWTAuthentication):
    def get_user(self, validated_token) -> User:
        if api_settings.CHECK_REVOKE_TOKEN or api_settings.USER_ID_FIELD != "id":
            return super().get_user(validated_token)  # settings this shortcut doesn't cover
        try:
            user_id = int(validated_token[api_settings.USER_ID_CLAIM])
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidToken(_("Token contained no recognizable user identification")) from error
        user = user_with_memberships(user_id)
        if user is None:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        return user


class JWTScheme(SimpleJWTScheme):
    # The schema's bearer scheme, as drf-spectacular documents simplejwt's own class.
    target_class = "accounts.authentication.JWTAuthentication"
