"""A local HTTP server standing in for Meta's Graph API: media metadata, then the bytes.

`GET /v21.0/<media-id>` answers `{"url", "mime_type", "file_size", "id"}` as the Cloud API
does; the URL it names serves the bytes. Both require the bearer token, as Meta's do.
"""

import json
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

from tests.process import http_server


class Graph:
    def __init__(self, token: str):
        self.token = token
        self.media: dict[str, tuple[str, bytes]] = {}
        self.requests: list[str] = []
        self.base = ""

    def add(self, media_id: str, content_type: str, data: bytes) -> None:
        self.media[media_id] = (content_type, data)


@contextmanager
def graph_api(token: str = "graph-test-token"):
    graph = Graph(token)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            graph.requests.append(self.path)
            if self.headers.get("Authorization") != f"Bearer {graph.token}":
                return self._answer(401, b'{"error": {"code": 190}}', "application/json")
            parts = self.path.strip("/").split("/")
            if parts[:1] == ["files"] and parts[1] in graph.media:
                content_type, data = graph.media[parts[1]]
                return self._answer(200, data, content_type)
            if len(parts) == 2 and parts[1] in graph.media:
                content_type, data = graph.media[parts[1]]
                body = {
                    "messaging_product": "whatsapp",
                    "url": f"{graph.base}/files/{parts[1]}",
                    "mime_type": content_type,
                    "sha256": "",
                    "file_size": str(len(data)),
                    "id": parts[1],
                }
                return self._answer(200, json.dumps(body).encode(), "application/json")
            return self._answer(404, b'{"error": {"code": 100}}', "application/json")

        def _answer(self, code: int, body: bytes, content_type: str):
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with http_server(Handler) as server:
        graph.base = f"http://127.0.0.1:{server.server_port}"
        yield graph, f"{graph.base}/v21.0"
