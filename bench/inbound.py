"""The `make bench` row of the e-mail intake, run inside Django by bench/run.py (the WhatsApp
webhook's rows are request rates through gunicorn, in run.py's table: bench/webhooks.py).

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
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()


from intake.mail import mailbox_poll
from intake.models import Mailbox, TlsMode
from intake.services import inbound_process_pending
from regions.models import Region

IMAP_MESSAGES = int(os.environ.get("BENCH_IMAP_MESSAGES", "1000"))


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
    print(json.dumps({"imap": imap_rows()}))
