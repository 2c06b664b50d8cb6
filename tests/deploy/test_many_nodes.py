"""Many nodes, one service: two web nodes and two Celery workers against one PostgreSQL
primary with a streaming replica, one Redis and one S3-compatible object store — all real
processes on loopback, started here.

What a kabupaten deployment relies on: a login made on one node works on the other, a file
uploaded through one node downloads through the other, every message is sent once however
many workers compete for the queue, and both nodes report the whole stack ready.
"""

import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest

from tests.complaints import files
from tests.complaints.test_lifecycle_api import BODY
from tests.notifications.processes import redis_server, wait_for, web_server
from tests.notifications.servers import whatsapp_gateway
from tests.process import BACKEND, VENV_BIN, celery_worker, environment, free_port
from tests.replica.cluster import streaming_pair
from tests.storage.s3_server import ACCESS_KEY, REGION, SECRET_KEY, s3_server  # noqa: F401

pytestmark = pytest.mark.slow

PASSWORD = "many-nodes-demo"
COMPLAINTS = 6


def _manage(env: dict[str, str], *args: str) -> None:
    completed = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=BACKEND, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-4000:]


@pytest.fixture(scope="module")
def stack(s3_server, tmp_path_factory):  # noqa: F811
    redis_port = free_port()
    bucket = s3_server.new_bucket()
    with (
        streaming_pair() as cluster,
        redis_server(redis_port),
        whatsapp_gateway() as (gateway, gateway_url),
    ):
        shared = environment(
            DATABASE_URL=cluster.primary_url,
            DATABASE_REPLICA_URL=cluster.replica_url,
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            CELERY_QUEUE="celery",
            CACHE_KEY_PREFIX=f"many-nodes-{uuid.uuid4().hex}",
            S3_BUCKET=bucket,
            S3_ENDPOINT_URL=s3_server.endpoint_url,
            S3_REGION=REGION,
            S3_ACCESS_KEY_ID=ACCESS_KEY,
            S3_SECRET_ACCESS_KEY=SECRET_KEY,
            WHATSAPP_API_URL=gateway_url,
            WHATSAPP_TOKEN="many-nodes-gateway-token",
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DEMO_PASSWORD=PASSWORD,
            LOG_LEVEL="WARNING",
            PROMETHEUS_MULTIPROC_DIR=None,
        )

        def node(name: str) -> dict[str, str]:
            # Each node has a disk of its own: nothing may depend on another node's DATA_DIR.
            return {**shared, "DATA_DIR": str(tmp_path_factory.mktemp(name))}

        _manage(node("setup"), "migrate", "--no-input", "-v", "0")
        _manage(node("setup"), "seed_demo", "--quiet")
        with (
            web_server(node("web-a")) as (web_a, _),
            web_server(node("web-b")) as (web_b, _),
            celery_worker(node("worker-1")),
            celery_worker(node("worker-2")),
        ):
            yield {
                "web": (web_a, web_b),
                "gateway": gateway,
                "cluster": cluster,
                "bucket": bucket,
                "s3": s3_server,
            }


def _login(base: str, username: str) -> httpx.Client:
    r = httpx.post(f"{base}/api/v1/auth/token/", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return httpx.Client(headers={"Authorization": f"Bearer {r.json()['access']}"}, timeout=30)


def _on(client: httpx.Client, base: str, method: str, path: str, **kwargs) -> httpx.Response:
    return client.request(method, f"{base}{path}", **kwargs)


def test_a_login_made_on_one_node_works_on_the_other(stack):
    web_a, web_b = stack["web"]
    officer = _login(web_a, "petugas.jagabaya")

    r = _on(officer, web_b, "GET", "/api/v1/complaints/?page_size=1")

    assert r.status_code == 200, r.text
    assert r.json()["results"], r.json()


def test_a_file_sent_through_one_node_downloads_through_the_other(stack):
    web_a, web_b = stack["web"]
    officer = _login(web_a, "petugas.jagabaya")
    code = _on(officer, web_a, "POST", "/api/v1/complaints/", json={**BODY, "channel": "walk_in"})
    code = code.json()["tracking_code"]
    sent = files.pdf()

    uploaded = _on(
        officer, web_a, "POST", f"/api/v1/complaints/{code}/attachments/",
        files={"file": ("bukti.pdf", sent, "application/pdf")},
    )  # fmt: skip
    assert uploaded.status_code == 201, uploaded.text
    token = uploaded.json()["token"]

    r = _on(officer, web_b, "GET", f"/api/v1/complaints/{code}/attachments/{token}/")

    assert r.status_code == 302, r.text  # the object store holds it, not node A's disk
    assert httpx.get(r.headers["Location"]).content == sent
    assert f"attachments/32.07.10.2010/{token}" in stack["s3"].keys(stack["bucket"])


def test_every_message_is_sent_once_with_two_workers_competing(stack):
    web_a, web_b = stack["web"]
    gateway = stack["gateway"]
    officers = [_login(web_a, "petugas.jagabaya"), _login(web_b, "petugas.jagabaya")]

    def record_and_send(i: int) -> tuple[str, str]:
        base, officer = stack["web"][i % 2], officers[i % 2]
        body = {**BODY, "channel": "walk_in", "title": f"Lampu jalan padam di gang {i}"}
        recorded = _on(officer, base, "POST", "/api/v1/complaints/", json=body).json()
        other = stack["web"][(i + 1) % 2]  # sent from the other node than it was recorded on
        sent = _on(
            officer, other, "POST", f"/api/v1/complaints/{recorded['tracking_code']}/pin-messages/",
            json={"pin": recorded["pin"], "channels": ["whatsapp"]},
        )  # fmt: skip
        assert sent.status_code == 202, sent.text
        return recorded["tracking_code"], recorded["pin"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        recorded = list(pool.map(record_and_send, range(COMPLAINTS)))
    codes = [code for code, _pin in recorded]

    with psycopg.connect(
        stack["cluster"].primary_url.replace("postgres://", "postgresql://")
    ) as db:

        def pin_messages() -> list[tuple[str, str]]:
            return db.execute(
                "SELECT c.tracking_code, n.state FROM notifications_notification n"
                " JOIN complaints_complaint c ON c.id = n.complaint_id"
                " WHERE n.template = 'submitted' AND n.channel = 'whatsapp'"
                " AND c.tracking_code = ANY(%s)",
                [codes],
            ).fetchall()

        wait_for(
            lambda: (
                len(pin_messages()) == COMPLAINTS
                and all(state == "sent" for _, state in pin_messages())
            ),
            timeout=120,
            what="the workers to send every code and PIN",
        )
    texts = [request["body"].get("text", {}).get("body", "") for request in gateway.requests]
    keys = [request["headers"]["Idempotency-Key"] for request in gateway.requests]
    assert len(keys) == len(set(keys)), "a message left twice"
    for code, pin in recorded:
        assert sum(code in text and pin in text for text in texts) == 1, code


def test_both_nodes_report_the_whole_stack_ready(stack):
    for base in stack["web"]:
        r = httpx.get(f"{base}/api/v1/health/ready/", timeout=30)

        assert r.status_code == 200, r.text
        checks = r.json()["checks"]
        assert checks["replica"]["ok"] is True and checks["replica"]["in_recovery"] is True
        assert {"database", "redis", "broker"} <= set(checks)
