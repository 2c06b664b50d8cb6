"""Where files live, and how a download leaves.

Every file the service keeps (attachments, queued register exports, and whatever a later
feature writes) goes through Django's storage API, that is `STORAGES["default"]`: the local
filesystem under MEDIA_ROOT by default, S3-compatible object storage (MinIO, Ceph RGW, a
cloud's S3) when `S3_BUCKET` is set (`config/settings.py`, `docs/deploy.md`).

Objects are private. A download is authorised by the view first; then
`download_response` either redirects (302) to a short-lived presigned URL, when the storage
can make one, or streams the bytes through Django (the filesystem).
"""

from typing import Any

import boto3
from django.conf import settings
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# The contract of a download endpoint, beside its 200 with the bytes.
PRESIGNED_REDIRECT = {
    302: OpenApiResponse(
        description="The object store holds the file: follow `Location`, a presigned URL that "
        "expires after S3_URL_EXPIRY_SECONDS (60 s by default). Rights were checked first."
    )
}
LOCATION_HEADER = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    response=[302],
    required=True,
    description="The presigned URL of the file.",
)


class ObjectStorage(S3Storage):
    """django-storages' S3 backend, private by construction, that can presign its URLs
    against another address than the one the app talks to.

    The app may reach the object store on an inner network (`http://minio:9000`) while a
    browser reaches it through nginx or a public name (`S3_PUBLIC_ENDPOINT_URL`). SigV4
    signs the host, so the URL must be signed for the address the browser uses. Presigning
    is a local computation: the second client makes no request.
    """

    def get_default_settings(self) -> dict[str, Any]:
        return {**super().get_default_settings(), "public_endpoint_url": None}

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        if not self.public_endpoint_url:
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        params = {
            **(parameters or {}),
            "Bucket": self.bucket_name,
            "Key": self._normalize_name(clean_name(name)),
        }
        return self._public_client().generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=self.querystring_expire if expire is None else expire,
            HttpMethod=http_method,
        )

    def _public_client(self):
        client = getattr(self, "_public", None)
        if client is None:
            client = self._public = boto3.Session(
                aws_access_key_id=self.access_key,
                aws_secret_access_key=self.secret_key,
                aws_session_token=self.security_token,
            ).client(
                "s3",
                region_name=self.region_name,
                endpoint_url=self.public_endpoint_url,
                config=self.client_config,
            )
        return client

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_public", None)
        return state


def presigns(storage: Storage) -> bool:
    """Whether the storage hands out signed, expiring URLs a browser can fetch directly."""
    return isinstance(storage, S3Storage) and bool(storage.querystring_auth)


def download_response(
    file: FieldFile, *, content_type: str, filename: str, as_attachment: bool
) -> HttpResponse:
    """The answer to a download the caller was already allowed: a 302 to a presigned URL
    valid for `S3_URL_EXPIRY_SECONDS`, or the bytes streamed from the filesystem.

    The presigned URL makes the object store answer with our content type and disposition
    (the object's own metadata is not trusted for either), and the redirect itself is never
    cached: it expires within a minute.
    """
    if presigns(file.storage):
        disposition = content_disposition_header(as_attachment, filename) or "inline"
        url = file.storage.url(
            file.name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition,
                "ResponseCacheControl": "private, no-store",
            },
            expire=settings.S3_URL_EXPIRY_SECONDS,
        )
        response: HttpResponse = HttpResponseRedirect(url)
        response["Cache-Control"] = "no-store"
        return response
    return FileResponse(
        file.open("rb"),
        content_type=content_type,
        as_attachment=as_attachment,
        filename=filename,
    )
