"""The value-based health-management service catalog (42 items) and who each item is for."""

from coach.catalog.eligibility import EligibleItem, eligible_items, rule_matches
from coach.catalog.loader import CatalogError, load_catalog, parse_catalog
from coach.catalog.models import (
    Catalog,
    CatalogItem,
    CoachPlan,
    EventWindow,
    Group,
    Indicator,
    ReminderPlan,
    TargetRule,
)

__all__ = [
    "Catalog",
    "CatalogError",
    "CatalogItem",
    "CoachPlan",
    "EligibleItem",
    "EventWindow",
    "Group",
    "Indicator",
    "ReminderPlan",
    "TargetRule",
    "eligible_items",
    "load_catalog",
    "parse_catalog",
    "rule_matches",
]
