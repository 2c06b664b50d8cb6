"""The codes accounts issues reach the outbox through `accounts.hooks`, in the transaction
that issued them: written with the code, handed to the worker only after commit."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from accounts import hooks
from accounts.models import CodePurpose, PasswordReset, User
from accounts.services import password_reset_request, user_signup_resident
from notifications.models import Notification, State
from notifications.services import notify_password_reset, notify_signup_attempt, notify_signup_code

NEW_PASSWORD = "Sungai-Citanduy-9"


def test_the_outbox_hears_of_every_code_accounts_issues():
    assert hooks.receivers(hooks.Point.SIGNUP_CODE_ISSUED) == [notify_signup_code]
    assert hooks.receivers(hooks.Point.SIGNUP_ON_REGISTERED_NUMBER) == [notify_signup_attempt]
    assert hooks.receivers(hooks.Point.PASSWORD_RESET_CODE_ISSUED) == [notify_password_reset]


def test_a_reset_code_is_queued_with_it_and_sent_only_after_commit(
    warga, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as after_commit:
        password_reset_request(phone="0812-0000-1234")

    reset = PasswordReset.objects.get(user=warga, purpose=CodePurpose.PASSWORD_RESET)
    [row] = Notification.objects.filter(template="password_reset")
    assert (row.recipient, row.payload["reset"], row.state) == (warga, reset.pk, State.PENDING)
    assert len(after_commit) == 1  # the hand-over to the worker waits for the commit


def test_a_sign_up_rolled_back_leaves_neither_code_nor_message(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        user_signup_resident(phone="0813-1111-2222", password=NEW_PASSWORD, full_name="Ujang")
        raise RuntimeError("the request failed after the sign-up")

    assert not User.objects.filter(phone="+6281311112222").exists()
    assert not PasswordReset.objects.exists()
    assert not Notification.objects.exists()


def test_a_code_nobody_would_send_fails_the_sign_up_loudly(db, monkeypatch):
    # Without the outbox the account could never be verified: no half-made sign-up is kept.
    monkeypatch.setitem(hooks._receivers, hooks.Point.SIGNUP_CODE_ISSUED, [])

    with pytest.raises(ImproperlyConfigured):
        user_signup_resident(phone="0813-1111-2222", password=NEW_PASSWORD, full_name="Ujang")

    assert not User.objects.filter(phone="+6281311112222").exists()
    assert not PasswordReset.objects.exists()
