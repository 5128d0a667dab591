"""Colour maps and scales: diverging centred at zero, sequential, markers, degenerate ranges."""

from __future__ import annotations

import numpy as np
import pytest
from rich.color import Color

from tutor.render.colors import (
    DIVERGING,
    NAN_COLOR,
    NEGINF_COLOR,
    NEUTRAL,
    POSINF_COLOR,
    SEQUENTIAL,
    ColorScale,
    diverging_color,
    sequential_color,
)


def rgb(color: Color) -> tuple[int, int, int]:
    triplet = color.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def is_red(color: Color) -> bool:
    r, g, b = rgb(color)
    return r > g + 60 and r > b + 60


def is_blue(color: Color) -> bool:
    r, g, b = rgb(color)
    return b > r + 60 and b > g + 40


def test_diverging_is_red_above_blue_below_neutral_at_zero() -> None:
    assert is_red(diverging_color(2.0, 2.0))
    assert is_blue(diverging_color(-2.0, 2.0))
    assert rgb(diverging_color(0.0, 2.0)) == NEUTRAL


def saturation(color: Color) -> int:
    return max(rgb(color)) - min(rgb(color))


def test_diverging_grows_more_saturated_with_magnitude() -> None:
    for sign in (1.0, -1.0):
        shades = [saturation(diverging_color(sign * v, 1.0)) for v in (0.0, 0.3, 0.6, 1.0)]
        assert shades == sorted(shades) and shades[0] == 0 < shades[1]


def test_values_beyond_the_scale_are_clipped_to_its_ends() -> None:
    assert diverging_color(50.0, 1.0) == diverging_color(1.0, 1.0)
    assert sequential_color(-3.0) == sequential_color(0.0)
    assert sequential_color(7.0) == sequential_color(1.0)


def test_sequential_runs_from_dark_violet_to_yellow() -> None:
    assert rgb(sequential_color(0.0)) == (68, 1, 84)
    assert rgb(sequential_color(1.0)) == (253, 231, 37)
    assert sequential_color(0.0, 0.0, 10.0) != sequential_color(5.0, 0.0, 10.0)


def test_diverging_scale_is_symmetric_over_finite_entries() -> None:
    scale = ColorScale.for_data(np.array([-1.0, 3.0, np.nan, np.inf, -np.inf]))
    assert scale.cmap is DIVERGING
    assert (scale.vmin, scale.vmax) == (-3.0, 3.0)


def test_given_limits_make_a_symmetric_diverging_scale() -> None:
    scale = ColorScale.for_data(np.array([0.1, -0.1]), cmap="diverging", vmin=-5.0, vmax=2.0)
    assert (scale.vmin, scale.vmax) == (-5.0, 5.0)


def test_auto_picks_sequential_for_non_negative_data_from_zero() -> None:
    scale = ColorScale.for_data(np.array([[2.0, 4.0], [3.0, 5.0]]))
    assert scale.cmap is SEQUENTIAL
    assert (scale.vmin, scale.vmax) == (0.0, 5.0)


def test_auto_picks_diverging_for_signed_data_and_for_all_zeros() -> None:
    assert ColorScale.for_data(np.array([-1.0, 2.0])).cmap is DIVERGING
    assert ColorScale.for_data(np.zeros((2, 2))).cmap is DIVERGING


def test_constant_data_does_not_divide_by_zero() -> None:
    with np.errstate(all="raise"):
        zeros = ColorScale.for_data(np.zeros(4))
        assert zeros.constant
        assert rgb(zeros.color(0.0)) == NEUTRAL
        threes = ColorScale.for_data(np.full(4, 3.0), cmap="sequential", vmin=3.0, vmax=3.0)
        assert threes.color(3.0) == SEQUENTIAL.palette[SEQUENTIAL.levels - 1]


def test_non_finite_values_get_marker_colours_outside_both_maps() -> None:
    scale = ColorScale.for_data(np.array([-1.0, 1.0]))
    assert rgb(scale.color(float("nan"))) == NAN_COLOR
    assert rgb(scale.color(float("inf"))) == POSINF_COLOR
    assert rgb(scale.color(float("-inf"))) == NEGINF_COLOR
    finite = {rgb(c) for c in DIVERGING.palette[: DIVERGING.levels]}
    finite |= {rgb(c) for c in SEQUENTIAL.palette[: SEQUENTIAL.levels]}
    assert not finite & {NAN_COLOR, POSINF_COLOR, NEGINF_COLOR}


def test_all_nan_data_gets_a_degenerate_but_valid_scale() -> None:
    scale = ColorScale.for_data(np.full((2, 2), np.nan))
    assert scale.constant
    assert rgb(scale.color(float("nan"))) == NAN_COLOR


def test_unknown_colour_map_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown colour map"):
        ColorScale.for_data(np.ones(2), cmap="rainbow")  # type: ignore[arg-type]
