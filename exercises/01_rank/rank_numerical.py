"""Exercise rank-numerical: how many directions a matrix of floats
really uses.

Over exact numbers the rank is the number of nonzero singular values.
Floats carry rounding error, so a matrix that is rank 2 on paper has
tiny but nonzero singular values past the second. They are rounding
errors, typically well below max(m, n) * eps times the largest
(eps = 2.2e-16). The numerical rank counts only the singular values
above a tolerance.
"""

import numpy as np


def numerical_rank(A, tol=None):
    """Return the number of singular values of A that are strictly
    greater than tol.

    A: a 2-D array of shape (m, n) (floats or integers).
    tol: a float >= 0, or None. With None, use the default tolerance
         s_max * max(m, n) * eps, where s_max is the largest singular
         value of A and eps = np.finfo(np.float64).eps (about
         2.2e-16). tol = 0.0 is a real tolerance (count every nonzero
         singular value), not "use the default".

    Returns an int. The zero matrix has rank 0, and so does a matrix
    with an empty dimension (m == 0 or n == 0).
    """
    raise NotImplementedError
