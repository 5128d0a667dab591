"""You dropped one singular value too few: with k kept, the dropped ones start at s[k] (Python counts from 0), so the error is sqrt(sum of s[k:]**2), not of s[k+1:]**2."""

import numpy as np


def truncation_error(s, k):
    s = np.asarray(s, dtype=float)
    if not 0 <= k <= s.size:
        raise ValueError("bad k")
    return float(np.sqrt(np.sum(s[k + 1:] ** 2)))


def rank_for_energy(s, energy=0.95):
    if not 0 < energy <= 1:
        raise ValueError("bad energy")
    captured = np.cumsum(np.asarray(s, dtype=float) ** 2)
    if captured.size == 0 or captured[-1] == 0:
        return 0
    return int(np.searchsorted(captured, energy * captured[-1])) + 1
