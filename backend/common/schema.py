"""drf-spectacular hooks that keep the generated contract valid OpenAPI 3.1."""

from typing import Any


def nullable_as_type_list(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """DRF's paginators still describe `next`/`previous` with 3.0's `nullable: true`, which
    3.1 dropped: validators and generated clients then reject the null every last page carries.
    Rewrite it as 3.1 says, `type: [string, "null"]`."""

    def rewrite(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("nullable") is True and isinstance(node.get("type"), str):
                del node["nullable"]
                node["type"] = [node["type"], "null"]
            for value in node.values():
                rewrite(value)
        elif isinstance(node, list):
            for value in node:
                rewrite(value)

    rewrite(result)
    return result


def binary_bodies_without_schema(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """A file answer (PDF, XLSX, CSV, a photo) is bytes, not a JSON string: OpenAPI 3.1 says so
    by giving its media type no schema, instead of 3.0's `type: string, format: binary`."""
    binary = {"type": "string", "format": "binary"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                for media_type, content in response.get("content", {}).items():
                    if media_type != "application/json" and content.get("schema") == binary:
                        del content["schema"]
    return result


_ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}


def refusals_every_operation_may_give(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """Answers the view never writes but the stack gives on any operation: 400 for a NUL
    character or malformed input in the query or body (`common.middleware`), and 404 for a
    page past the end of a paginated list. A client generated from the schema must expect them."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            responses.setdefault(
                "400",
                {
                    "content": _ERROR_BODY,
                    "description": "Invalid input (e.g. a NUL character in the query or body): "
                    "`fields` says which.",
                },
            )
            paginated = any(
                parameter.get("name") == "page" and parameter.get("in") == "query"
                for parameter in operation.get("parameters", [])
            )
            if paginated:
                responses.setdefault(
                    "404", {"content": _ERROR_BODY, "description": "No such page."}
                )
    return result
