"""Exercise svd-energy: how much a truncation loses, and how many
singular values to keep.

The squared Frobenius norm of A is the sum of its squared singular
values, its "energy". Keeping the k largest singular values (the
truncated SVD A_k) leaves an error of exactly the dropped
ones: ||A - A_k||_F = sqrt(s_{k+1}^2 + s_{k+2}^2 + ...).
"""

import numpy as np


def truncation_error(s, k):
    """Return ||A - A_k||_F from A's singular values alone.

    s: a 1-D array of singular values in decreasing order, s[0] >=
       s[1] >= ... >= 0.
    k: an int, how many singular values are kept, 0 <= k <= len(s).

    Returns a float: the square root of the sum of the squares of the
    dropped values s[k], s[k+1], ... (indices from 0). k = len(s)
    gives 0.0; k = 0 gives ||A||_F. Raises ValueError unless 0 <= k <=
    len(s).
    """
    raise NotImplementedError


def rank_for_energy(s, energy=0.95):
    """Return the smallest k whose leading singular values capture
    `energy` of the total.

    s: a 1-D array of singular values in decreasing order (all >= 0).
    energy: a float with 0 < energy <= 1.

    Returns the smallest int k with s[0]**2 + ... + s[k-1]**2 >=
    energy
    * (sum of all s_i**2). energy = 1 must return the number of
      nonzero
    singular values, even though floating-point sums computed in
    different orders can differ in the last bit. If every s_i is 0 (or
    s is empty) there is nothing to capture: return 0. Raises
    ValueError unless 0 < energy <= 1.
    """
    raise NotImplementedError
