"""Reference solution for svd-energy."""

import numpy as np


def truncation_error(s, k):
    s = np.asarray(s, dtype=float)
    if not 0 <= k <= s.size:
        raise ValueError(f"k must be between 0 and len(s) = {s.size}, got {k}")
    return float(np.sqrt(np.sum(s[k:] ** 2)))


def rank_for_energy(s, energy=0.95):
    if not 0 < energy <= 1:
        raise ValueError(f"energy must satisfy 0 < energy <= 1, got {energy}")
    captured = np.cumsum(np.asarray(s, dtype=float) ** 2)
    if captured.size == 0 or captured[-1] == 0:
        return 0
    # The total is the last cumulative sum, so energy = 1 is always reached.
    return int(np.searchsorted(captured, energy * captured[-1], side="left")) + 1
