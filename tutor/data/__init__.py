"""Rating data and reference algorithms for the ALS lesson (no Textual here).

- `synthetic_ratings` plants a known low-rank structure (optionally with user and item
  biases) and `split_ratings` holds out a share of the observed entries;
- `movielens` fetches, checks and keeps MovieLens latest-small on the learner's request (its
  licence does not allow shipping it) and reads rating files (`load_movielens`);
- `factorize` holds the trusted reference algorithms (baseline predictors, plain and biased
  ALS, item-mean imputation with a truncated SVD) used by checks, the lesson and the bench;
- `ridge_rows` is the obvious per-row ridge solve that checks compare half-steps with.
"""

from tutor.data.movielens import Ratings, RatingsFileError, load_movielens
from tutor.data.ridge import ridge_rows
from tutor.data.synthetic import split_ratings, synthetic_ratings

__all__ = ["Ratings", "RatingsFileError", "load_movielens", "ridge_rows", "split_ratings", "synthetic_ratings"]
