"""The container deployment: docker-compose.yml, the two Dockerfiles and nginx's config.

No Docker engine runs here, so the files are checked by parsing them, by Debian's
`docker-compose` (v1) when it is installed, and by running the real nginx against the
config with a stand-in for gunicorn when nginx is installed.
"""

import gzip
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
DEPLOY = REPO / "deploy"
NGINX_CONF = DEPLOY / "nginx.conf"
BACKEND_DOCKERFILE = DEPLOY / "backend.Dockerfile"
FRONTEND_DOCKERFILE = DEPLOY / "frontend.Dockerfile"

BACKEND_SERVICES = ("web", "worker", "beat")
# `${VAR}`, `${VAR:-default}`, `${VAR:?message}`; `$${...}` is an escaped literal.
COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


def command_of(service: dict) -> list[str]:
    command = service.get("command", [])
    return command.split() if isinstance(command, str) else [str(part) for part in command]


def nginx_blocks(text: str, directive: str) -> dict[str, str]:
    """Bodies of the `directive ARGS { ... }` blocks in an nginx config, keyed by ARGS."""
    text = re.sub(r"#[^\n]*", "", text)
    blocks = {}
    for match in re.finditer(rf"\b{directive}\b\s*([^{{;]*?)\s*\{{", text):
        depth, start = 1, match.end()
        position = start
        while depth:
            depth += {"{": 1, "}": -1}.get(text[position], 0)
            position += 1
        blocks[match.group(1)] = text[start : position - 1]
    return blocks


def nginx_location(path: str) -> str:
    """The location block for `path`, with its included snippets inlined."""
    body = nginx_blocks(NGINX_CONF.read_text(), "location")[path]
    for snippet in re.findall(r"include\s+/etc/nginx/snippets/([\w.-]+);", body):
        body += (DEPLOY / f"nginx-{snippet}").read_text()
    return body


# --- docker-compose.yml


def test_compose_file_defines_every_service_of_the_stack(services: dict) -> None:
    assert {"postgres", "redis", "minio", "minio-setup", "web", "worker", "beat"} <= set(services)
    assert "frontend" in services


def test_compose_file_uses_the_compose_spec_without_a_version_key(compose: dict) -> None:
    assert "version" not in compose


def test_web_worker_and_beat_run_the_same_backend_image(services: dict) -> None:
    images = {name: services[name].get("image") for name in BACKEND_SERVICES}
    builds = {name: services[name].get("build") for name in BACKEND_SERVICES}

    assert len(set(images.values())) == 1 and None not in images.values(), images
    assert all(build == builds["web"] for build in builds.values()), builds
    assert builds["web"]["dockerfile"] == "deploy/backend.Dockerfile"


def test_compose_runs_exactly_one_beat(services: dict) -> None:
    beats = [
        name
        for name, service in services.items()
        if command_of(service)[:4] == ["celery", "-A", "config", "beat"]
    ]

    embedded = [
        name for name, service in services.items() if {"-B", "--beat"} & set(command_of(service))
    ]

    assert beats == ["beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert embedded == []  # `celery worker -B` would be a second beat


def test_web_command_runs_gunicorn_on_port_8000(services: dict) -> None:
    command = command_of(services["web"])

    assert command[:2] == ["gunicorn", "config.wsgi:application"]
    assert "--bind=0.0.0.0:8000" in command


def test_worker_command_runs_a_celery_worker(services: dict) -> None:
    assert command_of(services["worker"])[:4] == ["celery", "-A", "config", "worker"]


def test_beat_keeps_its_schedule_in_the_data_volume(services: dict) -> None:
    assert "--schedule=/data/celerybeat-schedule" in command_of(services["beat"])
    assert "app-data:/data" in services["beat"]["volumes"]


def test_backend_processes_start_only_after_migrations_succeed(services: dict) -> None:
    assert command_of(services["migrate"])[:3] == ["python", "manage.py", "migrate"]
    assert services["migrate"]["restart"] == "no"
    for name in BACKEND_SERVICES:
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}
        assert depends_on["postgres"] == {"condition": "service_healthy"}
        assert depends_on["redis"] == {"condition": "service_healthy"}


