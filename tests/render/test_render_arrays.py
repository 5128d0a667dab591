"""Shared array helpers: coercion to 2-D, captions, number formats, elision, block averages."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.render._arrays import (
    as_matrix,
    block_average,
    elide,
    empty_text,
    format_entries,
    format_number,
)


def test_one_dimensional_arrays_become_a_row() -> None:
    matrix = as_matrix(np.arange(5))
    assert matrix.values.shape == (1, 5)
    assert matrix.values.dtype == np.float64
    assert matrix.describe() == "length-5 int64 vector (shown as a row)"
    assert matrix.location(3) == (3,)


def test_higher_dimensional_arrays_merge_leading_axes() -> None:
    matrix = as_matrix(np.zeros((2, 3, 4)))
    assert matrix.values.shape == (6, 4)
    assert "2×3×4 float64" in matrix.describe()
    assert matrix.location(13) == (1, 0, 1)


def test_scalars_bools_and_complex_are_accepted() -> None:
    assert as_matrix(2.5).values.shape == (1, 1)
    assert as_matrix(np.eye(2, dtype=bool)).is_integral
    complex_matrix = as_matrix(np.array([[1 + 2j]]))
    assert complex_matrix.values[0, 0] == 1.0
    assert complex_matrix.describe().endswith("real part")


def test_non_numeric_arrays_are_a_type_error() -> None:
    with pytest.raises(TypeError, match="expected numbers"):
        as_matrix(np.array([["a", "b"]]))


def test_empty_text_names_the_shape() -> None:
    assert empty_text(as_matrix(np.zeros((0, 3)))).plain == "(empty 0×3 matrix)"
    assert empty_text(as_matrix(np.zeros(0))).plain == "(empty 0 vector)"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (-0.5, "-0.5"),
        (1234.5, "1.23e3"),
        (1e-7, "1e-7"),
        (float("nan"), "nan"),
        (float("-inf"), "-inf"),
        (2.0, "2"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_format_entries_shares_one_notation() -> None:
    assert format_entries(np.array([1.0, -2.5]), precision=3, integral=False) == ["1.000", "-2.500"]
    tiny = format_entries(np.array([1e-12, 1.0]), precision=3, integral=False)
    assert tiny == ["1.000e-12", "1.000e+00"]
    assert format_entries(np.array([3.0, np.nan]), precision=2, integral=True) == ["3", "nan"]


def test_elide_keeps_both_ends() -> None:
    assert elide(5, 12) == ([0, 1, 2, 3, 4], [])
    head, tail = elide(40, 12)
    assert head == [0, 1, 2, 3, 4, 5] and tail == [34, 35, 36, 37, 38, 39]


def test_block_average_handles_ragged_edges_and_propagates_nan() -> None:
    values = np.arange(15, dtype=float).reshape(3, 5)
    values[0, 0] = np.nan
    averaged = block_average(values, 2)
    assert averaged.shape == (2, 3)
    assert np.isnan(averaged[0, 0])
    assert averaged[0, 1] == pytest.approx((2 + 3 + 7 + 8) / 4)
    assert averaged[1, 2] == pytest.approx(14.0)
    assert block_average(values, 1) is values
