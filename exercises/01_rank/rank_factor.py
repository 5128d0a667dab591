"""Exercise rank-factor: write a matrix of rank r as a product C @ R.

A matrix of rank r has r independent columns, and every column is a
combination of them. Put those r directions in the columns of C
(m x r) and the recipe for each column of A in the columns of R
(r x n): then A = C @ R. The factors hold r * (m + n) numbers instead
of m * n. Any pair that multiplies back to A is a rank factorization:
C may be r independent columns of A itself, or come from the SVD.
"""

import numpy as np


def rank_factorization(A, tol=None):
    """Return factors (C, R) of A: C @ R is A, and C has r columns.

    A: a 2-D array of shape (m, n) (floats or integers).
    tol: a float >= 0, or None. r is the numerical rank of A: the
         number of singular values strictly greater than tol. With
         None, use the default tolerance s_max * max(m, n) * eps, as
         in the rank-numerical exercise (eps = 2.2e-16).

    Returns a tuple (C, R) of 2-D float arrays, C of shape (m, r) and
    R of shape (r, n). When A has numerical rank r (every singular
    value past the r-th is rounding error), the product must rebuild
    A: ||A - C @ R||_F <= 1e-8 * ||A||_F.

    When an explicit tol drops singular values that are not rounding
    error, only the shapes (and so r) are judged: the product then
    approximates A.

    r = 0 (the zero matrix, or m == 0 or n == 0) gives C of shape
    (m, 0) and R of shape (0, n).
    """
    raise NotImplementedError
