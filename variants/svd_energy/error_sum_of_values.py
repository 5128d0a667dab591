"""You added the dropped singular values themselves. Errors add up in squares: ||A - A_k||_F = sqrt(s[k]^2 + s[k+1]^2 + ...), which is smaller than s[k] + s[k+1] + ... whenever two or more are dropped."""

import numpy as np


def truncation_error(s, k):
    s = np.asarray(s, dtype=float)
    if not 0 <= k <= s.size:
        raise ValueError("bad k")
    return float(np.sum(s[k:]))


def rank_for_energy(s, energy=0.95):
    if not 0 < energy <= 1:
        raise ValueError("bad energy")
    captured = np.cumsum(np.asarray(s, dtype=float) ** 2)
    if captured.size == 0 or captured[-1] == 0:
        return 0
    return int(np.searchsorted(captured, energy * captured[-1])) + 1
