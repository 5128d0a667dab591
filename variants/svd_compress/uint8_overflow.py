"""Your relative error is wrong for a uint8 photograph: squaring the raw image (image ** 2) stays in uint8 and wraps around past 255 (16 ** 2 gives 0). Convert the image to float64 first, np.asarray(image, dtype=np.float64), before any arithmetic on it."""

import numpy as np


def compress(image, k):
    image = np.asarray(image)
    m, n = image.shape
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    U, s, Vt = np.linalg.svd(image, full_matrices=False)
    approx = (U[:, :k] * s[:k]) @ Vt[:k]
    norm = np.sqrt(np.sum(image ** 2))
    return approx, k * (m + n + 1) / (m * n), float(np.sqrt(np.sum((image - approx) ** 2)) / norm) if norm else 0.0
