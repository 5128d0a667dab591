"""Your error is the square of the right one: you returned the sum of the dropped s_i^2. The Frobenius error is its square root, sqrt(s[k]^2 + s[k+1]^2 + ...)."""

import numpy as np


def truncation_error(s, k):
    s = np.asarray(s, dtype=float)
    if not 0 <= k <= s.size:
        raise ValueError("bad k")
    return float(np.sum(s[k:] ** 2))


def rank_for_energy(s, energy=0.95):
    if not 0 < energy <= 1:
        raise ValueError("bad energy")
    captured = np.cumsum(np.asarray(s, dtype=float) ** 2)
    if captured.size == 0 or captured[-1] == 0:
        return 0
    return int(np.searchsorted(captured, energy * captured[-1])) + 1
