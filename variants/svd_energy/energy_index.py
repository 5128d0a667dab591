"""You returned the index of the first cumulative sum that reaches the target, which is one less than the number of singular values kept. If index i (from 0) is the first to reach it, k = i + 1 values are needed."""

import numpy as np


def truncation_error(s, k):
    s = np.asarray(s, dtype=float)
    if not 0 <= k <= s.size:
        raise ValueError("bad k")
    return float(np.sqrt(np.sum(s[k:] ** 2)))


def rank_for_energy(s, energy=0.95):
    if not 0 < energy <= 1:
        raise ValueError("bad energy")
    captured = np.cumsum(np.asarray(s, dtype=float) ** 2)
    if captured.size == 0 or captured[-1] == 0:
        return 0
    return int(np.argmax(captured >= energy * captured[-1]))
