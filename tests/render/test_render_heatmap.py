"""Heatmap: half-block pairing, colours, legend, odd rows, edge cases, downsampling."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
from rich.color import Color
from rich.console import Console
from rich.measure import Measurement

from tutor.render import ColorScale, Heatmap
from tutor.render.colors import NAN_COLOR, NEGINF_COLOR, NEUTRAL, POSINF_COLOR, SEQUENTIAL
from tutor.render.heatmap import UPPER_HALF, fit_cells

if TYPE_CHECKING:
    from conftest import Render


def rgb(color: Color | None) -> tuple[int, int, int]:
    assert color is not None
    triplet = color.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def test_half_block_pairs_row_zero_in_foreground_and_row_one_in_background(render: Render) -> None:
    values = np.array([[2.0, 0.0], [-2.0, 1.0]])
    scale = ColorScale.for_data(values)
    out = render(Heatmap(values, scale=1, legend=False))
    assert out.line_texts() == [UPPER_HALF * 2]
    top_left = out.style_at(0, 0)
    assert top_left.color == scale.color(2.0)
    assert top_left.bgcolor == scale.color(-2.0)
    assert out.style_at(0, 1).color == scale.color(0.0)
    assert out.style_at(0, 1).bgcolor == scale.color(1.0)


def test_positive_max_is_red_negative_min_blue_zero_neutral(render: Render) -> None:
    values = np.array([[3.0, 0.0, -3.0], [1.0, 1.0, 1.0]])
    out = render(Heatmap(values, scale=1))
    red, neutral, blue = (rgb(out.style_at(0, c).color) for c in range(3))
    assert red[0] > red[1] + 60 and red[0] > red[2] + 60
    assert blue[2] > blue[0] + 60
    assert neutral == NEUTRAL


def test_odd_row_count_leaves_the_last_background_empty(render: Render) -> None:
    out = render(Heatmap(np.arange(12.0).reshape(3, 4) - 5, scale=1, legend=False))
    assert out.line_texts() == [UPPER_HALF * 4] * 2
    assert out.style_at(0, 0).bgcolor is not None
    last = out.style_at(1, 0)
    assert last.bgcolor is None and last.color is not None


def test_small_matrices_are_scaled_up_into_square_cells(render: Render) -> None:
    out = render(Heatmap(np.array([[1.0, -1.0], [-1.0, 1.0]]), legend=False))
    widths = {len(line) for line in out.line_texts()}
    assert widths == {8} and len(out.lines) == 4  # each entry 4 columns by 4 half rows
    assert out.style_at(0, 0).color == out.style_at(1, 3).bgcolor
    assert out.style_at(0, 0).color != out.style_at(0, 4).color


def test_legend_shows_the_scale_ends_and_zero(render: Render) -> None:
    out = render(Heatmap(np.array([[-2.5, 1.0]])))
    legend_line = next(line for line in out.text_lines if "█" in line)
    assert legend_line.startswith("-2.5 ") and legend_line.endswith(" 2.5")
    assert "█0█" in legend_line
    assert "1×2 float64" in out.text


def test_sequential_legend_runs_from_zero(render: Render) -> None:
    out = render(Heatmap(np.array([[0.25, 0.5]]), cmap="sequential", vmin=0, vmax=1))
    legend_line = next(line for line in out.text_lines if "█" in line)
    assert legend_line.startswith("0 █") and legend_line.endswith("█ 1")
    row, column = out.find("0 █")
    assert out.style_at(row, column + 2).color == SEQUENTIAL.palette[0]


def test_non_finite_cells_get_marker_colours_and_a_legend(render: Render) -> None:
    values = np.array([[np.nan, np.inf], [-np.inf, 1.0]])
    out = render(Heatmap(values, scale=1))
    assert rgb(out.style_at(0, 0).color) == NAN_COLOR
    assert rgb(out.style_at(0, 1).color) == POSINF_COLOR
    assert rgb(out.style_at(0, 0).bgcolor) == NEGINF_COLOR
    assert "NaN ×1" in out.text and "+inf ×1" in out.text and "-inf ×1" in out.text


def test_all_nan_matrix_draws_markers_without_a_scale(render: Render) -> None:
    out = render(Heatmap(np.full((2, 2), np.nan), scale=1))
    assert rgb(out.style_at(0, 0).color) == NAN_COLOR
    assert "NaN ×4" in out.text


def test_constant_matrices_do_not_divide_by_zero(render: Render) -> None:
    with np.errstate(all="raise"):
        out = render(Heatmap(np.full((3, 3), 3.0), scale=1))
    assert out.style_at(0, 0).color == SEQUENTIAL.palette[SEQUENTIAL.levels - 1]
    assert "0 ████" in out.text and "█ 3" in out.text
    explicit = render(Heatmap(np.full((2, 2), 3.0), cmap="sequential", vmin=3, vmax=3))
    assert "constant 3" in explicit.text
    zeros = render(Heatmap(np.zeros((2, 2)), scale=1))
    assert rgb(zeros.style_at(0, 0).color) == NEUTRAL
    assert "constant 0" in zeros.text


def test_empty_matrix_says_so(render: Render) -> None:
    out = render(Heatmap(np.zeros((0, 3)), title="Q"))
    assert out.text_lines == ["Q", "(empty 0×3 matrix)"]
    assert render(Heatmap(np.zeros((4, 0)))).text_lines == ["(empty 4×0 matrix)"]


def test_vector_is_drawn_as_one_row(render: Render) -> None:
    out = render(Heatmap(np.array([-1.0, 0.0, 1.0]), scale=1))
    assert out.line_texts()[0] == UPPER_HALF * 3
    assert out.style_at(0, 0).bgcolor is None
    assert "length-3 float64 vector" in out.text


def test_wide_matrix_is_block_averaged_to_fit(render: Render) -> None:
    values = np.random.default_rng(0).standard_normal((128, 128))
    out = render(Heatmap(values))
    assert max(len(line) for line in out.text_lines) <= 80
    assert out.line_texts()[0] == UPPER_HALF * 64
    assert "averaged in 2×2 blocks" in out.text
    assert "128×128 float64" in out.text


def test_max_width_limits_the_heatmap(render: Render) -> None:
    out = render(Heatmap(np.ones((4, 40)), max_width=20, legend=False))
    assert out.line_texts()[0] == UPPER_HALF * 20


def test_block_average_keeps_values_exact_for_block_constant_input(render: Render) -> None:
    values = np.kron(np.array([[1.0, -1.0]]), np.ones((2, 60)))
    out = render(Heatmap(values, scale=1, legend=False), width=60)
    scale = ColorScale.for_data(values)
    assert out.style_at(0, 0).color == scale.color(1.0)
    assert out.style_at(0, 59).color == scale.color(-1.0)


def test_output_is_deterministic(render: Render) -> None:
    values = np.random.default_rng(3).standard_normal((9, 7))
    first, second = render(Heatmap(values)), render(Heatmap(values))
    assert first.text == second.text and first.lines == second.lines


def test_measure_reports_the_natural_width() -> None:
    console = Console(width=80)
    measurement = Measurement.get(console, console.options, Heatmap(np.ones((4, 30)), legend=False))
    assert measurement.maximum == 30
    wide = Measurement.get(console, console.options, Heatmap(np.ones((4, 300))))
    assert wide.maximum <= 80


def test_fit_cells() -> None:
    assert fit_cells(3, 3, 80) == (1, 4)
    assert fit_cells(24, 24, 80) == (1, 1)
    assert fit_cells(10, 200, 80) == (3, 1)
    assert fit_cells(2, 2, 80, scale=2) == (1, 2)
    assert fit_cells(2, 30, 40, scale=3) == (1, 1)


def test_a_row_of_heatmaps_says_when_its_cells_are_averaged(render: Render) -> None:
    from tutor.render import HeatmapRow

    small = np.arange(16 * 24, dtype=float).reshape(16, 24)
    row = HeatmapRow([(small, "a"), (small, "b"), (small, "c")])
    assert "averaged" not in render(row, width=80).text  # three 24-wide panels fit at 80 columns
    large = np.arange(30 * 200, dtype=float).reshape(30, 200)  # wider than the screen even alone
    block = Heatmap(large).block(80)
    assert block == 3
    said = re.search(r"averaged in (\d+)×(\d+) blocks to fit", render(HeatmapRow([(large, "a"), (large, "b")])).text)
    assert said and said[1] == said[2] and int(said[1]) >= block  # side by side, each panel gets less room
    assert "averaged in 3×3 blocks" in render(Heatmap(large), width=80).text  # as one heatmap says it