def test_postgres_and_redis_report_their_health(services: dict) -> None:
    assert services["postgres"]["image"] == "postgres:15"
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["image"] == "redis:7"
    assert "ping" in services["redis"]["healthcheck"]["test"]


def test_web_healthcheck_probes_the_health_endpoint(services: dict) -> None:
    test = services["web"]["healthcheck"]["test"]
    script = Path(test[-1])

    assert test[:2] == ["CMD", "python"]
    assert "/api/v1/health/" in (DEPLOY / script.name).read_text()
    assert f"COPY deploy/{script.name} {script}" in BACKEND_DOCKERFILE.read_text()


def test_databases_and_files_live_in_named_volumes(compose: dict, services: dict) -> None:
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "minio-data:/data" in services["minio"]["volumes"]
    assert {"postgres-data", "redis-data", "minio-data", "app-data"} <= set(compose["volumes"])


def test_web_keeps_nothing_on_its_own_disk(services: dict) -> None:
    # Files are in the bucket, cache and throttles in Redis: any replica answers any request.
    assert services["web"]["volumes"] == []
    assert services["web"]["environment"]["S3_BUCKET"]


def test_every_backend_service_knows_the_replica_and_only_web_keeps_metrics_files(
    services: dict,
) -> None:
    # The same configuration everywhere, or a worker would read a different database than
    # web; the multiprocess metrics folder is web's alone (gunicorn adds its workers up).
    for name in BACKEND_SERVICES:
        environment = services[name]["environment"]
        assert environment["DATABASE_REPLICA_URL"] == "${DATABASE_REPLICA_URL:-}"
        assert (
            environment["DJANGO_SECRET_KEY"] == services["web"]["environment"]["DJANGO_SECRET_KEY"]
        )
        assert ("PROMETHEUS_MULTIPROC_DIR" in environment) == (name == "web")


def test_only_the_frontend_publishes_a_port(services: dict) -> None:
    published = {name for name, service in services.items() if service.get("ports")}

    assert published == {"frontend"}
    assert services["frontend"]["ports"] == ["${HTTP_PORT:-8080}:80"]


def test_secrets_have_no_defaults_in_compose() -> None:
    text = COMPOSE_FILE.read_text()

    assert "${DJANGO_SECRET_KEY:?" in text
    assert "${POSTGRES_PASSWORD:?" in text
    assert not re.search(r"\$\{(DJANGO_SECRET_KEY|POSTGRES_PASSWORD):-", text)


def test_local_compose_serves_plain_http(services: dict) -> None:
    # Secure cookies and the https redirect would lock everyone out on http://localhost:8080.
    for name in BACKEND_SERVICES:
        assert services[name]["environment"]["DJANGO_HTTPS"] == "${DJANGO_HTTPS:-false}"


def test_every_compose_variable_is_documented_in_env_example() -> None:
    text = re.sub(r"^\s*#.*$", "", COMPOSE_FILE.read_text(), flags=re.MULTILINE)
    used = set(COMPOSE_VARIABLE.findall(text))
    assert ENV_EXAMPLE.exists(), f".env.example is missing; compose uses {sorted(used)}"
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), flags=re.MULTILINE)
    )

    assert used - documented == set()


REQUIRED = {
    "DJANGO_SECRET_KEY": "test-key",
    "FIELD_ENCRYPTION_KEYS": "test-fernet-key",
    "IDENTITY_HASH_KEY": "test-hash-key",
    "POSTGRES_PASSWORD": "test-password",
    "MINIO_ROOT_PASSWORD": "test-minio-root-password",
    "S3_SECRET_ACCESS_KEY": "test-s3-secret",
}


