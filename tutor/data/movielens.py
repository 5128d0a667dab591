"""MovieLens ratings: read rating files into a dense (R, mask) pair; fetch, check and keep a copy.

Two formats are understood, chosen by the file's name:

- ``u.data`` (MovieLens 100K): tab-separated ``user item rating timestamp``, no header;
- ``ratings.csv`` (MovieLens latest and 25M): comma-separated with the header
  ``userId,movieId,rating,timestamp``.

Any other name is read by content: a first line equal to that header means CSV, otherwise the
tab-separated format. Every problem names the file and line.

The ALS lesson uses MovieLens latest-small, which may not be shipped: `fetch` downloads it (or
`import_file` takes a zip or ratings.csv already on disk), `check_ratings` checks its MD5 and
size, and a copy that checks out is kept in the user data folder (`ratings_path`), written
atomically. `is_present`, `load` and `split` are what the lesson and the bench use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tutor.core.fsutil import atomic_write

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
        raise RatingsFileError(f"{path}: no such file; download MovieLens from "
                               "https://grouplens.org/datasets/movielens/ and pass the path of u.data (100K) "
                               "or ratings.csv (latest-small)") from None
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
            raise RatingsFileError(f"{path}:1: expected the header {','.join(CSV_HEADER)}, "
                                   f"got {lines[0].strip()[:60]!r}" if lines else f"{path}: the file is empty")
        users, items, ratings = _parse(path, lines, ",", 1)
    else:
        users, items, ratings = _parse(path, lines, "\t", 0)
    if not ratings:
        raise RatingsFileError(f"{path}: holds no ratings")
    user_ids, rows = np.unique(np.array(users), return_inverse=True)
    item_ids, cols = np.unique(np.array(items), return_inverse=True)
    if user_ids.size * item_ids.size > MAX_ENTRIES:
        raise RatingsFileError(f"{path}: {user_ids.size} users x {item_ids.size} items is too large for a dense "
                               "matrix; use MovieLens 100K (u.data) or latest-small (ratings.csv)")
    # A repeated (user, item) pair keeps its last line: find the last occurrence of each pair.
    flat = rows * item_ids.size + cols
    _, last_from_end = np.unique(flat[::-1], return_index=True)
    keep = flat.size - 1 - last_from_end
    R = np.zeros((user_ids.size, item_ids.size))
    mask = np.zeros(R.shape, dtype=bool)
    R[rows[keep], cols[keep]] = np.array(ratings)[keep]
    mask[rows[keep], cols[keep]] = True
    return Ratings(R, mask, user_ids, item_ids)


# -- the stored copy: download, import, check, keep ---------------------------------------------

@dataclass(frozen=True)
class Release:
    """A MovieLens release the tutor knows how to fetch and check."""

    name: str
    title: str
    url: str
    md5: str
    """The MD5 of its ratings.csv."""
    ratings: int
    """How many ratings its ratings.csv holds."""


LATEST_SMALL = Release(
    name="ml-latest-small",
    title="MovieLens latest-small",
    url="https://files.grouplens.org/datasets/movielens/ml-latest-small.zip",
    md5="325a6f09399d1c45671f187505e1a100",
    ratings=100_836,
)
"""The release the ALS lesson uses (610 users, 9,724 movies). GroupLens' licence allows research
and teaching use but not redistribution, so it is downloaded on the learner's request."""

MAX_DOWNLOAD_BYTES = 64 << 20
"""The largest download or file accepted (ml-latest-small's zip is under 1 MB)."""
DATA_ENV = "LATENT_TUTOR_DATA"
"""An environment variable naming another data folder (tests use it)."""


class DataError(Exception):
    """A download or import that failed or did not check out; the message says why."""


class DownloadError(DataError):
    """The address could not be reached or the transfer broke off (as opposed to a file that
    arrived and did not check out)."""


def data_home() -> Path:
    """The folder the tutor keeps downloaded data in: $LATENT_TUTOR_DATA, else the user data
    folder of platformdirs (``~/.local/share/latent-tutor`` on Linux)."""
    import os

    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    from platformdirs import user_data_path

    return user_data_path("latent-tutor", appauthor=False)


def ratings_path(release: Release | None = None) -> Path:
    """Where the checked ratings.csv of ``release`` (default ml-latest-small) is kept."""
    return data_home() / "movielens" / (release or LATEST_SMALL).name / "ratings.csv"


def is_present(release: Release | None = None) -> bool:
    """Whether a copy of the release's ratings is kept (it was checked when it was stored)."""
    return ratings_path(release).is_file()


@dataclass(frozen=True)
class Summary:
    """What a checked ratings.csv holds."""

    ratings: int
    users: int
    items: int


def check_ratings(data: bytes, release: Release | None = None) -> Summary:
    """Check ratings.csv bytes against ``release``: header, MD5 and number of ratings.

    Raises `DataError` naming what does not match.
    """
    import hashlib

    release = release or LATEST_SMALL
    first_line = data.split(b"\n", 1)[0].strip().decode("utf-8", "replace")
    if first_line.split(",") != CSV_HEADER:
        raise DataError(f"this is not a MovieLens ratings.csv: its first line is {first_line[:60]!r}, "
                        f"expected {','.join(CSV_HEADER)}")
    rows = [line for line in data.split(b"\n")[1:] if line.strip()]
    digest = hashlib.md5(data).hexdigest()
    if digest != release.md5 or len(rows) != release.ratings:
        raise DataError(f"ratings.csv does not check out: MD5 {digest} with {len(rows):,} ratings, expected "
                        f"{release.md5} with {release.ratings:,} ({release.title}). The file is damaged, cut "
                        "short or another release; nothing was saved")
    users = {row.split(b",", 1)[0] for row in rows}
    items = {row.split(b",", 2)[1] for row in rows}
    return Summary(len(rows), len(users), len(items))


