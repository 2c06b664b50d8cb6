"""Real servers on loopback standing in for the outside world: SMTP and a WhatsApp gateway."""

import json
import time
from contextlib import contextmanager
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler

from aiosmtpd.controller import Controller

from tests.process import free_port, http_server


class Mailbox:
    """An aiosmtpd handler that keeps what arrives; `refuse` first answers 451 that often."""

    def __init__(self, refuse: int = 0):
        self.refuse = refuse
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Mailbox temporarily unavailable"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@contextmanager
def smtp_server(refuse: int = 0):
    mailbox = Mailbox(refuse)
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        controller.stop()


class Gateway:
    """What the WhatsApp stand-in received; it answers `failures` 500s first, and delivers
    each Idempotency-Key once, as a real gateway would. With `delay` it delivers, then
    waits that many seconds before answering (a slow network: the sender cannot know)."""

    def __init__(self, failures: int = 0, delay: float = 0):
        self.failures = failures
        self.delay = delay
        self.requests: list[dict] = []
        self.delivered: dict[str, dict] = {}


@contextmanager
def whatsapp_gateway(failures: int = 0, delay: float = 0):
    gateway = Gateway(failures, delay)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            gateway.requests.append({"headers": dict(self.headers), "body": body})
            if gateway.failures > 0:
                gateway.failures -= 1
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b'{"error": "try again"}')
                return
            gateway.delivered.setdefault(self.headers["Idempotency-Key"], body)
            time.sleep(gateway.delay)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"messages": [{"id": "wamid.test"}]}')

        def log_message(self, *args):
            pass

    with http_server(Handler) as server:
        yield gateway, f"http://127.0.0.1:{server.server_port}/v20.0/123/messages"
