"""`make bench` row of the webhook fan-out, run inside Django by bench/run.py.

1 000 `complaint.submitted` events of Jagabaya, each written to the outbox in its own
transaction as a submission does (`webhooks_on_submit`), for an application with three
subscriptions: 3 000 deliveries. Three receivers on loopback answer 200 at once; one Celery
worker (the Procfile's: prefork, concurrency 2) sends them. Printed: the seconds from the
first event to the last delivery, deliveries a second, and the share delivered on the first
attempt (a retry waits 5 s at least, so that share is what keeps the drain short).

Usage: python bench/webhooks.py  (DJANGO_SETTINGS_MODULE, DATABASE_URL, REDIS_URL and
WEBHOOK_ALLOW_PRIVATE_TARGETS=true from the env, after migrate + seed_demo + load); prints
one JSON object on its last line.
"""

# ruff: noqa: E402 - Django must be set up before the backend's modules are imported.
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import transaction
from django.db.models import Count, Q

from accounts.models import Role, User
from complaints.models import Complaint
from integrations.models import DeliveryState, WebhookMessage
from integrations.services import api_client_create, webhook_subscribe
from integrations.webhooks import webhooks_on_submit

DESA = "32.07.10.2010"
EVENTS = int(os.environ.get("BENCH_WEBHOOK_EVENTS", "1000"))
SUBSCRIBERS = 3
DRAIN_LIMIT_SECONDS = float(os.environ.get("BENCH_WEBHOOK_LIMIT", "600"))


class Counter:
    def __init__(self) -> None:
        self.received = 0
        self.lock = threading.Lock()


def receiver(counter: Counter) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            with counter.lock:
                counter.received += 1
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_worker() -> subprocess.Popen:
    """The Procfile's worker, on the bench's database and broker."""
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO",
         "--concurrency", "2", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=BACKEND,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    for line in process.stdout:
        if " ready." in line:
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process
        if time.monotonic() > deadline:
            break
    process.kill()
    raise SystemExit("bench/webhooks.py: the Celery worker did not start")


def main() -> dict:
    counter = Counter()
    servers = [receiver(counter) for _ in range(SUBSCRIBERS)]
    admin = User.objects.filter(memberships__role=Role.ADMIN).first()
    client, _issued = api_client_create(
        actor=admin, name="Bench fan-out", region_code=DESA, scopes=["webhooks:manage"]
    )
    for server in servers:
        webhook_subscribe(
            client=client,
            url=f"http://127.0.0.1:{server.server_port}/hook",
            events=["complaint.submitted"],
        )
    complaints = list(
        Complaint.objects.filter(desa__code=DESA)
        .select_related("desa", "category", "register_entry", "sla")
        .order_by("-id")[:EVENTS]
    )
    worker = start_worker()
    try:
        started = time.monotonic()
        for complaint in complaints:
            with transaction.atomic():
                webhooks_on_submit(complaint=complaint)
        written = time.monotonic() - started
        messages = WebhookMessage.objects.filter(subscription__client=client)
        total = messages.count()
        while time.monotonic() - started < DRAIN_LIMIT_SECONDS:
            if not messages.exclude(state=DeliveryState.DELIVERED).exists():
                break
            time.sleep(0.1)
        drained = time.monotonic() - started
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        for server in servers:
            server.shutdown()
    tally = messages.aggregate(
        delivered=Count("id", filter=Q(state=DeliveryState.DELIVERED)),
        first_try=Count("id", filter=Q(state=DeliveryState.DELIVERED, attempts=1)),
    )
    return {
        "events": len(complaints),
        "subscribers": SUBSCRIBERS,
        "deliveries": total,
        "delivered": tally["delivered"],
        "first_try": tally["first_try"],
        "received": counter.received,
        "write_seconds": written,
        "drain_seconds": drained,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
