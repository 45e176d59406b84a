"""Small server-rendered SVG trend charts (no script, no external assets)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from markupsafe import Markup, escape

Point = tuple[datetime, float]

WIDTH, HEIGHT = 320, 110
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 22


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 or value == int(value) else f"{value:.1f}"


def trend_svg(series: Sequence[Sequence[Point]], *, title: str, unit: str) -> Markup | None:
    """One polyline per series (e.g. systolic and diastolic) over a shared time and value axis."""
    points = [p for s in series for p in s]
    if not points:
        return None
    t0 = min(p[0] for p in points).timestamp()
    t1 = max(p[0] for p in points).timestamp()
    low = min(p[1] for p in points)
    high = max(p[1] for p in points)
    pad = (high - low) * 0.1 or max(abs(high) * 0.05, 1.0)
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def xy(point: Point) -> tuple[float, float]:
        x = LEFT + (plot_w * (point[0].timestamp() - t0) / (t1 - t0) if t1 > t0 else plot_w / 2)
        y = TOP + plot_h * (high - point[1]) / (high - low)
        return round(x, 1), round(y, 1)

    parts = [
        f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)} ({escape(unit)})</title>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + 8}" text-anchor="end">{_fmt(high - pad)}</text>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end">{_fmt(low + pad)}</text>',
        f'<text class="tick" x="{LEFT}" y="{HEIGHT - 6}">{min(p[0] for p in points):%m-%d}</text>',
        f'<text class="tick" x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" text-anchor="end">'
        f"{max(p[0] for p in points):%m-%d}</text>",
    ]
    for index, values in enumerate(series):
        ordered = sorted(values)
        if not ordered:
            continue
        coords = [xy(p) for p in ordered]
        path = " ".join(f"{x},{y}" for x, y in coords)
        parts.append(f'<polyline class="series-{index}" points="{path}"/>')
        parts.extend(f'<circle class="dot-{index}" cx="{x}" cy="{y}" r="2.5"/>' for x, y in coords)
        last_x, last_y = coords[-1]
        parts.append(
            f'<text class="last-{index}" x="{min(last_x + 4, WIDTH - RIGHT)}" y="{max(last_y - 4, TOP + 6)}" '
            f'text-anchor="end">{_fmt(ordered[-1][1])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
