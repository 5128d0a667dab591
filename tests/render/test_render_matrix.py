"""MatrixTable: values, alignment, elision, captions and edge cases as printed text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from rich.color import Color

from tutor.render import MatrixTable
from tutor.render.colors import NAN_COLOR, POSINF_COLOR

if TYPE_CHECKING:
    from conftest import Render


def test_prints_values_with_indices_and_shape_caption(render: Render) -> None:
    out = render(MatrixTable(np.array([[1.0, -2.5, 0.25], [3.0, 4.0, -5.125]]), title="W"))
    lines = out.text_lines
    assert lines[0] == "W"
    assert "2×3 float64" in lines[-1]
    assert lines[1].split() == ["0", "1", "2"]
    assert lines[3].split() == ["0", "1.000", "-2.500", "0.250"]
    assert lines[4].split() == ["1", "3.000", "4.000", "-5.125"]


def test_values_are_right_aligned(render: Render) -> None:
    out = render(MatrixTable(np.array([[1.0], [-123.5]])))
    _, end_short = out.find("1.000")
    _, end_long = out.find("-123.500")
    assert end_short + len("1.000") == end_long + len("-123.500")


def test_precision_controls_decimals(render: Render) -> None:
    assert "3.1" in render(MatrixTable(np.array([[np.pi]]), precision=1)).text
    assert "3.14159" in render(MatrixTable(np.array([[np.pi]]), precision=5)).text


def test_elides_middle_rows_and_columns_and_says_so(render: Render) -> None:
    values = np.arange(400, dtype=float).reshape(40, 10)
    out = render(MatrixTable(values, max_rows=6, max_cols=4))
    assert "showing 6 of 40 rows, 4 of 10 columns" in out.text
    rows = {line.split()[0] for line in out.text_lines[2:-1] if line.split()}
    assert {"0", "1", "2", "37", "38", "39", "…"} == rows
    header = out.text_lines[0].split()
    assert header == ["0", "1", "…", "8", "9"]
    ellipsis_row = next(line for line in out.text_lines if line.split()[0] == "…")
    assert set(ellipsis_row.split()) == {"…"}
    assert "399.000" in out.text and "200.000" not in out.text


def test_no_caption_note_when_everything_fits(render: Render) -> None:
    out = render(MatrixTable(np.ones((3, 3))))
    assert "showing" not in out.text and "…" not in out.text


def test_wide_numbers_drop_columns_instead_of_truncating_them(render: Render) -> None:
    values = np.full((3, 10), -12345.678)
    out = render(MatrixTable(values))
    assert all(len(line) <= 80 for line in out.text_lines)
    assert out.text.count("-12345.678") == 3 * 6
    assert "columns" in out.text_lines[-1]


def test_tiny_values_switch_to_scientific_notation(render: Render) -> None:
    out = render(MatrixTable(np.array([[1e-12, 1.0]])))
    assert "1.000e-12" in out.text and "1.000e+00" in out.text


def test_integers_and_bools_print_without_decimals(render: Render) -> None:
    assert render(MatrixTable(np.array([[1, -2]]))).text_lines[2].split() == ["0", "1", "-2"]
    out = render(MatrixTable(np.eye(2, dtype=bool)))
    assert out.text_lines[2].split() == ["0", "1", "0"]
    assert "2×2 bool" in out.text


def test_non_finite_entries_are_highlighted(render: Render) -> None:
    out = render(MatrixTable(np.array([[np.nan, np.inf, -np.inf, 1.0]])))
    assert out.text_lines[2].split() == ["0", "nan", "inf", "-inf", "1.000"]
    row, column = out.find("nan")
    assert out.style_at(row, column).color == Color.from_rgb(*NAN_COLOR)
    row, column = out.find(" inf")
    assert out.style_at(row, column + 1).color == Color.from_rgb(*POSINF_COLOR)


def test_empty_matrix(render: Render) -> None:
    out = render(MatrixTable(np.zeros((0, 3)), title="E"))
    assert out.text_lines == ["E", "(empty 0×3 matrix)"]


def test_vector_is_one_row(render: Render) -> None:
    out = render(MatrixTable(np.array([1.0, 2.0, 3.0])))
    assert out.text_lines[2].split() == ["0", "1.000", "2.000", "3.000"]
    assert "length-3 float64 vector" in out.text_lines[-1]
