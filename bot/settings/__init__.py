"""The one reader of flags, action inputs, environment and config files, into :class:`Settings` in sections.

- ``sections``: one model per part of the bot (connection, runner, collection, scope, measure, balance,
  pr-check, rollup, publishing), with every default, constraint and description, written once.
- ``model``: ``Settings``, the sections together, and ``KEYS``, the flat hyphenated names users write.
- ``sources``: where values come from (flags, ``INPUT_*``, ``GOODHART_*``, the runner, the config file).
- ``load``: ``load_settings`` and the serve scheduler's ``repository_settings``, with errors for people.
- ``serve``: ``goodhart serve``'s own config file.
- ``governance``: ``kpis:`` and ``outcomes:``, read by the digest's KPI table and the quarterly audit.
"""

from bot.settings.governance import MAX_KPIS, GovernanceSettings, Kpi, Outcome
from bot.settings.load import load_settings, repository_settings
from bot.settings.model import KEYS, Key, Settings, flag_of, input_name
from bot.settings.sections import (
    BalanceLimits,
    CollectionSettings,
    ConnectionSettings,
    MeasureSettings,
    PrCheckLimits,
    PrCheckSettings,
    PublishingSettings,
    RollupSettings,
    RunnerSettings,
    ScopeSettings,
    WhenClear,
)
from bot.settings.serve import ServeConfig, ServeRepository, load_serve_config

__all__ = [
    "KEYS",
    "MAX_KPIS",
    "BalanceLimits",
    "CollectionSettings",
    "ConnectionSettings",
    "GovernanceSettings",
    "Key",
    "Kpi",
    "MeasureSettings",
    "Outcome",
    "PrCheckLimits",
    "PrCheckSettings",
    "PublishingSettings",
    "RollupSettings",
    "RunnerSettings",
    "ScopeSettings",
    "ServeConfig",
    "ServeRepository",
    "Settings",
    "WhenClear",
    "flag_of",
    "input_name",
    "load_serve_config",
    "load_settings",
    "repository_settings",
]
