"""`S3_*` in the environment turn the default storage into private object storage."""

import json
import subprocess
import sys

from tests.process import BACKEND, environment

SHOW_STORAGE = (
    "import json; from django.core.files.storage import default_storage as s; s._setup(); "
    "w = s._wrapped; print(json.dumps({'backend': type(w).__name__, **{k: getattr(w, k, None) "
    "for k in ('bucket_name', 'endpoint_url', 'public_endpoint_url', 'access_key', "
    "'secret_key', 'default_acl', 'querystring_auth', 'querystring_expire', 'file_overwrite', "
    "'addressing_style', 'region_name')}}));"
    "from django.conf import settings; "
    "print(settings.SPA_SECURITY_HEADERS['Content-Security-Policy'])"
)


def storage_in(**env: str | None) -> dict:
    r = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_STORAGE],
        cwd=BACKEND,
        env=environment(DJANGO_ALLOW_ASYNC_UNSAFE=None, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    *_, storage, policy = r.stdout.strip().splitlines()
    return {**json.loads(storage), "connect-src": policy.split("connect-src ")[1].split(";")[0]}


def test_without_a_bucket_files_stay_on_the_filesystem():
    storage = storage_in(S3_BUCKET=None)

    assert storage["backend"] == "FileSystemStorage"
    assert storage["connect-src"] == "'self'"


def test_a_bucket_makes_private_signed_object_storage_with_secrets_from_files(tmp_path):
    secret_file = tmp_path / "s3_secret"
    secret_file.write_text("minio-secret-from-a-file\n")

    storage = storage_in(
        S3_BUCKET="pengaduan",
        S3_ENDPOINT_URL="http://minio:9000",
        S3_PUBLIC_ENDPOINT_URL="https://pengaduan.ciamiskab.go.id",
        S3_ACCESS_KEY_ID="pengaduan-app",
        S3_SECRET_ACCESS_KEY_FILE=str(secret_file),
    )

    assert storage == {
        "backend": "ObjectStorage",
        "bucket_name": "pengaduan",
        "endpoint_url": "http://minio:9000",
        "public_endpoint_url": "https://pengaduan.ciamiskab.go.id",
        "access_key": "pengaduan-app",
        "secret_key": "minio-secret-from-a-file",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "addressing_style": "path",
        "region_name": "us-east-1",
        # The SPA follows a download's redirect to the store, at the address browsers use.
        "connect-src": "'self' https://pengaduan.ciamiskab.go.id",
    }


def test_a_cloud_bucket_without_an_endpoint_uses_virtual_hosted_names():
    storage = storage_in(
        S3_BUCKET="pengaduan-ciamis",
        S3_REGION="ap-southeast-3",
        S3_URL_EXPIRY_SECONDS="30",
    )

    assert storage["addressing_style"] == "virtual"
    assert storage["region_name"] == "ap-southeast-3"
    assert storage["querystring_expire"] == 30
    assert storage["connect-src"] == (
        "'self' https://pengaduan-ciamis.s3.ap-southeast-3.amazonaws.com"
    )
