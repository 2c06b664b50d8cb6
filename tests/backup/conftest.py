from tests.storage.s3_server import s3_server, s3_storage  # noqa: F401  (fixtures)
