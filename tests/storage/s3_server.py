"""A real S3-protocol server on loopback for the storage tests: moto's standalone server.

`s3_server` (session) starts `moto_server` on a free port and creates the bucket with boto3;
`object_storage` points `STORAGES["default"]` at it for one test, as `S3_BUCKET` would.
"""

import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import httpx
import pytest

from tests.process import VENV_BIN, free_port

REGION = "us-east-1"
# moto accepts any credentials; these name no real account.
ACCESS_KEY = "test-only-access-key"
SECRET_KEY = "test-only-secret-key"


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def new_bucket(self) -> str:
        """A fresh, empty bucket: each test sees only the objects it wrote."""
        name = f"pengaduan-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(entry["Key"] for entry in listing.get("Contents", []))


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/moto-api/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        yield S3Server(url)
    finally:
        process.terminate()
        process.wait(timeout=10)


def object_storage_settings(server: S3Server, bucket: str, **options) -> dict:
    """STORAGES["default"] as `config/settings.py` builds it when S3_BUCKET is set."""
    return {
        "BACKEND": "common.storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": server.endpoint_url,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            **options,
        },
    }


@dataclass(frozen=True)
class Storage:
    """The storage a parametrized test runs against: `filesystem` or `s3`."""

    kind: str
    bucket: str | None = None
    server: S3Server | None = None

    def keys(self) -> list[str]:
        assert self.server and self.bucket
        return self.server.keys(self.bucket)


@pytest.fixture(params=["filesystem", "s3"])
def storage(request, settings, tmp_path) -> Storage:
    """Each test using it runs twice: files on the filesystem, then in an S3 bucket."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.param == "filesystem":
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        }
        return Storage("filesystem")
    server = request.getfixturevalue("s3_server")
    bucket = server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": object_storage_settings(server, bucket)}
    return Storage("s3", bucket, server)


@pytest.fixture
def s3_storage(settings, s3_server) -> Storage:
    """Only the S3 bucket, for what the filesystem has no counterpart of (URLs)."""
    bucket = s3_server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": object_storage_settings(s3_server, bucket)}
    return Storage("s3", bucket, s3_server)
