"""You divided by a sum computed without keepdims=True. The sums of a (3, 3) matrix's rows form a vector of shape (3,), which NumPy broadcasts along the wrong axis: entry [i, j] gets divided by the sum of row j. Keep the summed axis: np.sum(e, axis=axis, keepdims=True)."""

import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis)
