"""Read MovieLens rating files the learner has downloaded into a dense (R, mask) pair.

Two formats are understood, chosen by the file's name:

- ``u.data`` (MovieLens 100K): tab-separated ``user item rating timestamp``, no header;
- ``ratings.csv`` (MovieLens latest and 25M): comma-separated with the header
  ``userId,movieId,rating,timestamp``.

Any other name is read by content: a first line equal to that header means CSV, otherwise the
tab-separated format. Every problem names the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

CSV_HEADER = ["userId", "movieId", "rating", "timestamp"]
MAX_ENTRIES = 200_000_000
"""The largest users x items matrix built densely (1.6 GB of float64)."""


class RatingsFileError(ValueError):
    """A ratings file that is missing or malformed; the message names the file and line."""


@dataclass(frozen=True)
class Ratings:
    """Ratings as a dense matrix: ``R[i, j]`` is user ``user_ids[i]``'s rating of ``item_ids[j]``."""

    R: np.ndarray
    """(users, items) float array; 0.0 where nothing was rated."""
    mask: np.ndarray
    """(users, items) boolean array, True where a rating exists."""
    user_ids: np.ndarray
    """The file's user id of each row, in increasing order."""
    item_ids: np.ndarray
    """The file's item (movie) id of each column, in increasing order."""

    def user_index(self, user_id: int) -> int:
        """The row of a user id from the file."""
        return _index(self.user_ids, user_id, "user")

    def item_index(self, item_id: int) -> int:
        """The column of an item id from the file."""
        return _index(self.item_ids, item_id, "item")


def _index(ids: np.ndarray, value: int, kind: str) -> int:
    at = int(np.searchsorted(ids, value))
    if at == ids.size or ids[at] != value:
        raise KeyError(f"no {kind} with id {value}")
    return at


def _parse(path: Path, lines: list[str], sep: str, first: int) -> tuple[list[int], list[int], list[float]]:
    users, items, ratings = [], [], []
    label = "tab" if sep == "\t" else "comma"
    for number, line in enumerate(lines[first:], first + 1):
        if not line.strip():
            continue
        fields = line.rstrip("\r\n").split(sep)
        if len(fields) != 4:
            raise RatingsFileError(f"{path}:{number}: expected 4 {label}-separated fields "
                                   f"(user, item, rating, timestamp), got {len(fields)}: {line.strip()[:60]!r}")
        try:
            user, item, rating = int(fields[0]), int(fields[1]), float(fields[2])
        except ValueError:
            raise RatingsFileError(f"{path}:{number}: user and item must be whole numbers and the rating a number, "
                                   f"got {line.strip()[:60]!r}") from None
        if not np.isfinite(rating):
            raise RatingsFileError(f"{path}:{number}: the rating {fields[2]!r} is not a finite number")
        users.append(user)
        items.append(item)
        ratings.append(rating)
    return users, items, ratings


def load_movielens(path: str | Path) -> Ratings:
    """Read ``u.data`` or ``ratings.csv`` at ``path`` into a `Ratings`.

    Rows are users and columns items, both in increasing order of their ids; a repeated
    (user, item) pair keeps the rating on its last line. Raises `RatingsFileError` for a missing,
    unreadable or malformed file, naming the file (and the line).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RatingsFileError(f"{path}: no such file; download MovieLens from https://grouplens.org/datasets/movielens/ "
                               "and pass the path of u.data (100K) or ratings.csv (latest-small)") from None
    except IsADirectoryError:
        raise RatingsFileError(f"{path}: is a folder; pass the u.data or ratings.csv file inside it") from None
    except UnicodeDecodeError as exc:
        raise RatingsFileError(f"{path}: not a text file ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise RatingsFileError(f"{path}: cannot read: {exc.strerror}") from None
    lines = text.splitlines()
    header = lines[0].strip().split(",") if lines else []
    if path.name == "ratings.csv" or header == CSV_HEADER:
        if header != CSV_HEADER:
            raise RatingsFileError(f"{path}:1: expected the header {','.join(CSV_HEADER)}, got {lines[0].strip()[:60]!r}"
                                   if lines else f"{path}: the file is empty")
        users, items, ratings = _parse(path, lines, ",", 1)
    else:
        users, items, ratings = _parse(path, lines, "\t", 0)
    if not ratings:
        raise RatingsFileError(f"{path}: holds no ratings")
    user_ids, rows = np.unique(np.array(users), return_inverse=True)
    item_ids, cols = np.unique(np.array(items), return_inverse=True)
    if user_ids.size * item_ids.size > MAX_ENTRIES:
        raise RatingsFileError(f"{path}: {user_ids.size} users x {item_ids.size} items is too large for a dense matrix; "
                               "use MovieLens 100K (u.data) or latest-small (ratings.csv)")
    # A repeated (user, item) pair keeps its last line: find the last occurrence of each pair.
    flat = rows * item_ids.size + cols
    _, last_from_end = np.unique(flat[::-1], return_index=True)
    keep = flat.size - 1 - last_from_end
    R = np.zeros((user_ids.size, item_ids.size))
    mask = np.zeros(R.shape, dtype=bool)
    R[rows[keep], cols[keep]] = np.array(ratings)[keep]
    mask[rows[keep], cols[keep]] = True
    return Ratings(R, mask, user_ids, item_ids)
