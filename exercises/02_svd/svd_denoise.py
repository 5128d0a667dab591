"""Exercise svd-denoise: cut the spectrum at the noise edge.

An m x n matrix of independent noise with standard deviation sigma
has its largest singular value close to the noise edge
sigma * (sqrt(m) + sqrt(n)). Singular values of a noisy matrix above
the edge carry signal; those at or below it are noise, and dropping
them brings the matrix closer to the clean one (hard thresholding).
"""

import numpy as np


def noise_edge(m, n, sigma):
    """Return sigma * (sqrt(m) + sqrt(n)) as a float.

    m, n: the shape of the matrix (ints >= 1).
    sigma: the standard deviation of the noise in every entry, a
           float >= 0.

    Raises ValueError if sigma < 0.
    """
    raise NotImplementedError


def denoise(A, sigma):
    """Return A without its singular values at or below the edge.

    A: a 2-D array of shape (m, n) (floats or integers).
    sigma: the noise's standard deviation, a float >= 0.

    Keep exactly the singular triplets (s_i, u_i, v_i) with
    s_i > noise_edge(m, n, sigma), each unchanged, and drop the rest:
    the result is the sum of s_i u_i v_i^T over the kept ones, a float
    array of shape (m, n). A singular value exactly at the edge is
    dropped. With sigma = 0 every nonzero singular value is kept.

    Raises ValueError if sigma < 0.
    """
    raise NotImplementedError
