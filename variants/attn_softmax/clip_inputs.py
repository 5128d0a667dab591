"""You clipped x to avoid overflow. Clipping changes the differences between entries, and the softmax depends only on those: [1000, 1001, 1002] became three equal numbers and got equal weights. Subtract each slice's max instead, which changes nothing mathematically."""

import numpy as np


def softmax(x, axis=-1):
    x = np.clip(np.asarray(x, dtype=float), -500.0, 500.0)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)
