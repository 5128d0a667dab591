"""Exercise mha-circuits: each head's weights as low-rank matrices,
and the SVD of a product.

For head h, the scores are x_i^T W_Q[:, h] W_K[:, h]^T x_j: only the
d_model x d_model matrix W_QK = W_Q[:, h] W_K[:, h]^T matters, and it
has rank at most d_head. Likewise the head writes W_OV = W_V[:, h]
W_O[h, :] into the output. (W[:, h] means the head's block of d_head
columns, W_O[h, :] its block of d_head rows.) Such a product A @ B of
an (m, r) and an (r, n) matrix can be analysed by its SVD without ever
forming the m x n product.
"""

import numpy as np


def qk_circuit(W_Q, W_K, n_heads, head):
    """Return W_Q[:, cols] @ W_K[:, cols].T, of shape (d_model,
    d_model), for one head.

    W_Q, W_K: (d_model, n_heads * d_head). cols =
              head*d_head:(head+1)*d_head.
    Raise ValueError unless n_heads >= 1 divides the number of columns
    and 0 <= head < n_heads.
    """
    raise NotImplementedError


def ov_circuit(W_V, W_O, n_heads, head):
    """Return W_V[:, cols] @ W_O[cols, :], of shape (d_model,
    d_model), for one head.

    W_V: (d_model, n_heads * d_head); W_O: (n_heads * d_head,
         d_model); cols as in qk_circuit.
    Raise ValueError unless n_heads >= 1 divides the number of columns
    and 0 <= head < n_heads.
    """
    raise NotImplementedError


def factored_svd(A, B):
    """Return the thin SVD (U, S, Vh) of A @ B without forming the (m,
    n) product.

    A: (m, r), B: (r, n), with r <= min(m, n).
    Returns U of shape (m, r) with orthonormal columns, S of shape
    (r,) with the singular values of A @ B in decreasing order (all >=
    0), and Vh of shape (r, n) with orthonormal rows, such that U @
    np.diag(S) @ Vh equals A @ B. U and Vh must stay orthonormal even
    when A @ B has rank below r (some S are then 0). Signs of singular
    vectors are free. The checks include an A @ B far too large for
    memory (20000 x 20000): work with the factors (hint: a QR
    decomposition of A and of B.T, then the SVD of a small r x r
    matrix). Raise ValueError if A's columns do not match B's rows, or
    if r > min(m, n).
    """
    raise NotImplementedError
