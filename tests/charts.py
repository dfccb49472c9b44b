"""Checks for the server-rendered SVG charts."""

import re

SVG = re.compile(r"<svg\b(?:(?!</svg>).)*?\brole=\"img\".*?</svg>", re.S)
GEOMETRY = re.compile(
    r'\s(x|y|x1|x2|y1|y2|cx|cy|r|width|height|viewBox|points|transform|d)="([^"]*)"'
)
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def assert_charts_are_machine_readable(html):
    """Every chart's geometry holds plain numbers: a Dutch decimal comma ("220,0") makes the
    browser drop the shape without a word, and the chart shows empty."""
    charts = SVG.findall(html)
    assert charts, "no chart (an <svg role=img>) on the page"
    for chart in charts:
        for attribute, value in GEOMETRY.findall(chart):
            if attribute == "width" and value.endswith("%"):
                continue
            if attribute == "points":
                pair = re.compile(f"{NUMBER.pattern},{NUMBER.pattern}")
                assert all(pair.fullmatch(p) for p in value.split()), f'points="{value}"'
            elif attribute == "viewBox":
                assert all(NUMBER.fullmatch(n) for n in value.split()), f'viewBox="{value}"'
            elif attribute in ("transform", "d"):
                assert not re.search(r"\d,\d", value), f'{attribute}="{value}" has a comma'
            else:
                assert NUMBER.fullmatch(value), f'{attribute}="{value}" is not a number'
