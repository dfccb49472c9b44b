"""The dashboard's charts fit their drawing: the last round's label is not clipped."""

from assessments.services import charts

# "ronde 12" at 13 px is about 55 px wide, centred on its tick.
HALF_LABEL = 28


def test_the_last_round_label_fits_inside_the_trend_chart():
    trends = [{"title": "Herkenbaar", "points": {1: (80.0, 3), 2: (84.9, 2)}}]
    chart = charts.trend_lines([1, 2], trends)

    last = chart["ticks"][-1]["x"]
    assert last + HALF_LABEL <= chart["width"], (last, chart["width"])
    assert chart["right"] == last  # the lines end where the last label is centred


def test_each_line_is_named_in_the_legend():
    trends = [
        {"title": "Herkenbaar", "points": {1: (80.0, 3)}},
        {"title": "Deskundig", "points": {1: (70.0, 3)}},
    ]
    chart = charts.trend_lines([1], trends)
    assert [line["title"] for line in chart["lines"]] == ["Herkenbaar", "Deskundig"]
