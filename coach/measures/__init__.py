"""Measures per catalog item for a period and population (the insurer's key indicators)."""

from coach.measures.csv import to_csv
from coach.measures.report import (
    IndicatorMeasure,
    ItemMeasure,
    MeasureAccumulator,
    MeasuresReport,
    Population,
    build_measures_report,
)

__all__ = [
    "IndicatorMeasure",
    "ItemMeasure",
    "MeasureAccumulator",
    "MeasuresReport",
    "Population",
    "build_measures_report",
    "to_csv",
]
