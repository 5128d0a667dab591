"""Exercise normalize-columns: scale each column of a matrix to unit length.

This is the learner's starting file (the stub). It must fail every check: `pack validate`
makes sure it does. Describe the task in the docstrings; learners read this file first.
"""

import numpy as np


def normalize_columns(A):
    """Return A with each column divided by its Euclidean norm.

    A: a 2-D array of shape (m, n) (floats; integers are fine too).

    Returns a float array of the same shape whose non-zero columns have norm 1 and point the
    same way as in A. A column of zeros stays a column of zeros (never NaN).
    """
    raise NotImplementedError
