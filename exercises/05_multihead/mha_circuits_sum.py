"""Exercise mha-circuits-sum: multi-head attention as a sum of
circuits.

Multiplying the heads side by side by W_O is the same as giving each
head its own rows of W_O and adding the results. With the circuits
W_QK[h] = W_Q[:, cols] @ W_K[:, cols].T and
W_OV[h] = W_V[:, cols] @ W_O[cols, :] of exercise mha-circuits,
    MHA(X) = sum over h of
             softmax(X @ W_QK[h] @ X.T / sqrt(d_head)) @ X @ W_OV[h].
Each head keeps its own softmax: adding the circuits first and taking
one softmax would be a single wide head, a different layer.

This file imports your softmax (exercise attn-softmax) and your
qk_circuit and ov_circuit (exercise mha-circuits). If you would
rather not, delete the imports and define them here.
"""

import numpy as np

from attn_softmax import softmax
from mha_circuits import ov_circuit, qk_circuit


def mha_from_circuits(X, W_Q, W_K, W_V, W_O, n_heads, causal=False):
    """Return multi-head self-attention of X, computed head by head
    from the QK and OV circuits: an (n, d_model) array.

    X: (n, d_model), one row per position.
    W_Q, W_K, W_V: (d_model, n_heads * d_head).
    W_O: (n_heads * d_head, d_model).
    n_heads: an int >= 1 that divides the number of columns of W_Q;
        raise ValueError otherwise. d_head = W_Q.shape[1] // n_heads.
    causal: when True, position i attends only to positions j <= i.

    The result is the sum over h of
        softmax(X @ W_QK[h] @ X.T / sqrt(d_head)) @ X @ W_OV[h],
    with the softmax over the keys (each row), stable for large
    scores, and with the scores where j > i set to -inf first when
    causal. It equals multi_head_attention of exercise mha-forward.
    """
    raise NotImplementedError
