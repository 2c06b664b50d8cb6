"""openapi.yaml and the frontend's types are generated; they must match the code."""

import subprocess

from django.core.management import call_command

from tests.process import REPO


def test_openapi_yaml_is_what_the_code_generates(tmp_path):
    generated = tmp_path / "openapi.yaml"

    call_command("spectacular", file=str(generated), validate=True, lang="en")

    assert generated.read_text() == (REPO / "openapi.yaml").read_text(), (
        "openapi.yaml is stale: run `make schema` and commit it."
    )


def test_frontend_types_are_generated_from_openapi_yaml(tmp_path):
    generated = tmp_path / "schema.d.ts"

    subprocess.run(
        [
            "npx",
            "--no-install",
            "openapi-typescript",
            str(REPO / "openapi.yaml"),
            "-o",
            str(generated),
        ],
        cwd=REPO / "frontend",
        check=True,
        capture_output=True,
        timeout=120,
    )

    committed = REPO / "frontend" / "src" / "api" / "schema.d.ts"
    assert generated.read_text() == committed.read_text(), (
        "frontend/src/api/schema.d.ts is stale: run `make schema` and commit it."
    )


def test_every_api_operation_documents_its_errors():
    import yaml

    schema = yaml.safe_load((REPO / "openapi.yaml").read_text())
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path.startswith("/api/v1/health"):
                continue
            codes = {code for code in operation["responses"] if code.startswith(("4", "5"))}
            assert codes, f"{method.upper()} {path} documents no error response"


def test_schema_does_not_depend_on_the_database(tmp_path):
    """`make schema` may run on the embedded SQLite default; CI compares on PostgreSQL."""
    import sys

    from tests.process import BACKEND, environment

    generated = tmp_path / "openapi.yaml"
    subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--lang", "en", "--file", str(generated)],
        cwd=BACKEND,
        check=True,
        capture_output=True,
        timeout=120,
        env=environment(
            DATABASE_URL=f"sqlite:///{tmp_path / 'schema.sqlite3'}",
            DATA_DIR=str(tmp_path),
            DJANGO_ALLOW_ASYNC_UNSAFE=None,
        ),
    )

    assert generated.read_text() == (REPO / "openapi.yaml").read_text()


def test_error_codes_in_the_schema_are_exactly_the_codes_the_server_uses():
    import yaml

    from common.errors import ErrorCode

    schema = yaml.safe_load((REPO / "openapi.yaml").read_text())

    assert schema["components"]["schemas"]["ErrorCodeEnum"]["enum"] == [c.value for c in ErrorCode]


def test_request_bodies_that_refuse_unknown_fields_say_so_in_the_schema():
    import yaml
    from django.urls import get_resolver

    from common.api import STRICT_INPUTS

    assert get_resolver().url_patterns  # imports every view and so every serializer
    schemas = yaml.safe_load((REPO / "openapi.yaml").read_text())["components"]["schemas"]
    strict = {name for name in schemas if name.removesuffix("Request") in STRICT_INPUTS}

    assert {"ComplaintSubmitInRequest", "ReporterInRequest", "TransitionInRequest"} <= strict
    assert all(schemas[name]["additionalProperties"] is False for name in strict)
