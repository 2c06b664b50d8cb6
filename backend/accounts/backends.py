from django.contrib.auth.backends import ModelBackend

from accounts.models import User
from common.phone import phone_or_none


def user_for_login(username: str) -> User | None:
    """The account a login name refers to: a username, or a resident's phone in any form."""
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        phone = phone_or_none(username)
        if phone is not None:
            user = User.objects.filter(phone=phone).first()
    return user


class UsernameOrPhoneBackend(ModelBackend):
    """Log in with a username or a phone number ('0812…', '62812…', '+62 812-…')."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = user_for_login(username.strip())
        if user is None:
            # Hash anyway so that a missing account takes as long as a wrong password
            # (Django's ModelBackend does the same against timing attacks).
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
