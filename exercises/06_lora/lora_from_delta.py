"""Exercise lora-from-delta: LoRA factors from a weight difference.

Given the change delta = W_tuned - W of a fully fine-tuned layer,
the best adapter of rank r is the best rank-r approximation of delta
(Eckart-Young): keep its r largest singular values and vectors,
delta_r = U_r S_r V_r^T, and split them into two factors B and A
with B @ A = delta_r. Only the product is determined: B = U_r S_r
with A = V_r^T works, so does B = U_r sqrt(S_r) with A = sqrt(S_r)
V_r^T, and so does B M with M^-1 A for any invertible r x r M.
"""

import numpy as np


def lora_from_delta(delta, r):
    """Return (B, A): B of shape (d_out, r) and A of shape (r, d_in)
    whose product B @ A is the best rank-r approximation of delta.

    delta: (d_out, d_in), a real matrix.
    r: an int with 1 <= r <= min(d_out, d_in); raise ValueError
       otherwise.

    When delta has rank below r, B @ A equals delta (some of the r
    directions then carry singular value 0). When the best rank-r
    approximation is not unique (s_r == s_(r+1)), any of them is
    accepted.
    """
    raise NotImplementedError
