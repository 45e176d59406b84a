"""Care gaps for one member on one day: which catalog items apply and where each one stands.

Pure: the member is a snapshot, the as-of day (member-local) is passed in. An item is
evaluated when its catalog target rule holds on the as-of day (coach.catalog.eligibility),
or when its follow-up window outlasts the target window (post-discharge plans, fracture
follow-up; see followup.py). Every such item yields a status or an explicit exclusion.

When the member's business line is known, items not offered on that line are skipped: the
insurer buys the service per line (catalog `business_lines`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from coach.care_gaps.context import RuleContext
from coach.care_gaps.dates import History
from coach.care_gaps.models import ExcludedItem, Exclusion, GapReport, GapResult, Period
from coach.care_gaps.rules import EXCLUDED, RULES, RuleSpec
from coach.catalog.eligibility import rule_matches
from coach.catalog.models import Catalog, CatalogItem, TargetRule
from coach.members.snapshot import MemberSnapshot


def offered(item: CatalogItem, business_line: str | None) -> bool:
    return business_line is None or business_line in item.business_lines


Predicate = Callable[[MemberSnapshot, int | None], bool]


def compile_rule(rule: TargetRule) -> tuple[Predicate, bool]:
    """A fast predicate over sex, age (None before birth) and conditions, and whether it is exact.

    The predicate is always a necessary condition of the rule; it is the whole rule (exact) when
    the rule has no medication, event or measurement clause. Otherwise the engine still runs
    coach.catalog.eligibility.rule_matches after it, so eligibility has one definition."""
    if rule.everyone:
        return (lambda _member, _age: True), True
    checks: list[Predicate] = []
    exact = not (rule.medications_any or rule.events_any or rule.measurement_at_least is not None)
    if rule.sex is not None:
        sex = rule.sex
        checks.append(lambda member, _age: member.sex == sex)
    if rule.age is not None:
        low, high = rule.age.min, rule.age.max
        checks.append(lambda _m, age: age is not None and (low is None or age >= low) and (high is None or age <= high))
    if rule.conditions_any:
        any_of = frozenset(rule.conditions_any)
        checks.append(lambda member, _age: not any_of.isdisjoint(member.conditions))
    if rule.conditions_all:
        all_of = frozenset(rule.conditions_all)
        checks.append(lambda member, _age: all_of <= member.conditions)
    if rule.conditions_none:
        none_of = frozenset(rule.conditions_none)
        checks.append(lambda member, _age: none_of.isdisjoint(member.conditions))
    if rule.any_of:
        alternatives = [compile_rule(sub) for sub in rule.any_of]
        exact = exact and all(e for _, e in alternatives)
        predicates = [p for p, _ in alternatives]
        checks.append(lambda member, age: any(p(member, age) for p in predicates))
    for sub in rule.all_of:
        predicate, sub_exact = compile_rule(sub)
        checks.append(predicate)
        exact = exact and sub_exact
    if len(checks) == 1:
        return checks[0], exact
    return (lambda member, age: all(check(member, age) for check in checks)), exact


@dataclass(frozen=True)
class _Entry:
    item: CatalogItem
    spec: RuleSpec | None
    predicate: Predicate
    exact: bool
    lines: frozenset[str]


_PLANS: dict[int, tuple[Catalog, list[_Entry]]] = {}


def _plan(catalog: Catalog) -> list[_Entry]:
    """Items in number order with compiled target predicates, built once per catalog object."""
    cached = _PLANS.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        entries = []
        for item in sorted(catalog.items, key=lambda i: i.number):
            predicate, exact = compile_rule(item.target)
            entries.append(_Entry(item, RULES.get(item.number), predicate, exact, frozenset(item.business_lines)))
        if len(_PLANS) > 8:
            _PLANS.clear()
        cached = _PLANS[id(catalog)] = (catalog, entries)
    return cached[1]


def evaluate(
    catalog: Catalog,
    member: MemberSnapshot,
    as_of: date,
    *,
    period: Period | None = None,
    business_line: str | None = None,
) -> GapReport:
    """Statuses and exclusions for every item that applies. `period` defaults to the calendar year of as_of."""
    period = period or Period.year_of(as_of)
    if not period.start <= as_of:
        raise ValueError(f"as_of {as_of} is before the period start {period.start}")
    history = History(member, as_of)
    age = member.age_on(as_of) if as_of >= member.birth_date else None
    results: list[GapResult] = []
    excluded: list[ExcludedItem] = []
    for entry in _plan(catalog):
        if business_line is not None and business_line not in entry.lines:
            continue
        item, spec = entry.item, entry.spec
        eligible = entry.predicate(member, age) and (entry.exact or rule_matches(item.target, member, as_of))
        if not eligible and (spec is None or spec.extends_eligibility is None):
            continue
        ctx = RuleContext(member, as_of, period, item, history)
        if not eligible and not (spec and spec.extends_eligibility and spec.extends_eligibility(ctx)):
            continue
        if spec is None:
            excluded.append(ExcludedItem(item.number, item.code, EXCLUDED.get(item.number, "no rule for this item")))
            continue
        outcome = spec.evaluate(ctx)
        if isinstance(outcome, Exclusion):
            excluded.append(ExcludedItem(item.number, item.code, outcome.reason))
            continue
        results.append(GapResult(
            item=item.number, code=item.code, title_zh=item.title_zh, title_en=item.title_en,
            status=outcome.status, due_date=outcome.due_date, reason_zh=outcome.reason.zh,
            reason_en=outcome.reason.en, evidence=outcome.evidence, indicators=dict(outcome.indicators),
        ))
    return GapReport(member.member_id, as_of, period, tuple(results), tuple(excluded))


def compute_gaps(
    catalog: Catalog,
    member: MemberSnapshot,
    as_of: date,
    *,
    period: Period | None = None,
    business_line: str | None = None,
) -> list[GapResult]:
    """The member's status per applicable catalog item (explicitly excluded items left out)."""
    return list(evaluate(catalog, member, as_of, period=period, business_line=business_line).results)
