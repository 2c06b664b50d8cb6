"""A webhook receiver on loopback: it records every request and answers from a script."""

import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

from tests.process import http_server


class Receiver:
    """`statuses`: the answers to the first requests, then 200. `hang`: seconds to wait
    before answering (a receiver that hangs)."""

    def __init__(self, statuses: list[int] | None = None, hang: float = 0):
        self.statuses = list(statuses or [])
        self.hang = hang
        self.requests: list[dict] = []


@contextmanager
def receiver(statuses: list[int] | None = None, hang: float = 0):
    state = Receiver(statuses, hang)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            state.requests.append({"headers": dict(self.headers), "body": body})
            time.sleep(state.hang)
            self.send_response(state.statuses.pop(0) if state.statuses else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    with http_server(Handler) as server:
        yield state, f"http://127.0.0.1:{server.server_port}/hook"
