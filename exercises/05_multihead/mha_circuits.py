"""Exercise mha-circuits: each head's weights as low-rank matrices,
and the SVD of a product.

Head h owns a block of d_head columns of W_Q, W_K and W_V, the
columns cols = h*d_head:(h+1)*d_head (d_head = W_Q.shape[1] //
n_heads), and the same block of rows of W_O. In NumPy that block is
W_Q[:, cols]; W_Q[:, h] would be a single column.

With x_i the row of X at position i, head h scores key j for query i
as
    x_i @ W_Q[:, cols] @ W_K[:, cols].T @ x_j / sqrt(d_head).
Only the d_model x d_model product in the middle matters: the QK
circuit W_QK = W_Q[:, cols] @ W_K[:, cols].T, of rank at most d_head.
The 1/sqrt(d_head) scales the scores; it is not part of the circuit.
Likewise the head adds the row (sum_j a_ij x_j) @ W_OV to position i,
with the OV circuit W_OV = W_V[:, cols] @ W_O[cols, :].

Such a product A @ B of an (m, r) and an (r, n) matrix can be
analysed by its SVD without ever forming the m x n product.
"""

import numpy as np


def qk_circuit(W_Q, W_K, n_heads, head):
    """Return W_Q[:, cols] @ W_K[:, cols].T for one head, of shape
    (d_model, d_model), without the 1/sqrt(d_head).

    W_Q, W_K: (d_model, n_heads * d_head); cols =
        head*d_head:(head+1)*d_head with d_head = W_Q.shape[1] //
        n_heads.
    Raise ValueError unless n_heads >= 1 divides the number of columns
    and 0 <= head < n_heads.
    """
    raise NotImplementedError


def ov_circuit(W_V, W_O, n_heads, head):
    """Return W_V[:, cols] @ W_O[cols, :] for one head, of shape
    (d_model, d_model).

    W_V: (d_model, n_heads * d_head); W_O: (n_heads * d_head,
        d_model); cols as in qk_circuit (columns of W_V, rows of W_O).
    Raise ValueError unless n_heads >= 1 divides the number of columns
    of W_V and 0 <= head < n_heads.
    """
    raise NotImplementedError


def factored_svd(A, B):
    """Return the thin SVD (U, S, Vh) of A @ B without forming the
    (m, n) product.

    A: (m, r), B: (r, n), with r <= min(m, n).
    Returns U of shape (m, r) with orthonormal columns, S of shape
    (r,) with the singular values of A @ B in decreasing order (all
    >= 0), and Vh of shape (r, n) with orthonormal rows, such that
    U @ np.diag(S) @ Vh equals A @ B. U and Vh must stay orthonormal
    even when A @ B has rank below r (some S are then 0). Signs of
    singular vectors are free.

    The checks include an A @ B far too large for memory (20000 x
    20000): work with the factors (hint: a QR decomposition of A and
    of B.T, then the SVD of a small r x r matrix).

    Raise ValueError if A's columns do not match B's rows, or if
    r > min(m, n).
    """
    raise NotImplementedError
