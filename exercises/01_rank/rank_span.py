"""Exercise rank-span: what a matrix can reach, and what a low-rank
factorization costs.

A linear model's predictions X @ w are combinations of the columns of
X, so they always lie in the column space (span) of X. A target y
outside that span cannot be fitted exactly, whatever the weights. And
a rank-k matrix of shape (m, n) can be stored as two factors of shapes
(m, k) and (k, n), which hold k * (m + n) numbers instead of m * n.
"""

import numpy as np


def in_column_space(X, y, tol=1e-8):
    """Return True when y lies (numerically) in the column space of X.

    X: a 2-D array of shape (m, n); its columns may be redundant (X
       may be rank-deficient, and n may be larger than m).
    y: a 1-D array of shape (m,).
    tol: a float >= 0, the size of the allowed residual.

    Find least-squares weights w (a w minimizing ||X @ w - y||) and
    return True exactly when the residual is small enough:

        ||X @ w - y|| <= tol * max(1, ||y||)

    The bound is absolute (tol itself) for a y of norm at most 1, and
    relative (tol * ||y||) for a larger y. The answer must be a bool.
    A matrix with no columns (n == 0) spans only the zero vector.
    """
    raise NotImplementedError


def lowrank_param_count(m, n, k):
    """Return how many numbers a rank-k factorization of an m x n
    matrix stores: k * (m + n).

    m, n, k: ints.

    Raises ValueError unless 0 <= k <= min(m, n).
    """
    raise NotImplementedError
