"""Synthetic ratings with a planted low-rank structure, and a train / held-out split."""

from __future__ import annotations

import numpy as np

MEAN_RATING = 3.0


def synthetic_ratings(m: int, n: int, k: int, density: float, noise: float, seed: int = 0,
                      bias: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(R, mask)``: m users by n items, about ``density * m * n`` ratings observed.

    The noiseless ratings form a matrix of rank exactly k (for k >= 1): the first latent factor
    carries the mean rating 3 (user and item factors equal to sqrt(3) in that column), and the
    other k - 1 factors are standard normal, scaled so that their contribution to each rating
    has standard deviation 1. Gaussian noise of standard deviation ``noise`` is added to the
    observed entries. Each entry is observed independently with probability ``density``, so a
    user (or item) may have no rating at all. Ratings are real numbers, not rounded to stars;
    unobserved entries of R hold 0.0.

    With ``bias`` > 0, every user and every item also gets an offset drawn with standard
    deviation ``bias``, added to all its ratings (some users rate high, some movies are liked):
    the noiseless matrix then has rank k + 1 (the mean and the two offsets together,
    3 + b_user[i] + b_item[j], form a matrix of rank 2). ``bias = 0`` draws nothing more, so the
    ratings are the same as without the argument.
    """
    if m < 0 or n < 0:
        raise ValueError(f"m and n must be >= 0, got {m} and {n}")
    if not 1 <= k <= max(min(m, n), 1):
        raise ValueError(f"k must be between 1 and min(m, n) = {min(m, n)}, got {k}")
    if not 0.0 <= density <= 1.0:
        raise ValueError(f"density must be between 0 and 1, got {density}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    if bias < 0:
        raise ValueError(f"bias must be >= 0, got {bias}")
    rng = np.random.default_rng(seed)
    scale = (k - 1) ** -0.25 if k > 1 else 1.0
    users = np.hstack([np.full((m, 1), np.sqrt(MEAN_RATING)), scale * rng.standard_normal((m, k - 1))])
    items = np.hstack([np.full((n, 1), np.sqrt(MEAN_RATING)), scale * rng.standard_normal((n, k - 1))])
    mask = rng.random((m, n)) < density
    R = users @ items.T + noise * rng.standard_normal((m, n))
    if bias > 0:
        R += bias * rng.standard_normal((m, 1)) + bias * rng.standard_normal((1, n))
    return np.where(mask, R, 0.0), mask


def split_ratings(mask: np.ndarray, holdout: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Split the observed entries of ``mask`` into ``(train_mask, test_mask)``.

    A share ``holdout`` of the observed entries, chosen at random, goes to the test mask; the
    rest stay in the train mask. The two masks never overlap and together give back ``mask``.
    """
    mask = np.asarray(mask, dtype=bool)
    if not 0.0 <= holdout <= 1.0:
        raise ValueError(f"holdout must be between 0 and 1, got {holdout}")
    rows, cols = np.nonzero(mask)
    rng = np.random.default_rng(seed)
    # int(): under NumPy 1.x, round() of a NumPy float (holdout may be one) stays a float.
    held = rng.permutation(rows.size)[: int(round(holdout * rows.size))]  # noqa: RUF046
    test = np.zeros_like(mask)
    test[rows[held], cols[held]] = True
    return mask & ~test, test
