"""How a rendered message leaves: Django's email (SMTP in production) and a WhatsApp
gateway over HTTP. Each raises `TransportError(permanent=...)`; only transient errors are
retried (healthchecks `hc/api/transports.py`)."""

import hashlib
import hmac
import json
import re
import smtplib

import httpx
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from notifications.messages import Message


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.message = message
        self.permanent = permanent


def _smtp_permanent(code: int) -> bool:
    return 500 <= code < 600


def send_email(
    *, address: str, message: Message, key: str, in_reply_to: str = "", references=()
) -> str:
    """Send one e-mail; returns its Message-ID, which replies name in In-Reply-To.

    `in_reply_to` and `references` name the reporter's message this one answers (RFC 5322
    § 3.6.4), so their mail client shows the answer in the same conversation."""
    # The key's colons are not allowed in a Message-ID (RFC 5322 dot-atom): readers cut it.
    message_id = "<" + re.sub(r"[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]", ".", key) + "@pengaduan-desa>"
    headers = {"Message-ID": message_id}
    if in_reply_to:
        headers["In-Reply-To"] = in_reply_to
        headers["References"] = " ".join(references or [in_reply_to])
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        # Mail clients fold messages with the same Message-ID: a retry after a lost reply
        # does not show twice.
        headers=headers,
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    email.attach_alternative(message.html, "text/html")
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _reply in exc.recipients.values()]
        raise TransportError(
            f"recipient refused: {codes}", permanent=all(_smtp_permanent(c) for c in codes)
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise TransportError(
            f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", permanent=_smtp_permanent(exc.smtp_code)
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:  # connection refused, timeout, TLS
        raise TransportError(f"SMTP: {exc}") from exc
    return message_id


def whatsapp_request(*, address: str, text: str, template: dict | None = None) -> bytes:
    """The body of a text message, in the shape of the WhatsApp Cloud API's /messages; with
    `template` (name, language, components) an approved template message instead, the only
    kind Meta delivers more than 24 hours after the person last wrote."""
    body: dict = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": address.lstrip("+"),
    }
    if template is not None:
        body.update(type="template", template=template)
    else:
        body.update(type="text", text={"preview_url": False, "body": text})
    return json.dumps(body, ensure_ascii=False).encode()


def send_whatsapp(*, address: str, message: Message, key: str, template: dict | None = None) -> str:
    """Send one message; returns the id the gateway gave it (`wamid…`), or "" when none,
    which the delivery receipts of the webhook name."""
    url, token = settings.WHATSAPP_API_URL, settings.WHATSAPP_TOKEN
    if not url:
        raise TransportError("WhatsApp gateway not configured (WHATSAPP_API_URL)", permanent=True)
    text = f"*{message.subject}*\n\n{message.text}" if message.subject else message.text
    body = whatsapp_request(address=address, text=text, template=template)
    headers = {
        "Content-Type": "application/json",
        # The gateway delivers a repeated key once: our retries are at-least-once.
        "Idempotency-Key": key,
    }
    # A gateway on the office's own network may want no credentials; an empty bearer was an
    # illegal header, retried for a day and never sent.
    if token:
        headers["Authorization"] = f"Bearer {token}"
        # For gateways that verify the sender rather than (or besides) the bearer token.
        headers["X-Signature-256"] = (
            "sha256=" + hmac.new(token.encode(), body, hashlib.sha256).hexdigest()
        )
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=settings.WHATSAPP_TIMEOUT)
    except httpx.HTTPError as exc:
        raise TransportError(f"WhatsApp gateway: {exc!r}") from exc
    if response.is_success:
        try:
            return str(response.json()["messages"][0]["id"])[:255]
        except (ValueError, KeyError, IndexError, TypeError):
            return ""
    permanent = response.status_code < 500 and response.status_code not in (408, 429)
    raise TransportError(
        f"WhatsApp gateway {response.status_code}: {response.text[:300]}", permanent=permanent
    )
