"""You accept an impossible energy. A share of the total must satisfy 0 < energy <= 1; raise ValueError for anything else (0, negative, or more than 1)."""

import numpy as np


def truncation_error(s, k):
    s = np.asarray(s, dtype=float)
    if not 0 <= k <= s.size:
        raise ValueError("bad k")
    return float(np.sqrt(np.sum(s[k:] ** 2)))


def rank_for_energy(s, energy=0.95):
    captured = np.cumsum(np.asarray(s, dtype=float) ** 2)
    if captured.size == 0 or captured[-1] == 0:
        return 0
    return int(min(np.searchsorted(captured, energy * captured[-1]) + 1, captured.size))
