"""The care-gap benchmark itself, on a small synthetic population in a temporary SQLite file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from coach.db import models as m
from coach.db.engine import make_engine
from evals.bench.care_gaps import format_markdown, run_care_gap_bench


def test_small_bench_run_reports_figures(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    messages: list[str] = []
    result = run_care_gap_bench(url, members=200, progress=messages.append, batch_size=64)
    assert result["members"] == 200 and result["measures_members"] == 200
    assert result["rows"]["members"] == 200 and result["rows"]["observations"] > 0
    assert result["rows"]["doses"] > 0
    assert result["gaps_written"] > 200  # everyone adult gets at least the exercise item
    assert sum(result["by_status"].values()) == result["gaps_written"]
    assert result["members_per_s"] > 0 and result["refresh_s"] > 0 and result["peak_rss_mb"] > 0
    assert sum(result["tier_counts"].values()) == 200
    assert any("inserted 200" in message for message in messages)
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(m.CareGap)) == result["gaps_written"]
        assert conn.scalar(select(func.count()).select_from(m.Member).where(
            m.Member.care_tier == "case_management")) == result["tier_counts"]["case_management"]
    engine.dispose()
    text = format_markdown(result)
    assert "200 synthetic members" in text and "members/s" in text and "peak RSS" in text


def test_bench_is_deterministic_and_starts_from_a_fresh_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    first = run_care_gap_bench(url, members=50)
    second = run_care_gap_bench(url, members=50)  # the file is recreated, not appended to
    assert first["rows"] == second["rows"]
    assert first["by_status"] == second["by_status"]