def compose_config(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """`docker-compose config` with only these variables (an empty env file, so that a
    developer's own .env cannot supply any)."""
    (tmp_path / "empty.env").write_text("")
    clean = {k: v for k, v in os.environ.items() if k not in REQUIRED}
    return subprocess.run(
        ["docker-compose", "--file", str(COMPOSE_FILE), "--env-file", str(tmp_path / "empty.env"),
         "config"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip


def test_docker_compose_accepts_the_file(tmp_path: Path) -> None:
    result = compose_config(tmp_path, **REQUIRED)

    assert result.returncode == 0, result.stderr


def test_web_and_worker_scale_from_the_environment_and_beat_stays_one(tmp_path: Path) -> None:
    result = compose_config(tmp_path, **REQUIRED, WEB_REPLICAS="5", WORKER_REPLICAS="3")
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]

    assert services["web"]["deploy"]["replicas"] == 5
    assert services["worker"]["deploy"]["replicas"] == 3
    assert services["beat"]["deploy"]["replicas"] == 1


def test_replicas_default_to_two_web_and_one_worker(tmp_path: Path) -> None:
    services = yaml.safe_load(compose_config(tmp_path, **REQUIRED).stdout)["services"]

    assert services["web"]["deploy"]["replicas"] == 2
    assert services["worker"]["deploy"]["replicas"] == 1


def test_no_service_has_a_fixed_container_name(services: dict) -> None:
    # A fixed name allows one container: `--scale` and `deploy.replicas` would fail.
    assert [name for name, service in services.items() if "container_name" in service] == []


@pytest.mark.parametrize("secret", ["MINIO_ROOT_PASSWORD", "S3_SECRET_ACCESS_KEY"])
def test_docker_compose_refuses_to_start_without_the_storage_secrets(
    tmp_path: Path, secret: str
) -> None:
    result = compose_config(tmp_path, **{k: v for k, v in REQUIRED.items() if k != secret})

    assert result.returncode != 0
    assert secret in result.stderr


def test_backend_stores_files_in_the_bucket_minio_setup_creates(services: dict) -> None:
    setup = " ".join(command_of(services["minio-setup"]))
    for name in BACKEND_SERVICES:
        environment = services[name]["environment"]
        bucket = environment["S3_BUCKET"]
        assert environment["S3_ENDPOINT_URL"] == "http://minio:9000"
        assert environment["S3_SECRET_ACCESS_KEY"].startswith("${S3_SECRET_ACCESS_KEY:?")
        assert services[name]["depends_on"]["minio-setup"] == {
            "condition": "service_completed_successfully"
        }
    assert f"mc mb --ignore-existing local/{bucket}" in setup
    assert f"mc anonymous set none local/{bucket}" in setup
    # The app gets a key of its own, never MinIO's root password.
    assert "MINIO_ROOT_PASSWORD" not in services["web"]["environment"]
    assert services["minio-setup"]["depends_on"]["minio"] == {"condition": "service_healthy"}
    assert "ports" not in services["minio"]


def test_nginx_serves_the_bucket_at_its_name_for_presigned_urls(services: dict) -> None:
    bucket = services["web"]["environment"]["S3_BUCKET"]
    body = nginx_location(f"/{bucket}/")
    servers = nginx_blocks(NGINX_CONF.read_text(), "server")
    upstream = re.search(r"set\s+\$objects_upstream\s+(\S+);", next(iter(servers.values())))

    assert upstream and upstream.group(1) == services["web"]["environment"]["S3_ENDPOINT_URL"]
    assert "proxy_pass $objects_upstream;" in body
    # SigV4 signs the host: MinIO must see the one the browser used.
    assert "proxy_set_header Host $http_host;" in body


def test_docker_compose_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = compose_config(
        tmp_path, **{k: v for k, v in REQUIRED.items() if k != "DJANGO_SECRET_KEY"}
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# --- Dockerfiles


def test_backend_image_runs_as_a_non_root_user() -> None:
    users = re.findall(r"^USER\s+(\S+)", BACKEND_DOCKERFILE.read_text(), flags=re.MULTILINE)

    assert users and users[-1] not in {"root", "0"}


def test_backend_image_bakes_in_no_secret_key() -> None:
    env_lines = re.findall(
        r"^ENV\b.*?(?<!\\)$", BACKEND_DOCKERFILE.read_text(), flags=re.MULTILINE | re.DOTALL
    )

    assert not any("DJANGO_SECRET_KEY" in line for line in env_lines)


def test_backend_image_installs_the_pinned_runtime_requirements() -> None:
    text = BACKEND_DOCKERFILE.read_text()

    assert text.startswith("# syntax=docker/dockerfile:1")
    assert "FROM python:3.11-slim" in text
    assert "COPY backend/requirements/base.txt" in text
    assert "collectstatic --noinput" in text


def test_backend_image_can_back_up_and_restore_postgresql(services: dict) -> None:
    # `manage.py backup` runs pg_dump; its major version must match the server's.
    assert "postgresql-client" in BACKEND_DOCKERFILE.read_text()
    assert "Debian 12's" in BACKEND_DOCKERFILE.read_text()
    assert services["postgres"]["image"] == "postgres:15"


def test_frontend_image_builds_with_node_20_and_serves_with_nginx() -> None:
    stages = re.findall(r"^FROM\s+(\S+)", FRONTEND_DOCKERFILE.read_text(), flags=re.MULTILINE)

    assert stages[0].startswith("node:20")
    assert stages[-1] == "nginx:1.27-alpine"


def test_frontend_image_contains_every_snippet_nginx_includes() -> None:
    dockerfile = FRONTEND_DOCKERFILE.read_text()
    included = set(re.findall(r"include\s+(/etc/nginx/snippets/[\w.-]+);", NGINX_CONF.read_text()))

    assert included
    for target in included:
        source = f"deploy/nginx-{Path(target).name}"
        assert f"COPY {source} {target}" in dockerfile
        assert (REPO / source).exists()


# --- nginx.conf, read


@pytest.mark.parametrize("path", ["/api/", "/admin/", "/static/"])
def test_nginx_proxies_backend_paths_to_web(path: str) -> None:
    servers = nginx_blocks(NGINX_CONF.read_text(), "server")
    upstream = re.search(r"set\s+\$web_upstream\s+(\S+);", next(iter(servers.values())))
    body = nginx_location(path)

    assert upstream and upstream.group(1) == "http://web:8000"
    assert "proxy_pass $web_upstream;" in body
    assert "proxy_set_header X-Forwarded-Proto" in body


def test_nginx_falls_back_to_index_html_for_client_side_routes() -> None:
    assert "try_files $uri /index.html;" in nginx_location("/")


# --- nginx.conf, served by a real nginx in front of a stand-in for gunicorn


class EchoBackend(http.server.BaseHTTPRequestHandler):
    """Answers every request with the path and headers it received, as JSON."""

    def do_GET(self) -> None:
        body = json.dumps({"path": self.path, "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Nginx:
    url: str
    access_log: Path


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    """nginx running deploy/nginx.conf on loopback, proxying to EchoBackend."""
    nginx_bin = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if not nginx_bin:
        pytest.fail("nginx is missing: `make test` installs Debian's nginx-light")
    tmp = tmp_path_factory.mktemp("nginx")
    html = tmp / "html"
    (html / "assets").mkdir(parents=True)
    (html / "index.html").write_text("<!doctype html><title>Pengaduan Desa</title>")
    (html / "assets" / "index-3f2a1b.js").write_text("console.log('pengaduan');\n" * 200)

    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoBackend)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    port = free_port()

    snippets = tmp / "snippets"
    snippets.mkdir()
    for source in DEPLOY.glob("nginx-*.conf"):
        (snippets / source.name.removeprefix("nginx-")).write_text(source.read_text())
    site = (
        NGINX_CONF.read_text()
        .replace("listen 80 default_server;", f"listen 127.0.0.1:{port};")
        .replace("root /usr/share/nginx/html;", f"root {html};")
        .replace("/etc/nginx/snippets/", f"{snippets}/")
        .replace("http://web:8000", f"http://127.0.0.1:{backend.server_port}")
        .replace("http://minio:9000", f"http://127.0.0.1:{backend.server_port}")
        .replace("/var/log/nginx/access.log", f"{tmp}/access.log")
    )
    (tmp / "site.conf").write_text(site)
    # The image's own nginx.conf, reduced to what a test run needs.
    (tmp / "main.conf").write_text(
        f"""
        daemon off;
        master_process off;
        pid {tmp}/nginx.pid;
        error_log {tmp}/error.log warn;
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            access_log off;
            client_body_temp_path {tmp}/body;
            proxy_temp_path {tmp}/proxy;
            include {tmp}/site.conf;
        }}
        """
    )
    check = subprocess.run(
        [nginx_bin, "-t", "-p", str(tmp), "-c", str(tmp / "main.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert check.returncode == 0, check.stderr

    process = subprocess.Popen([nginx_bin, "-p", str(tmp), "-c", str(tmp / "main.conf")])
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError((tmp / "error.log").read_text()) from None
                time.sleep(0.05)
        yield Nginx(f"http://127.0.0.1:{port}", tmp / "access.log")
    finally:
        process.terminate()
        process.wait(timeout=10)
        backend.shutdown()


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_nginx_serves_index_html_for_client_side_routes_without_caching(nginx: Nginx) -> None:
    status, headers, body = fetch(f"{nginx.url}/pengaduan/PD-2026-0001")

    assert status == 200
    assert b"Pengaduan Desa" in body
    assert headers["Cache-Control"] == "no-cache"


def test_nginx_caches_hashed_assets_for_a_year(nginx: Nginx) -> None:
    status, headers, _ = fetch(f"{nginx.url}/assets/index-3f2a1b.js")

    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_nginx_answers_404_for_a_missing_asset_instead_of_index_html(nginx: Nginx) -> None:
    status, _, _ = fetch(f"{nginx.url}/assets/index-old.js")

    assert status == 404


def test_nginx_gzips_javascript(nginx: Nginx) -> None:
    status, headers, body = fetch(
        f"{nginx.url}/assets/index-3f2a1b.js", {"Accept-Encoding": "gzip"}
    )

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"console.log")


def test_nginx_adds_security_headers_to_the_spa(nginx: Nginx) -> None:
    _, headers, _ = fetch(f"{nginx.url}/")

    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/api/v1/me/?page=2", "/admin/login/", "/static/admin/x.css"])
def test_nginx_passes_backend_paths_to_web_unchanged(nginx: Nginx, path: str) -> None:
    status, _, body = fetch(f"{nginx.url}{path}")

    assert status == 200
    assert json.loads(body)["path"] == path


def test_nginx_tells_web_the_client_host_address_and_scheme(nginx: Nginx) -> None:
    _, _, body = fetch(f"{nginx.url}/api/v1/health/")
    headers = json.loads(body)["headers"]

    assert headers["Host"] == nginx.url.removeprefix("http://")
    assert headers["X-Forwarded-For"] == "127.0.0.1"
    assert headers["X-Forwarded-Proto"] == "http"


def test_nginx_keeps_the_scheme_reported_by_an_outer_tls_proxy(nginx: Nginx) -> None:
    _, _, body = fetch(f"{nginx.url}/api/v1/health/", {"X-Forwarded-Proto": "https"})

    assert json.loads(body)["headers"]["X-Forwarded-Proto"] == "https"


def test_nginx_access_log_leaves_out_query_strings_and_client_addresses(nginx: Nginx) -> None:
    fetch(f"{nginx.url}/api/v1/complaints/?q=0812-3456-7890&code=PD-SECRET")
    deadline = time.monotonic() + 5
    while "complaints" not in nginx.access_log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = [json.loads(x) for x in nginx.access_log.read_text().splitlines()]
    entry = next(x for x in lines if x["path"] == "/api/v1/complaints/")

    assert entry["method"] == "GET" and entry["status"] == 200
    assert "0812" not in nginx.access_log.read_text()
    assert "PD-SECRET" not in nginx.access_log.read_text()
    assert "127.0.0.1" not in nginx.access_log.read_text()


def test_nginx_passes_a_presigned_url_to_the_store_without_the_bearer_token(nginx: Nginx) -> None:
    path = "/berkas/attachments/32.07.10.2010/tok?X-Amz-Signature=abc&X-Amz-Expires=60"
    status, headers, body = fetch(
        f"{nginx.url}{path}", {"Authorization": "Bearer eyJ.jwt.x", "Cookie": "a=b"}
    )
    received = json.loads(body)

    assert status == 200
    assert received["path"] == path  # the signed query string arrives whole
    assert received["headers"]["Host"] == nginx.url.removeprefix("http://")
    assert "Authorization" not in received["headers"]
    assert "Cookie" not in received["headers"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]


def test_nginx_lets_nobody_write_to_the_bucket(nginx: Nginx) -> None:
    request = urllib.request.Request(
        f"{nginx.url}/berkas/attachments/x", data=b"evil", method="PUT"
    )
    try:
        urllib.request.urlopen(request, timeout=5)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code

    assert status == 403
