"""Your slices sum to 1 along the last axis even when another axis was asked for: is the axis argument passed on to max() and sum()? Use axis=axis (with keepdims=True) in both."""

import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
