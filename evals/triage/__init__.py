"""Triage evaluation: labelled cases and a runner."""
