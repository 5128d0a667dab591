"""With energy = 1 your answer is wrong because the total came from np.sum(s**2) while the running sums came from np.cumsum: the two add in different orders and can differ in the last bit, so no running sum reaches the total (and argmax of an all-False array is 0). Use the last cumulative sum as the total."""

import numpy as np


def truncation_error(s, k):
    s = np.asarray(s, dtype=float)
    if not 0 <= k <= s.size:
        raise ValueError("bad k")
    return float(np.sqrt(np.sum(s[k:] ** 2)))


def rank_for_energy(s, energy=0.95):
    if not 0 < energy <= 1:
        raise ValueError("bad energy")
    s = np.asarray(s, dtype=float)
    total = np.sum(s ** 2)
    if total == 0:
        return 0
    return int(np.argmax(np.cumsum(s ** 2) >= energy * total)) + 1
