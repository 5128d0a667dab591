"""Exercise svd-truncate: the best rank-k approximation of a matrix.

By the Eckart-Young theorem, keeping the k largest singular values of
A (and their singular vectors) gives the rank-k matrix closest to A,
in the Frobenius norm and in the spectral norm.
"""

import numpy as np


def truncated_svd(A, k):
    """Return the best rank-k approximation of A.

    A: a 2-D array of shape (m, n) (floats; integers are fine too).
    k: an int with 0 <= k <= min(m, n).

    Returns an array of the same shape as A whose rank is at most k
    and whose distance to A, ||A - A_k||_F, is the smallest any rank-k
    matrix can reach: sqrt(s[k]**2 + s[k+1]**2 + ...), where s are A's
    singular values in decreasing order. k = 0 gives the zero matrix.

    Raises ValueError when k < 0 or k > min(m, n).
    """
    raise NotImplementedError
