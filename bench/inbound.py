"""`make bench` rows of the WhatsApp and e-mail intake, run inside Django by bench/run.py.

* webhook: signed WhatsApp notifications (one text message each, a new wamid every time)
  POSTed in-process through Django's test client for a few seconds, to one desa and spread
  over 10 desa, as a share of `GET /api/v1/health/` measured the same way in the same round
  (the floor: DRF without the database). Median of the rounds' shares.
* imap: a real Dovecot on loopback (tests/intake/imap_server.py) holding 1 000 messages in
  one desa mailbox: the seconds `mailbox_poll` takes to store and flag them all, then the
  seconds the task takes to read them into drafts.

Usage: python bench/inbound.py  (DJANGO_SETTINGS_MODULE and DATABASE_URL from the env, after
migrate + seed_demo); prints one JSON object on its last line.
"""

# ruff: noqa: E402 - Django must be set up before the backend's modules are imported.
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
APP_SECRET = "bench-whatsapp-app-secret"
os.environ["WHATSAPP_APP_SECRET"] = APP_SECRET

import django

django.setup()

from django.test import Client

from intake.mail import mailbox_poll
from intake.models import Mailbox, Message, TlsMode
from intake.services import inbound_process_pending
from intake.whatsapp import signature_of
from regions.models import Level, Region
from regions.services import desa_contact_set

DURATION = float(os.environ.get("BENCH_INTAKE_SECONDS", "3"))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "3")))
IMAP_MESSAGES = int(os.environ.get("BENCH_IMAP_MESSAGES", "1000"))
HEALTH = "/api/v1/health/"
WEBHOOK = "/api/v1/channels/whatsapp/webhook/"


def _phone_ids(count: int) -> list[str]:
    """`count` demo desa, each with a WhatsApp phone number id of its own."""
    desa = list(Region.objects.filter(level=Level.DESA).order_by("code")[:count])
    ids = []
    for number, region in enumerate(desa, start=1):
        phone_number_id = f"9{number:014d}"
        desa_contact_set(desa=region, whatsapp_phone_number_id=phone_number_id)
        ids.append(phone_number_id)
    return ids


class Signed:
    def __init__(self, phone_ids: list[str]):
        self.phone_ids = phone_ids
        self.sent = 0

    def next(self) -> tuple[bytes, str]:
        self.sent += 1
        wa_id = f"62813{self.sent % 1000:08d}"
        body = {
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "6281200000010",
                             "phone_number_id": self.phone_ids[self.sent % len(self.phone_ids)]},
                "contacts": [{"profile": {"name": "Warga Bench"}, "wa_id": wa_id}],
                "messages": [{"from": wa_id, "id": f"wamid.bench{time.time_ns()}{self.sent}",
                              "timestamp": str(int(time.time())), "type": "text",
                              "text": {"body": "Jalan berlubang di RT 03"}}],
            }}]}],
        }  # fmt: skip
        raw = json.dumps(body).encode()
        return raw, signature_of(raw, APP_SECRET)


def rate(request) -> float:
    """Requests per second of `request()` over DURATION seconds."""
    done, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < DURATION:
        request()
        done += 1
    return done / elapsed


def webhook_rows() -> dict:
    client = Client()

    def health():
        assert client.get(HEALTH).status_code == 200

    def poster(signed: Signed):
        def post():
            raw, signature = signed.next()
            response = client.post(
                WEBHOOK, raw, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
            )
            assert response.status_code == 200, response.content

        return post

    rows = {"1 desa": Signed(_phone_ids(1)), "10 desa": Signed(_phone_ids(10))}
    for signed in rows.values():  # warm-up
        poster(signed)()
    shares: dict[str, list[float]] = {name: [] for name in rows}
    rates: dict[str, list[float]] = {name: [] for name in rows}
    floors = []
    for _round in range(ROUNDS):
        floor = rate(health)
        floors.append(floor)
        for name, signed in rows.items():
            measured = rate(poster(signed))
            rates[name].append(measured)
            shares[name].append(measured / floor)
    return {
        "floor": statistics.median(floors),
        "rows": [
            {
                "name": name,
                "rate": statistics.median(rates[name]),
                "share": statistics.median(shares[name]),
            }
            for name in rows
        ],
        "stored": Message.objects.filter(channel="whatsapp").count(),
    }


def imap_rows() -> dict:
    from tests.intake.imap_server import dovecot

    with dovecot() as server:
        user = "bench-desa"
        client = server.connect(user)
        started = time.perf_counter()
        for number in range(IMAP_MESSAGES):
            raw = (
                f"From: Warga {number} <warga{number}@example.id>\r\n"
                f"To: pengaduan@klero.example\r\nSubject: Pengaduan Masyarakat\r\n"
                f"Message-ID: <bench-{number}@example.id>\r\n"
                f"Date: Mon, 07 Dec 2026 08:00:00 +0700\r\n\r\nJalan rusak nomor {number}.\r\n"
            ).encode()
            client.append("INBOX", "", None, raw)
        client.logout()
        appended = time.perf_counter() - started
        desa = Region.objects.get(code="33.22.02.2006")
        mailbox, _ = Mailbox.objects.update_or_create(
            desa=desa,
            defaults={"host": server.host, "port": server.port, "tls_mode": TlsMode.PLAIN,
                      "username": user, "password": server.password},
        )  # fmt: skip
        started = time.perf_counter()
        polled = mailbox_poll(mailbox_id=mailbox.pk)
        poll_seconds = time.perf_counter() - started
        started = time.perf_counter()
        read = inbound_process_pending(limit=IMAP_MESSAGES)
        read_seconds = time.perf_counter() - started
        again = mailbox_poll(mailbox_id=mailbox.pk)
    return {
        "messages": IMAP_MESSAGES,
        "append_seconds": appended,
        "stored": polled.stored,
        "poll_seconds": poll_seconds,
        "read": read,
        "read_seconds": read_seconds,
        "second_poll_stored": again.stored,
    }


if __name__ == "__main__":
    print(json.dumps({"webhook": webhook_rows(), "imap": imap_rows()}))
