"""Exercise svd-compress: store a photograph as a truncated SVD.

A grayscale image is a matrix of brightness values. Its best rank-k
approximation keeps k columns of U, k rows of V^T and k singular
values: k * (m + n + 1) numbers instead of m * n. How good it looks is
measured by the relative error, not by the share of energy kept: a
photograph's energy is mostly its average brightness.

Your function receives the image as an array (the checks pass small
pieces of the lesson's photograph and random matrices); it does not
read any file.
"""

import numpy as np


def compress(image, k):
    """Return (approx, stored_fraction, rel_error) for a rank-k SVD.

    image: a 2-D array of shape (m, n), possibly of integers (a
           photograph comes as uint8, 0 to 255).
    k: an int with 0 <= k <= min(m, n).

    approx: the best rank-k approximation of the image, a float64
        array of shape (m, n). Do not clip it to the range of the
        pixels and do not convert it back to the image's dtype.
    stored_fraction: a float, k * (m + n + 1) / (m * n), the share
        of numbers the k singular triplets take compared with the
        image. It exceeds 1 for large k.
    rel_error: a float, ||image - approx||_F / ||image||_F, and 0.0
        for an all-zero image.

    Raises ValueError unless 0 <= k <= min(m, n).
    """
    raise NotImplementedError
