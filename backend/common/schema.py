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


# `common.middleware` refuses a NUL character anywhere in the query or body (400).
_NO_NUL = "^[^\\u0000]*$"
_PAGING = {"page", "page_size", "cursor"}


def _strings_refuse_nul(node: Any) -> None:
    if isinstance(node, dict):
        types = node.get("type")
        is_string = types == "string" or (isinstance(types, list) and "string" in types)
        if is_string and not ({"pattern", "format", "enum", "const"} & node.keys()):
            node["pattern"] = _NO_NUL
        for key, value in node.items():
            if key != "example":
                _strings_refuse_nul(value)
    elif isinstance(node, list):
        for value in node:
            _strings_refuse_nul(value)


def inputs_as_the_server_reads_them(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """What the server accepts, said in the contract:

    - no input string may hold a NUL character (`common.middleware` answers 400);
    - a list's filter sent empty (`?status=`) is the filter left out, as django-filter and the
      hand-read filters treat it, so an empty value is valid there; a required parameter
      sent empty is refused, as DRF refuses a blank required field.
    """
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _strings_refuse_nul(component)
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema")
                if schema is None or parameter.get("in") == "header":
                    continue
                _strings_refuse_nul(schema)
                if (
                    method == "get"
                    and parameter.get("in") == "query"
                    and parameter["name"] not in _PAGING
                    and not parameter.get("required")
                    and schema.get("type", "string") == "string"
                ):
                    if "enum" in schema:
                        schema["enum"] = [*schema["enum"], ""]
                        schema.pop("minLength", None)
                    elif {"format", "pattern", "minLength"} & schema.keys():
                        empty = {"type": "string", "maxLength": 0}
                        parameter["schema"] = {"anyOf": [schema, empty]}
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                if "$ref" not in media.get("schema", {}):
                    _strings_refuse_nul(media.get("schema"))
    return result


def links(status: int, **targets: dict[str, Any]) -> dict[str, Any]:
    """The operations a client can call next with values from this answer (OpenAPI links),
    for `extend_schema(extensions=links(201, complaints_retrieve={"code": "$response.body#/
    tracking_code"}))`. Each target is an operationId and maps its parameters to runtime
    expressions; the key `requestBody` gives body fields. `links_between_operations` moves
    them into the response. They carry codes and ids only, never a name
    (tests/test_contract.py)."""
    return {"x-links": {str(status): targets}}


def links_between_operations(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """Write each operation's `x-links` (see `links`) as the `links` of its response, after
    checking that the target operation and each parameter exist: a renamed operation or a
    mistyped parameter fails `make schema` instead of a link that is never followed."""
    operations = {
        operation["operationId"]: operation
        for path in result.get("paths", {}).values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    for source_id, operation in operations.items():
        for status, targets in operation.pop("x-links", {}).items():
            response = operation["responses"][status]
            for target_id, values in sorted(targets.items()):
                if target_id not in operations:
                    raise ValueError(f"{source_id} links to an unknown operation {target_id}")
                known = {p["name"] for p in operations[target_id].get("parameters", [])}
                parameters = {k: v for k, v in values.items() if k != "requestBody"}
                if unknown := set(parameters) - known:
                    raise ValueError(f"{source_id} → {target_id}: no parameter {unknown}")
                link: dict[str, Any] = {"operationId": target_id}
                if parameters:
                    link["parameters"] = parameters
                if "requestBody" in values:
                    link["requestBody"] = values["requestBody"]
                response.setdefault("links", {})[target_id] = link
    return result


# What a refusal that asks the caller to wait, or to send less, always holds besides the
# error body (`common.api.exception_handler`, `common.errors.PayloadTooLarge` raisers).
_REFUSALS_WITH = {"429": "retry_after", "413": "max_bytes"}


def refusals_say_what_to_do(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """A 429 always carries `retry_after` (and the `Retry-After` header), a 413 always
    `max_bytes`: the schema requires them there, so a client may rely on them."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict):
                continue
            for status, field in _REFUSALS_WITH.items():
                response = operation.get("responses", {}).get(status)
                if response is None:
                    continue
                media = response["content"]["application/json"]
                media["schema"] = {"allOf": [media["schema"], {"required": [field]}]}
                if status == "429":
                    response["headers"] = {
                        "Retry-After": {
                            "schema": {"type": "integer", "minimum": 1},
                            "description": "Seconds to wait, as `retry_after`.",
                        }
                    }
    return result
