"""Reference solution for svd-compress."""

import numpy as np


def compress(image, k):
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"image must be a 2-D array, got {image.ndim} dimension(s)")
    m, n = image.shape
    if not 0 <= k <= min(m, n):
        raise ValueError(f"k must be between 0 and min(m, n) = {min(m, n)}, got {k}")
    U, s, Vt = np.linalg.svd(image, full_matrices=False)
    approx = (U[:, :k] * s[:k]) @ Vt[:k]
    stored_fraction = k * (m + n + 1) / (m * n)
    norm = np.linalg.norm(image)
    rel_error = float(np.linalg.norm(image - approx) / norm) if norm > 0 else 0.0
    return approx, stored_fraction, rel_error
