"""Measurements and dose reports stated in members' free text."""

from coach.measurements.dose import parse_dose_report
from coach.measurements.parse import ParsedMeasurement, parse_measurements

__all__ = ["ParsedMeasurement", "parse_dose_report", "parse_measurements"]
