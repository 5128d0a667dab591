"""Reference algorithms, trusted and plainly written, that check modules, lessons and benchmarks
compare learners' answers with: the per-row ridge solve of an ALS half-step (`ridge_rows`) and
the factorizations of the ALS lesson (`factorize`: baseline predictors, plain and biased ALS,
item-mean imputation with a truncated SVD). No Textual here; packs may import them.
"""

from tutor.reference.ridge import ridge_rows

__all__ = ["ridge_rows"]