def _ratings_from(raw: bytes, source: str) -> bytes:
    """The ratings.csv inside a zip (any folder), or the bytes themselves when they are a CSV."""
    import io
    import zipfile

    if not raw.startswith(b"PK"):
        return raw
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [info for info in archive.infolist() if info.filename.rsplit("/", 1)[-1] == "ratings.csv"]
            if not members:
                raise DataError(f"{source}: the zip holds no ratings.csv")
            if members[0].file_size > MAX_DOWNLOAD_BYTES:
                raise DataError(f"{source}: its ratings.csv is {members[0].file_size:,} bytes, "
                                "far larger than expected")
            return archive.read(members[0])
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise DataError(f"{source}: not a readable zip ({exc}); nothing was saved") from None


def import_file(path: str | Path, release: Release | None = None) -> tuple[Path, Summary]:
    """Check and keep the ratings from a zip, a ratings.csv, or a folder holding ratings.csv.

    Returns where they are kept and what they hold; raises `DataError` (nothing is written) when
    the file is missing, unreadable or does not check out.
    """
    release = release or LATEST_SMALL
    path = Path(path).expanduser()
    if path.is_dir():
        path = path / "ratings.csv"
    try:
        if path.stat().st_size > MAX_DOWNLOAD_BYTES:
            raise DataError(f"{path}: {path.stat().st_size:,} bytes is far larger than {release.title}")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror}") from None
    data = _ratings_from(raw, str(path))
    summary = check_ratings(data, release)
    target = ratings_path(release)
    atomic_write(target, data)
    return target, summary


def fetch(url: str | None = None, release: Release | None = None,
          progress: Callable[[int, int | None], None] | None = None, timeout: float = 60.0) -> tuple[Path, Summary]:
    """Download ``url`` (default: the release's GroupLens address), check it and keep it.

    ``progress(done_bytes, total_bytes_or_None)`` is called as the download goes. The download
    goes to a temporary file that is always removed; the kept copy is replaced only by a file
    that checks out, with a rename, so an interrupted or failed fetch leaves nothing behind and
    an earlier good copy untouched. Raises `DataError` with the reason.
    """
    import http.client
    import tempfile
    import urllib.error
    import urllib.request

    release = release or LATEST_SMALL
    url = url or release.url
    target = ratings_path(release)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".download-", suffix=".part")
    try:
        with open(handle, "wb") as out:
            request = urllib.request.Request(url, headers={"User-Agent": "latent-tutor"})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                length = response.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
                if total is not None and total > MAX_DOWNLOAD_BYTES:
                    raise DataError(f"{url}: {total:,} bytes is far larger than {release.title}")
                done = 0
                if progress:
                    progress(done, total)
                while chunk := response.read(1 << 16):
                    done += len(chunk)
                    if done > MAX_DOWNLOAD_BYTES:
                        raise DataError(f"{url}: more than {MAX_DOWNLOAD_BYTES:,} bytes, "
                                        f"far larger than {release.title}")
                    out.write(chunk)
                    if progress:
                        progress(done, total)
                if total is not None and done != total:
                    raise DownloadError(f"{url}: the download stopped after {done:,} of {total:,} bytes; "
                                        "nothing was saved")
        raw = Path(temp).read_bytes()
        data = _ratings_from(raw, url)
        summary = check_ratings(data, release)
        atomic_write(target, data)
        return target, summary
    except http.client.IncompleteRead as exc:
        raise DownloadError(f"{url}: the download stopped after {len(exc.partial):,} bytes of the last part; "
                            "nothing was saved") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DownloadError(f"could not download {url}: {reason}; nothing was saved") from None
    finally:
        Path(temp).unlink(missing_ok=True)


def stored_summary(release: Release | None = None) -> tuple[Summary | None, str | None]:
    """(what the kept copy holds, None), or (None, why it is missing or does not check out)."""
    path = ratings_path(release)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, "not present"
    except OSError as exc:
        return None, f"cannot read {path}: {exc.strerror}"
    try:
        return check_ratings(data, release), None
    except DataError as exc:
        return None, str(exc).replace("; nothing was saved", "")


def load(release: Release | None = None) -> Ratings:
    """The kept ratings as dense arrays (`Ratings`); `RatingsFileError` when they are missing."""
    path = ratings_path(release)
    if not path.is_file():
        raise RatingsFileError(f"{path}: no MovieLens ratings are kept yet; run `latent-tutor data fetch movielens`")
    return load_movielens(path)


def split(ratings: Ratings, holdout: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A random split of the observed ratings: ``(train_mask, test_mask)``, ``holdout`` of them
    (default 20%) in the test mask, chosen with ``seed``."""
    from tutor.data.synthetic import split_ratings

    return split_ratings(ratings.mask, holdout=holdout, seed=seed)
