"""Inline SVG charts computed on the server: shapes with coordinates, drawn by templates.
Every chart is shown next to a table with the same data."""

WIDTH = 640
BAR_HEIGHT = 26
LABEL_WIDTH = 220
# Colours with at least 3:1 contrast against white and between neighbours, plus patterns in
# the legend order, so the chart does not rely on colour alone (the table has the numbers).
BUCKET_COLOURS = ["#b00020", "#c75000", "#8a6d00", "#2f6f9f", "#1e6b3a"]
LINE_COLOURS = [
    "#154273",
    "#b00020",
    "#1e6b3a",
    "#6b3fa0",
    "#8a4b00",
    "#005f73",
    "#4a4a4a",
    "#9b2c6b",
]


def stacked_bars(distribution, labels):
    """One horizontal bar per theme, split into score buckets (share of locations)."""
    plot = WIDTH - LABEL_WIDTH - 10
    rows = []
    for index, theme in enumerate(distribution):
        total = sum(theme["buckets"]) or 1
        x = LABEL_WIDTH
        segments = []
        for bucket, count in enumerate(theme["buckets"]):
            width = plot * count / total
            if count:
                segments.append(
                    {
                        "x": round(x, 1),
                        "width": round(width, 1),
                        "colour": BUCKET_COLOURS[bucket],
                        "label": labels[bucket],
                        "count": count,
                    }
                )
            x += width
        rows.append({"y": index * (BAR_HEIGHT + 8), "title": theme["title"], "segments": segments})
    return {
        "width": WIDTH,
        "height": max(1, len(rows)) * (BAR_HEIGHT + 8),
        "bar_height": BAR_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
        "rows": rows,
        "legend": list(zip(labels, BUCKET_COLOURS, strict=True)),
    }


def trend_lines(rounds, trends):
    """One line per theme: the average score per round (0–100 on the vertical axis)."""
    # The right margin holds half of the last round's label ("ronde 12"), centred on its tick.
    height, left, right, top, bottom = 260, 48, 48, 12, 36
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    step = plot_w / max(1, len(rounds) - 1)

    def point(round_index, value):
        x = left + (round_index * step if len(rounds) > 1 else plot_w / 2)
        return round(x, 1), round(top + plot_h * (1 - value / 100), 1)

    lines = []
    for index, theme in enumerate(trends):
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        points = [
            (*point(i, theme["points"][r][0]), theme["points"][r][0])
            for i, r in enumerate(rounds)
            if r in theme["points"]
        ]
        lines.append(
            {
                "title": theme["title"],
                "colour": colour,
                "path": " ".join(f"{x},{y}" for x, y, _ in points),
                "points": points,
            }
        )
    grid = [{"y": round(top + plot_h * (1 - v / 100), 1), "value": v} for v in (0, 25, 50, 75, 100)]
    ticks = [{"x": point(i, 0)[0], "round": r} for i, r in enumerate(rounds)]
    return {
        "width": WIDTH,
        "height": height,
        "left": left,
        "right": WIDTH - right,
        "axis_y": top + plot_h + 20,
        "lines": lines,
        "grid": grid,
        "ticks": ticks,
    }
