"""LineChart: braille lines, markers and colours per series, axis labels, broken lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest
from rich.color import Color

from tutor.render import LineChart
from tutor.render.colors import SERIES_STYLES

if TYPE_CHECKING:
    from conftest import Render, Rendered

BRAILLE = range(0x2800, 0x2900)


def styles_of(out: Rendered, char: str) -> set[Color | None]:
    return {
        segment.style.color
        for line in out.lines
        for segment in line
        if char in segment.text and segment.style is not None
    }


def test_two_series_get_distinct_markers_colours_and_a_legend(render: Render) -> None:
    k = np.arange(1, 9)
    out = render(LineChart(k, {"train": 1.0 / k, "held-out": 1.0 / k + 0.3}, title="RMSE"))
    assert out.text_lines[0] == "RMSE"
    assert out.text_lines[-1] == "● train  ▲ held-out"
    assert styles_of(out, "●") == {SERIES_STYLES[0].color}
    assert styles_of(out, "▲") == {SERIES_STYLES[1].color}
    assert any(ord(char) in BRAILLE for char in out.text)


def test_axis_labels_show_min_and_max(render: Render) -> None:
    out = render(LineChart([1, 2, 3], {"a": [0.5, 2.0, 1.25]}, height=6))
    lines = out.padded()
    assert lines[0].startswith("  2 ┤") and lines[5].startswith("0.5 ┤")
    assert lines[7].split() == ["1", "3"]


def test_points_land_in_the_right_corners(render: Render) -> None:
    out = render(LineChart([0, 1], {"down": [1.0, 0.0]}, height=4, width=30))
    lines = out.padded()
    top, bottom = lines[0], lines[3]
    plot_start = top.index("┤") + 1
    assert top[plot_start] == "●"
    assert bottom.rstrip().endswith("●")
    assert max(len(line) for line in out.text_lines) <= 30


def test_descending_line_is_drawn_between_the_points(render: Render) -> None:
    out = render(LineChart([0, 10], {"line": [10.0, 0.0]}, height=4, width=42))
    rows_with_dots = [
        i for i, line in enumerate(out.padded()[:4]) if any(ord(c) in BRAILLE for c in line)
    ]
    assert rows_with_dots == [0, 1, 2, 3]


def test_nan_breaks_the_line(render: Render) -> None:
    xs = np.arange(6)
    ys = np.array([0.0, 1.0, np.nan, np.nan, 1.0, 0.0])
    out = render(LineChart(xs, {"gap": ys}, width=62))
    middle = [line[25:40] for line in out.padded()[:8]]
    assert all(not any(ord(c) in BRAILLE for c in part) for part in middle)


def test_constant_series_and_single_point_do_not_crash(render: Render) -> None:
    with np.errstate(all="raise"):
        flat = render(LineChart([1, 2, 3], {"flat": [2.0, 2.0, 2.0]}))
        single = render(LineChart([5], {"one": [1.0]}))
    assert "2.2" in flat.text and "1.8" in flat.text
    assert "●" in single.text


def test_no_finite_points(render: Render) -> None:
    out = render(LineChart([1, 2], {"a": [np.nan, np.nan]}))
    assert "(no finite points to plot)" in out.text


def test_many_points_are_drawn_without_markers(render: Render) -> None:
    xs = np.arange(200)
    out = render(LineChart(xs, {"sin": np.sin(xs / 10)}))
    assert "●" not in "".join(out.text_lines[:-1])
    assert max(len(line) for line in out.text_lines) <= 80


def test_series_length_must_match_xs() -> None:
    with pytest.raises(ValueError, match="has 2 values for 3 xs"):
        LineChart([1, 2, 3], {"short": [1.0, 2.0]})
