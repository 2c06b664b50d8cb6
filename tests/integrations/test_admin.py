"""The admin site shows applications, keys, subscriptions and deliveries to a superuser,
read-only, and never a secret: no raw key, no key digest, no signing secret."""

import pytest

from accounts.models import User
from integrations.models import ApiClient, ApiKey, WebhookAttempt
from integrations.services import api_key_rotate, webhook_subscribe
from integrations.webhooks import webhook_ping
from tests.integrations.factories import application


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password="not-a-real-password-123")


@pytest.fixture
def issued(desa_a, superuser, settings):
    """An application with two keys, a subscription and a delivery with one attempt, and
    every secret they were given."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    client, first = application(desa_a)
    second = api_key_rotate(client=client, actor=superuser).raw
    subscribed = webhook_subscribe(
        client=client, url="http://127.0.0.1:9/hook", events=["complaint.submitted"]
    )
    message = webhook_ping(subscription=subscribed.subscription)
    WebhookAttempt.objects.create(message=message, status_code=500, error="HTTP 500")
    digests = list(ApiKey.objects.filter(client=client).values_list("digest", flat=True))
    secret = subscribed.secret
    # the key's secret half, and the signing secret's base64 body, each alone
    parts = [first.rsplit("_", 1)[1], second.rsplit("_", 1)[1], secret.removeprefix("whsec_")]
    # A random half may itself hold "_": its last piece can then be a few characters ("0")
    # that any page contains by chance. Pieces that short prove nothing either way.
    parts = [part for part in parts if len(part) >= 12]
    return {
        "client": client,
        "subscription": subscribed.subscription,
        "message": message,
        "secrets": [first, second, secret, *digests, *parts],
    }


def test_every_integrations_admin_page_renders_and_shows_no_secret(client, superuser, issued):
    client.force_login(superuser)
    api_client, subscription = issued["client"], issued["subscription"]
    key = ApiKey.objects.filter(client=api_client).first()
    pages = [
        "/admin/integrations/apiclient/",
        f"/admin/integrations/apiclient/{api_client.pk}/change/",
        "/admin/integrations/apikey/",
        f"/admin/integrations/apikey/{key.pk}/change/",
        "/admin/integrations/webhooksubscription/",
        f"/admin/integrations/webhooksubscription/{subscription.pk}/change/",
        "/admin/integrations/webhookmessage/",
        f"/admin/integrations/webhookmessage/{issued['message'].pk}/change/",
        "/admin/integrations/apiclient/?q=Portal",
    ]

    for page in pages:
        r = client.get(page)
        body = r.content.decode()
        assert r.status_code == 200, page
        assert [secret for secret in issued["secrets"] if secret in body] == [], page
    detail = client.get(pages[1]).content.decode()
    assert key.prefix in detail and "http://127.0.0.1:9/hook" in detail
    assert "HTTP 500" in client.get(pages[7]).content.decode()


def test_the_admin_adds_changes_and_deletes_nothing(client, superuser, issued):
    client.force_login(superuser)
    pk = issued["client"].pk

    assert client.get("/admin/integrations/apiclient/add/").status_code == 403
    assert client.get("/admin/integrations/apikey/add/").status_code == 403
    assert client.get(f"/admin/integrations/apiclient/{pk}/delete/").status_code == 403
    r = client.post(f"/admin/integrations/apiclient/{pk}/change/", {"name": "Renamed"})
    assert r.status_code == 403
    assert ApiClient.objects.get(pk=pk).name != "Renamed"


def test_the_admin_revokes_an_application_through_the_service(client, superuser, issued):
    client.force_login(superuser)
    api_client = issued["client"]

    r = client.post(
        "/admin/integrations/apiclient/",
        {"action": "revoke", "_selected_action": [api_client.pk]},
    )

    assert r.status_code == 302
    api_client.refresh_from_db()
    assert api_client.revoked_at is not None
    assert not ApiKey.objects.filter(client=api_client, revoked_at__isnull=True).exists()
    assert api_client.audit.filter(action="client_revoked", actor=superuser).exists()


def test_village_staff_cannot_open_the_integrations_admin(client, kades_desa_a, issued):
    client.force_login(kades_desa_a)

    r = client.get("/admin/integrations/apiclient/")

    assert r.status_code == 302
    assert "/admin/login/" in r["Location"]
