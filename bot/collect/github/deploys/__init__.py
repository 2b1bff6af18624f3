"""Deployment sources, best first; adding one is one module and one line here."""

from __future__ import annotations

from bot.collect.github.deploys import deployments_api, merges, tags, workflows
from bot.collect.github.deploys.base import DeployContext, DeploySourceReader, Found
from bot.records import DeploySource

SOURCES: tuple[DeploySourceReader, ...] = (
    DeploySourceReader(DeploySource.DEPLOYMENTS_API, deployments_api.read),
    DeploySourceReader(DeploySource.WORKFLOW, workflows.read),
    DeploySourceReader(DeploySource.TAG, tags.read),
    DeploySourceReader(DeploySource.MERGE, merges.read),
)

__all__ = ["SOURCES", "DeployContext", "DeploySourceReader", "Found"]
