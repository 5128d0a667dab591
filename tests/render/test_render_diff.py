"""DiffTriple: shared scale, worst entry, seed, shape mismatch, width and stacking."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tutor.render import ColorScale, DiffTriple
from tutor.render.colors import DIVERGING, SEQUENTIAL
from tutor.render.heatmap import UPPER_HALF

if TYPE_CHECKING:
    from conftest import Render


def pair(columns: int = 24, rows: int = 6) -> tuple[np.ndarray, np.ndarray]:
    expected = np.random.default_rng(1).standard_normal((rows, columns))
    actual = expected.copy()
    actual[2, 5] += 0.5
    return actual, expected


def test_side_by_side_at_80_columns_for_24_columns(render: Render) -> None:
    actual, expected = pair(24)
    out = render(DiffTriple(actual, expected, seed=1234))
    assert max(len(line) for line in out.text_lines) <= 80
    titles = out.text_lines[0]
    assert titles.split() == ["actual", "expected", "actual", "−", "expected"]
    assert UPPER_HALF * 24 + "  " + UPPER_HALF * 24 in out.text
    assert "averaged" not in out.text


def test_stacks_vertically_when_narrow(render: Render) -> None:
    actual, expected = pair(24)
    out = render(DiffTriple(actual, expected), width=60)
    assert max(len(line) for line in out.text_lines) <= 60
    rows = [out.find(title)[0] for title in ("actual", "expected", "actual − expected")]
    assert rows[0] < rows[1] < rows[2]
    assert out.text_lines[rows[1]] == "expected"


def test_wide_matrices_are_downsampled_to_fit(render: Render) -> None:
    actual, expected = pair(100, 40)
    out = render(DiffTriple(actual, expected))
    assert max(len(line) for line in out.text_lines) <= 80
    assert "actual − expected" in out.text_lines[0]
    assert out.text.count("averaged in 4×4 blocks") == 3


def test_reports_the_worst_entry_and_the_seed(render: Render) -> None:
    actual, expected = pair(24)
    out = render(DiffTriple(actual, expected, seed=1234))
    worst = next(line for line in out.text_lines if line.startswith("max |difference|"))
    assert worst.startswith("max |difference| = 0.5 at (2, 5): actual ")
    assert f"expected {expected[2, 5]:.6g}"[:14] in worst
    assert out.text_lines[-1] == "inputs drawn with seed 1234"


def test_no_seed_line_without_a_seed(render: Render) -> None:
    actual, expected = pair(8, 4)
    assert "seed" not in render(DiffTriple(actual, expected)).text


def test_actual_and_expected_share_one_scale(render: Render) -> None:
    expected = np.ones((4, 4))
    actual = expected.copy()
    actual[3, 3] = 4.0
    out = render(DiffTriple(actual, expected))
    _, expected_column = out.find("expected")
    shared = ColorScale(SEQUENTIAL, 0.0, 4.0)
    assert out.style_at(1, 0).color == shared.color(1.0)
    assert out.style_at(1, expected_column).color == shared.color(1.0)
    legend_line = next(line for line in out.text_lines if "█" in line)
    assert legend_line.count("0 ████") == 2 and legend_line.count("█ 4") == 2


def test_difference_has_its_own_symmetric_scale(render: Render) -> None:
    expected = np.ones((4, 4))
    actual = expected.copy()
    actual[0, 0] = 1.25
    out = render(DiffTriple(actual, expected))
    _, diff_column = out.find("actual − expected")
    assert out.style_at(1, diff_column).color == ColorScale(DIVERGING, -0.25, 0.25).color(0.25)
    assert "-0.25 " in out.text and " 0.25" in out.text


def test_shape_mismatch_shows_both_without_a_difference(render: Render) -> None:
    rng = np.random.default_rng(0)
    out = render(DiffTriple(rng.standard_normal((3, 4)), rng.standard_normal((4, 3)), seed=5))
    assert out.text_lines[0] == "shape (3, 4) differs from expected (4, 3)"
    assert out.text_lines[-1] == "inputs drawn with seed 5"
    assert "actual − expected" not in out.text
    assert "3×4 float64" in out.text and "4×3 float64" in out.text


def test_vector_against_matrix_is_a_shape_mismatch(render: Render) -> None:
    out = render(DiffTriple(np.arange(3.0), np.arange(3.0).reshape(1, 3)))
    assert "shape (3,) differs from expected (1, 3)" in out.text


def test_non_finite_difference_is_named(render: Render) -> None:
    expected = np.ones((3, 3))
    actual = expected.copy()
    actual[1, 2] = np.nan
    out = render(DiffTriple(actual, expected))
    assert (
        "difference is not finite at 1 entry, first at (1, 2): actual nan, expected 1" in out.text
    )
    assert out.text.count("NaN ×1") == 2


def test_equal_matrices(render: Render) -> None:
    values = np.arange(6.0).reshape(2, 3)
    out = render(DiffTriple(values, values.copy()))
    assert "max |difference| = 0: the matrices are equal" in out.text
    assert "constant 0" in out.text


def test_empty_inputs_do_not_crash(render: Render) -> None:
    out = render(DiffTriple(np.zeros((0, 3)), np.zeros((0, 3)), seed=7))
    assert out.text.count("(empty 0×3 matrix)") == 3
    assert "no entries to compare" in out.text


def test_matrices_without_columns_do_not_crash(render: Render) -> None:
    out = render(DiffTriple(np.zeros((4, 0)), np.zeros((0, 0))))
    assert "shape (4, 0) differs from expected (0, 0)" in out.text
    assert "(empty 4×0 matrix)" in out.text and "(empty 0×0 matrix)" in out.text


def test_int_and_bool_inputs(render: Render) -> None:
    out = render(DiffTriple(np.eye(3, dtype=bool), np.eye(3, dtype=int)))
    assert "max |difference| = 0" in out.text
    assert "3×3 bool" in out.text and "3×3 int64" in out.text
