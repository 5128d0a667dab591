"""Exercise als-update: one half-step of alternating least squares.

With the item factors held fixed, fitting the user factors splits into
one small, independent ridge regression per user: find the k numbers x
that make x . fixed[j] close to the user's observed ratings R[i, j],
with a penalty lam * ||x||^2 that keeps x small.
"""

import numpy as np


def update_factors(R, mask, fixed, lam):
    """Return the (m, k) matrix whose row i solves user i's ridge
    regression.

    R: a 2-D array (m, n) of ratings. Only entries where mask is True
       mean anything: the others may hold any value, even NaN, and
       must not influence the result.
    mask: a boolean array (m, n), True where R[i, j] was observed.
    fixed: a 2-D array (n, k), the factors held fixed (one row per
           column of R).
    lam: a float >= 0, the ridge penalty.

    Row i of the result is the x of length k minimizing

        sum over j with mask[i, j] of (R[i, j] - x . fixed[j])^2
          + lam * ||x||^2,

    which solves the k x k linear system (F_i^T F_i + lam I) x = F_i^T
    r_i, where F_i holds the rows of `fixed` observed by row i and r_i
    the matching ratings. A row with nothing observed gets zeros (no
    NaN, no error), whatever lam is. With lam = 0, a row with fewer
    than k observed entries has no unique solution; that case is not
    checked.
    """
    raise NotImplementedError
