"""CAIS validation rules: one small registered function per check, with its code and source.

See :mod:`cais_sim.rules.registry` for how rules are selected by environment and day, and
``docs/rules.md`` for the coverage table generated from the registry.
"""

from cais_sim.rules.engine import Engine
from cais_sim.rules.model import (
    EmptyState,
    Finding,
    RecordContext,
    Rule,
    StateView,
    StoredFdid,
    StoredRejection,
)
from cais_sim.rules.registry import all_rules, implemented_codes, rule, rules_in_force

__all__ = [
    "EmptyState",
    "Engine",
    "Finding",
    "RecordContext",
    "Rule",
    "StateView",
    "StoredFdid",
    "StoredRejection",
    "all_rules",
    "implemented_codes",
    "rule",
    "rules_in_force",
]
