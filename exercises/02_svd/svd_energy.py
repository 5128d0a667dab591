"""Exercise svd-energy: how much a truncation loses, and how many
singular values to keep.

The squared Frobenius norm of A is the sum of its squared singular
values, its "energy". Keeping the k largest singular values (the
truncated SVD A_k) leaves an error made of exactly the dropped ones:
||A - A_k||_F = sqrt(s_{k+1}^2 + s_{k+2}^2 + ...).
"""

import numpy as np


def truncation_error(s, k):
    """Return ||A - A_k||_F from A's singular values alone.

    s: a 1-D array of singular values in decreasing order,
       s[0] >= s[1] >= ... >= 0.
    k: an int, how many singular values are kept.

    Returns a float: the square root of the sum of the squares of the
    dropped values s[k], s[k+1], ... (indices from 0). k = len(s)
    gives 0.0; k = 0 gives ||A||_F.

    Raises ValueError unless 0 <= k <= len(s).
    """
    raise NotImplementedError


def rank_for_energy(s, energy=0.95):
    """Return the smallest k whose leading singular values capture
    `energy` of the total.

    s: a 1-D array of singular values in decreasing order (all >= 0).
    energy: a float with 0 < energy <= 1.

    The captured energies are the running sums of squares
    c_k = s[0]**2 + ... + s[k-1]**2, computed in float64 from the
    first value on (as np.cumsum(s**2) does). The total is the last
    of them, c_n with n = len(s). Return the smallest int k with
    c_k >= energy * c_n.

    So energy = 1 returns the first k whose running sum already
    equals the total. Trailing zeros are not needed, and neither is a
    value too small to change the sum in float64: s = [1, 1e-9]
    gives 1, since 1 + 1e-18 rounds to 1.

    If every s_i is 0 (or s is empty) there is nothing to capture:
    return 0.

    Raises ValueError unless 0 < energy <= 1.
    """
    raise NotImplementedError
