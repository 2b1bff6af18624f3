"""GitHub's published GraphQL cost formula, and an hourly budget that spends it, for the fake GitHub.

GitHub ("Rate limits and query limits for the GraphQL API"): add up the requests every connection in
the query could need, assuming each reaches its ``first``/``last``; a nested connection needs one request
per possible parent (``first: 50`` under ``first: 100`` is 100 requests, and its own children 5,000);
divide by 100 and round, with a minimum of 1. ``nodes(ids: [...])`` fans out to one parent per id.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    value_from_ast_untyped,
)


def connection_requests(schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any]) -> int:
    """The requests the query's connections could need, by GitHub's formula."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    walker = _Walker(schema, fragments, variables)
    root = schema.query_type
    assert root is not None
    return walker.walk(operation.selection_set, root, 1)


def points(requests: int) -> int:
    """Requests to points: divided by 100, rounded, at least 1."""
    return max(1, math.floor(requests / 100 + 0.5))


class _Walker:
    def __init__(
        self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any]
    ) -> None:
        self.schema, self.fragments, self.variables = schema, fragments, variables

    def walk(self, selection: SelectionSetNode | None, parent: Any, parents: int) -> int:
        if selection is None:
            return 0
        total = 0
        for node in selection.selections:
            if not self._included(node):
                continue
            if isinstance(node, FieldNode):
                total += self._field(node, parent, parents)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                kind = self.schema.get_type(condition.name.value) if condition else parent
                total += self.walk(node.selection_set, kind, parents)
            elif isinstance(node, FragmentSpreadNode):
                fragment = self.fragments[node.name.value]
                total += self.walk(
                    fragment.selection_set, self.schema.get_type(fragment.type_condition.name.value), parents
                )
        return total

    def _field(self, node: FieldNode, parent: Any, parents: int) -> int:
        fields = getattr(parent, "fields", None) or {}
        definition = fields.get(node.name.value)
        if definition is None:  # __typename and friends
            return 0
        kind = get_named_type(definition.type)
        arguments = {a.name.value: value_from_ast_untyped(a.value, self.variables) for a in node.arguments or ()}
        if isinstance(kind, GraphQLObjectType) and kind.name.endswith("Connection"):
            size = arguments.get("first") or arguments.get("last") or 1
            return parents + self.walk(node.selection_set, kind, parents * int(size))
        fan_out = len(arguments["ids"]) if isinstance(arguments.get("ids"), list) else 1
        return self.walk(node.selection_set, kind, parents * fan_out)

    def _included(self, node: Any) -> bool:
        for directive in getattr(node, "directives", None) or ():
            condition = directive.arguments[0].value if directive.arguments else None
            value = bool(value_from_ast_untyped(condition, self.variables)) if condition is not None else True
            if directive.name.value == "include" and not value:
                return False
            if directive.name.value == "skip" and value:
                return False
        return True


@dataclass
class HourlyBudget:
    """What a token may spend in an hour, as GitHub counts it: GraphQL points, and requests of any kind."""

    points: int = 5000
    requests: int = 5000
    resets_at: datetime | None = None
    points_used: int = 0
    requests_used: int = 0

    @property
    def points_left(self) -> int:
        return max(0, self.points - self.points_used)

    def reset_epoch(self) -> int:
        return int(self.resets_at.timestamp()) if self.resets_at else 1_893_456_000  # 2030-01-01
