"""Write the compact copies of GitHub's API descriptions that the contract tests read.

    python -m tests.contract.refresh [DIR]     # DIR: GitHub's files, default ../shared/github-api

DIR holds ``graphql-schema.json`` (@octokit/graphql-schema) and ``rest-openapi.json`` (@octokit/openapi),
as ``npm pack @octokit/graphql-schema @octokit/openapi`` gives them. The copies are small enough to live
in the repository, so the tests run for anyone who cloned the project alone.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

from graphql import build_client_schema, print_schema

from tests.contract.routes import ROUTES

DATA = Path(__file__).parent / "data"
SCHEMA_COPY = DATA / "graphql-schema.graphql.gz"
REST_COPY = DATA / "rest-routes.json.gz"
WEBHOOKS_COPY = DATA / "webhooks.json.gz"
WEBHOOKS = ("pull-request-opened", "pull-request-synchronize")
DEFAULT_SOURCE = Path(__file__).resolve().parents[3] / "shared" / "github-api"


def schema_sdl(source: Path) -> str:
    introspection = json.loads((source / "graphql-schema.json").read_text())
    return print_schema(build_client_schema(introspection.get("data", introspection)))


def rest_subset(source: Path) -> dict[str, Any]:
    """The operations of :data:`ROUTES`, every ``$ref`` inlined, so they validate on their own."""
    spec = json.loads((source / "rest-openapi.json").read_text())
    operations: dict[str, Any] = {}
    for method, path in ROUTES:
        operation = spec["paths"][path][method]
        operations[f"{method.upper()} {path}"] = {
            "parameters": [_inline(p, spec, ()) for p in operation.get("parameters", [])],
            "requestBody": _inline(operation.get("requestBody"), spec, ()),
            "responses": {code: _inline(r, spec, ()) for code, r in operation["responses"].items()},
        }
    return {"openapi": spec["openapi"], "info": spec["info"]["version"], "operations": operations}


def webhook_subset(source: Path) -> dict[str, Any]:
    """The payload schemas of :data:`WEBHOOKS` (OpenAPI 3.1, so JSON Schema 2020-12), refs inlined."""
    spec = json.loads((source / "webhooks-openapi.json").read_text())
    return {
        name: _inline(spec["webhooks"][name]["post"]["requestBody"]["content"]["application/json"]["schema"], spec, ())
        for name in WEBHOOKS
    }


def _inline(node: Any, spec: dict[str, Any], seen: tuple[str, ...]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in seen:
                return {}  # a recursive schema: accept anything below this point
            target: Any = spec
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            return _inline(target, spec, (*seen, ref))
        return {key: _inline(value, spec, seen) for key, value in node.items() if key != "examples"}
    if isinstance(node, list):
        return [_inline(item, spec, seen) for item in node]
    return node


def main(source: Path) -> None:
    DATA.mkdir(exist_ok=True)
    SCHEMA_COPY.write_bytes(gzip.compress(schema_sdl(source).encode(), 9, mtime=0))
    REST_COPY.write_bytes(gzip.compress(json.dumps(rest_subset(source), sort_keys=True).encode(), 9, mtime=0))
    WEBHOOKS_COPY.write_bytes(gzip.compress(json.dumps(webhook_subset(source), sort_keys=True).encode(), 9, mtime=0))
    print(f"wrote {SCHEMA_COPY.name} and {REST_COPY.name} from {source}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
