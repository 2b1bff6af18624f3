"""GitHub's own API descriptions, as contracts the bot's requests and the fakes' answers must keep."""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from graphql import GraphQLSchema, build_schema, parse, validate
from jsonschema import Draft202012Validator
from openapi_schema_validator import OAS30Validator

from tests.contract.refresh import REST_COPY, SCHEMA_COPY, WEBHOOKS_COPY


@cache
def graphql_schema() -> GraphQLSchema:
    return build_schema(gzip.decompress(SCHEMA_COPY.read_bytes()).decode(), assume_valid=True)


def graphql_errors(query: str) -> list[str]:
    """[] when GitHub's schema accepts the query."""
    return [error.message for error in validate(graphql_schema(), parse(query))]


@cache
def _rest() -> dict[str, Any]:
    operations: dict[str, Any] = _normalise(json.loads(gzip.decompress(REST_COPY.read_bytes()))["operations"])
    return operations


def _normalise(node: Any) -> Any:
    """Two readings for a standalone copy of GitHub's description.

    - OpenAPI 3.0 leaves ``nullable`` with an ``enum`` ambiguous; GitHub means null is allowed (it sends
      ``"state_reason": null``), so null joins the enum.
    - A ``discriminator`` maps to ``#/components/...``, which the copy inlined away; ``oneOf`` still decides.
    """
    if isinstance(node, dict):
        fixed = {key: _normalise(value) for key, value in node.items() if key != "discriminator"}
        if fixed.get("nullable") and isinstance(fixed.get("enum"), list) and None not in fixed["enum"]:
            fixed["enum"] = [*fixed["enum"], None]
        return fixed
    if isinstance(node, list):
        return [_normalise(item) for item in node]
    return node


def rest_operation(method: str, url: str) -> tuple[str, dict[str, Any]]:
    """The documented operation a request is for; AssertionError when the route is not described."""
    path = urlsplit(url).path.removeprefix("/api/v3")
    for key, operation in _rest().items():
        verb, template = key.split(" ", 1)
        if verb == method.upper() and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            return key, operation
    raise AssertionError(f"{method} {path} is not a route the bot's contract copy documents")


def check_rest_request(method: str, url: str, body: Any = None) -> None:
    """The route exists, every query parameter is documented for it, and the body has the documented shape."""
    key, operation = rest_operation(method, url)
    documented = {p["name"] for p in operation["parameters"] if p.get("in") == "query"}
    sent = {name for name, _ in parse_qsl(urlsplit(url).query)}
    unknown = sent - documented
    assert not unknown, f"{key}: undocumented query parameters {sorted(unknown)}"
    if body is not None:
        schema = (((operation.get("requestBody") or {}).get("content") or {}).get("application/json") or {}).get(
            "schema"
        )
        assert schema is not None, f"{key}: takes no JSON body"
        OAS30Validator(schema).validate(body)
        unknown_fields = set(body) - set(schema.get("properties", {}))
        assert not unknown_fields, f"{key}: undocumented body fields {sorted(unknown_fields)}"


def check_rest_response(method: str, url: str, status: int, body: Any) -> None:
    """A fake's answer has the shape GitHub documents for that route and status."""
    key, operation = rest_operation(method, url)
    response = operation["responses"].get(str(status))
    assert response is not None, f"{key}: status {status} is not documented"
    schema = ((response.get("content") or {}).get("application/json") or {}).get("schema")
    if schema is not None:
        OAS30Validator(schema).validate(body)


def example(method: str, url: str, fields: dict[str, Any], status: int = 200) -> Any:
    """The smallest body GitHub's description allows for this route, with ``fields`` on top, validated."""
    _, operation = rest_operation(method, url)
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    body = {**_minimal(schema), **fields}
    check_rest_response(method, url, status, body)
    return body


def event_payload(name: str, fields: dict[str, Any]) -> Any:
    """The smallest webhook payload GitHub's description allows for event ``name``, ``fields`` merged in
    (nested dicts merged key by key), validated."""
    schema = json.loads(gzip.decompress(WEBHOOKS_COPY.read_bytes()))[name]
    payload = _merged(_minimal(schema), fields)
    Draft202012Validator(schema).validate(payload)
    return payload


def _merged(base: Any, fields: dict[str, Any]) -> Any:
    result = dict(base)
    for key, value in fields.items():
        result[key] = _merged(result.get(key) or {}, value) if isinstance(value, dict) else value
    return result


def _minimal(schema: dict[str, Any]) -> Any:
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(_minimal(part))
        return merged
    if "anyOf" in schema or "oneOf" in schema:
        return _minimal((schema.get("anyOf") or schema["oneOf"])[0])
    if schema.get("nullable") or schema.get("type") == "null":
        return None
    kind = schema.get("type")
    if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
        if "null" in kind:
            return None
        kind = kind[0]
    if "const" in schema:
        return schema["const"]
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {name: _minimal(properties.get(name, {})) for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer" or kind == "number":
        return 1
    if kind == "boolean":
        return False
    if "enum" in schema:
        return schema["enum"][0]
    formats = {"date-time": "2026-01-01T00:00:00Z", "uri": "https://example.com/x", "email": "x@example.com"}
    return formats.get(schema.get("format", ""), "x")


def example_item(method: str, url: str, array: str | None, fields: dict[str, Any]) -> Any:
    """The smallest valid element of the 200 response's ``array`` property (or of the response itself,
    when it is an array and ``array`` is None), with ``fields`` on top."""
    _, operation = rest_operation(method, url)
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    items = schema["items"] if array is None else schema["properties"][array]["items"]
    return {**_minimal(items), **fields}
