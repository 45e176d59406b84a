"""CSV export of the measures report, one row per item and measure (long format, so items with
different indicators share one header). The first measure of every item is `rate` (met /
eligible); then come its indicators, then nudges and escalations."""

from __future__ import annotations

import csv
import io

from coach.measures.report import MeasuresReport

HEADER = (
    "period_start", "period_end", "as_of", "business_line", "care_tier", "item", "code", "title_en", "title_zh",
    "measure", "kind", "numerator", "denominator", "rate",
)


def _rate(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.4f}" if denominator else ""


def to_csv(report: MeasuresReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    scope = (report.period.start.isoformat(), report.period.end.isoformat(), report.as_of.isoformat(),
             report.population.business_line or "all", report.population.care_tier or "all")
    for item in report.items:
        head = (*scope, item.item, item.code, item.title_en, item.title_zh)
        writer.writerow((*head, "rate", "rate", item.met, item.eligible, _rate(item.met, item.eligible)))
        for status, count in (("due", item.due), ("overdue", item.overdue), ("excluded", item.excluded)):
            writer.writerow((*head, status, "count", count, "", ""))
        for ind in item.indicators:
            writer.writerow((*head, ind.code, ind.kind, ind.numerator, ind.denominator,
                             _rate(ind.numerator, ind.denominator)))
        for code in item.unavailable_indicators:
            writer.writerow((*head, code, "unavailable", "", "", ""))
        writer.writerow((*head, "nudges_sent", "count", item.nudges_sent, "", ""))
        writer.writerow((*head, "nudges_responded", "count", item.nudges_responded, item.nudges_sent,
                         _rate(item.nudges_responded, item.nudges_sent)))
        writer.writerow((*head, "escalations", "count", item.escalations, "", ""))
    return out.getvalue()
