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

    from common.api import strict_serializer_of

    assert get_resolver().url_patterns  # imports every view and so every serializer
    schemas = yaml.safe_load((REPO / "openapi.yaml").read_text())["components"]["schemas"]
    strict = {name for name in schemas if strict_serializer_of(name)}

    assert {
        "ComplaintSubmitInRequest",
        "ReporterInRequest",
        "TransitionRejectInRequest",
        "CannedAnswerPatchInRequest",  # a PATCH's body: the views never validate partially
    } <= strict
    assert all(schemas[name]["additionalProperties"] is False for name in strict)


def _moves(schemas: dict, name: str) -> dict[str, dict]:
    """A `oneOf` over `action`'s members, by action (its discriminator's mapping)."""
    body = schemas[name]
    assert body["discriminator"]["propertyName"] == "action"
    mapping = body["discriminator"]["mapping"]
    assert sorted(mapping.values()) == sorted(member["$ref"] for member in body["oneOf"])
    return {action: schemas[ref.rsplit("/", 1)[-1]] for action, ref in mapping.items()}


def test_each_move_states_its_own_fields_as_a_one_of_over_action():
    """A generated client types each move's body, and the fuzzer sends each move's fields:
    one strict member per action, `action` fixed to it, its required fields required."""
    import yaml

    from complaints.state import ON_BEHALF_ACTIONS, REPORTER_ACTIONS, Action

    schemas = yaml.safe_load((REPO / "openapi.yaml").read_text())["components"]["schemas"]
    moves = _moves(schemas, "TransitionInRequest")

    assert set(moves) == set(Action.values)
    for action, member in moves.items():
        assert member["properties"]["action"] == {"type": "string", "const": action}
        assert member["additionalProperties"] is False
        assert "action" in member["required"]
    assert set(moves["reject"]["required"]) == {"action", "reason"}
    assert set(moves["verify"]["required"]) == {"action", "urgency", "impact"}
    assert set(moves["receive"]["properties"]) == {"action", "note", "note_visibility"}
    assert "rating" not in moves["forward"]["properties"]

    reporters = _moves(schemas, "TrackTransitionInRequest")
    on_behalf = _moves(schemas, "OnBehalfInRequest")
    assert set(reporters) == set(REPORTER_ACTIONS)
    assert set(on_behalf) == set(ON_BEHALF_ACTIONS)
    offices = {"note_visibility", "urgency", "impact", "position", "assignee", "answer"} | {
        "published_to", "duplicate_of", "agency_kind", "agency", "forwarded_on"
    }  # fmt: skip
    for member in [*reporters.values(), *on_behalf.values()]:
        assert not offices & set(member["properties"])


# What a link may copy from one answer into the next request: codes, ids, tokens, dates and
# the PIN (in a body), never a name or any other field of a person.
LINKABLE = {"code", "tracking_code", "id", "token", "prefix", "date", "pin"}


def test_links_between_operations_carry_only_codes_and_ids():
    """The fuzzer's stateful phase follows these links and puts the values into URLs, which
    the request log writes: a reporter's name must never travel that way."""
    import re

    import yaml

    schema = yaml.safe_load((REPO / "openapi.yaml").read_text())
    expressions = []
    for operations in schema["paths"].values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                for link in response.get("links", {}).values():
                    expressions += link.get("parameters", {}).values()
                    expressions += link.get("requestBody", {}).values()

    assert len(expressions) > 40  # submit, list → detail, create → read/update/delete, …
    for expression in expressions:
        # A value of the request's own path is in a URL already.
        field = re.fullmatch(r"\$request\.path\.\w+|\$response\.body#/[\w/]*?(\w+)", expression)
        assert field, expression
        assert field[1] is None or field[1] in LINKABLE, expression


def test_each_operation_documents_the_refusals_its_view_can_give():
    """The fuzzer holds each answer's status to the codes its operation documents; these are
    the ones a view's settings decide: 401 where it authenticates callers, 429 exactly where
    a throttle applies (with `retry_after`), 404 where the path names something."""
    import yaml
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    schema = yaml.safe_load((REPO / "openapi.yaml").read_text())
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    checked = 0
    for path, _regex, method, callback in generator.endpoints:
        path = path.replace("{pk}", "{id}")  # as drf-spectacular names it in the schema
        if path not in schema["paths"]:
            continue
        documented = schema["paths"][path][method.lower()]["responses"]
        view = callback.cls(**(getattr(callback, "initkwargs", None) or {}))
        view.args, view.kwargs, view.format_kwarg = (), {}, None
        view.request = Request(APIRequestFactory().generic(method, path))
        where = f"{method} {path}"

        assert bool(view.get_throttles()) == ("429" in documented), where
        if view.get_authenticators():
            assert "401" in documented, where
        if "{" in path:
            assert "404" in documented, where
        checked += 1
    assert checked == sum(len(operations) for operations in schema["paths"].values())
