"""Exercise svd-shrink: soft thresholding of singular values.

The nuclear norm ||X||_* is the sum of the singular values of X, the
convex stand-in for its rank. The matrix X that minimizes

    1/2 ||X - A||_F^2 + lam * ||X||_*

keeps the singular vectors of A and shrinks every singular value by
lam, never below zero. This map is the proximal step of the nuclear
norm, used by matrix completion methods such as Soft-Impute.
"""

import numpy as np


def shrink_singular_values(A, lam):
    """Return U diag(max(s - lam, 0)) V^T, where A = U diag(s) V^T.

    A: a 2-D array of shape (m, n) (floats or integers).
    lam: the shrinkage, a float >= 0. lam = 0 gives A back; a lam at
         or above the largest singular value gives the zero matrix.

    Returns a float array of shape (m, n): the unique minimizer of
    1/2 ||X - A||_F^2 + lam * ||X||_*.

    Raises ValueError if lam < 0.
    """
    raise NotImplementedError
