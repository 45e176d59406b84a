"""Measurements and dose reports stated in members' free text."""

from coach.measurements.dose import parse_dose_report
from coach.measurements.parse import ParsedMeasurement, parse_measurements
from coach.measurements.unlabelled import UnlabelledValue, unlabelled_values

__all__ = ["ParsedMeasurement", "UnlabelledValue", "parse_dose_report", "parse_measurements", "unlabelled_values"]
