"""Webhook bodies in the shape of Meta's WhatsApp Cloud API reference, signed as Meta signs."""

import json
import time
from itertools import count

from intake.whatsapp import signature_of

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
PHONE_NUMBER_ID = "100000000000001"
# The suite's test reporter (tests/complaints/factories.py REPORTER): the log screen knows them.
WA_ID = "6281234567890"
PROFILE_NAME = "Siti Rahmawati"
_ids = count(1)


def wamid() -> str:
    return f"wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYIDTEST{next(_ids):012d}"


def text(body: str, *, id: str | None = None, ts: int | None = None, wa_id: str = WA_ID) -> dict:
    return {
        "from": wa_id,
        "id": id or wamid(),
        "timestamp": str(ts or int(time.time())),
        "type": "text",
        "text": {"body": body},
    }


def media(kind: str, media_id: str, *, caption: str = "", ts: int | None = None) -> dict:
    part = {"id": media_id, "mime_type": "image/jpeg", "sha256": "x"}
    if caption:
        part["caption"] = caption
    if kind == "audio":
        part = {"id": media_id, "mime_type": "audio/ogg; codecs=opus", "voice": True}
    return {
        "from": WA_ID,
        "id": wamid(),
        "timestamp": str(ts or int(time.time())),
        "type": kind,
        kind: part,
    }


def notification(
    messages=(), statuses=(), *, phone_number_id=PHONE_NUMBER_ID, name=PROFILE_NAME, wa_id=WA_ID
) -> dict:
    value: dict = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281200000010", "phone_number_id": phone_number_id},
    }
    if messages:
        value["contacts"] = [{"profile": {"name": name}, "wa_id": wa_id}]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }


def status(message_id: str, state: str, *, ts: int | None = None) -> dict:
    return {
        "id": message_id,
        "status": state,
        "timestamp": str(ts or int(time.time())),
        "recipient_id": WA_ID,
    }


def signed(payload: dict, secret: str = APP_SECRET) -> tuple[bytes, str]:
    body = json.dumps(payload).encode()
    return body, signature_of(body, secret)
