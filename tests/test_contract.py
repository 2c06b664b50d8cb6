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
