"""Length-prefixed frames: one u64 length, then that many bytes. The one framing every pipe of
the tutor uses (grader and learner process, app and grading service).

A reader names the largest frame it accepts, and a larger length is refused before anything is
allocated for it: the length comes from the other end, which may be learner code.
"""

from __future__ import annotations

import os
import struct

HEADER = struct.Struct("<Q")
MAX_FRAME = 128 * 1024 * 1024
"""The default cap: far above any honest reply (a 512 x 512 float image is 2 MiB)."""


class FrameError(ValueError):
    """The other end sent a frame larger than the reader accepts."""


def pack(payload: bytes) -> bytes:
    return HEADER.pack(len(payload)) + payload


def write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_frame(fd: int, payload: bytes) -> None:
    write_all(fd, pack(payload))


COALESCE = 256 * 1024
"""Parts smaller than this are joined before they are written: one write, so the reader wakes
once for a small frame; larger ones (big arrays) are written from where they lie."""


def write_parts(fd: int, parts: list[bytes | memoryview]) -> None:
    """One frame whose payload is ``parts`` joined, without copying the large parts."""
    sizes = [len(p) if isinstance(p, bytes) else p.nbytes for p in parts]
    pending = bytearray(HEADER.pack(sum(sizes)))
    for part, size in zip(parts, sizes, strict=True):
        if size < COALESCE:
            pending += part
            continue
        if pending:
            write_all(fd, pending)
            pending = bytearray()
        write_all(fd, part)
    if pending:
        write_all(fd, pending)


def read_exact(fd: int, n: int) -> bytes:
    """Exactly ``n`` bytes from a blocking descriptor; EOFError if it closes first."""
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, limit: int = MAX_FRAME) -> bytes:
    """One frame from a blocking descriptor. EOFError at end of stream, FrameError if too large."""
    (length,) = HEADER.unpack(read_exact(fd, HEADER.size))
    if length > limit:
        raise FrameError(f"a frame of {length} bytes (the limit is {limit})")
    return read_exact(fd, length)


READ_SMALL = 64 * 1024
"""What a reader asks for while a frame's length is unknown, or when little of it remains."""
READ_LARGE = 1024 * 1024
"""The most it asks for at once. Asking for more than arrives is not free: ``os.read(fd, n)``
allocates n bytes first (a 1 MiB read of a 300-byte reply costs some 20 us more than a 64 KiB
one, on every call of a check)."""


class FrameBuffer:
    """Frames from bytes that arrive in pieces (a non-blocking reader with its own deadlines)."""

    def __init__(self, limit: int = MAX_FRAME) -> None:
        self.limit = limit
        self._data = bytearray()

    def read_size(self) -> int:
        """How many bytes to ask the descriptor for next: what the frame in progress still
        needs, at least `READ_SMALL` and at most `READ_LARGE`."""
        if len(self._data) < HEADER.size:
            return READ_SMALL
        length: int = HEADER.unpack_from(self._data)[0]
        return min(max(HEADER.size + length - len(self._data), READ_SMALL), READ_LARGE)

    def feed(self, chunk: bytes) -> None:
        self._data += chunk
        if len(self._data) >= HEADER.size:
            (length,) = HEADER.unpack_from(self._data)
            if length > self.limit:
                raise FrameError(f"a frame of {length} bytes (the limit is {self.limit})")

    def head(self, n: int) -> tuple[bytes, int] | None:
        """The first ``n`` bytes of the frame in progress and its length, once they are here
        (so a reader can refuse the frame before the rest arrives)."""
        if len(self._data) < HEADER.size + n:
            return None
        (length,) = HEADER.unpack_from(self._data)
        return bytes(self._data[HEADER.size:HEADER.size + n]), length

    def take(self) -> bytes | None:
        """The next complete frame's payload, or None."""
        if len(self._data) < HEADER.size:
            return None
        (length,) = HEADER.unpack_from(self._data)
        end = HEADER.size + length
        if len(self._data) < end:
            return None
        payload = bytes(self._data[HEADER.size:end])
        del self._data[:end]
        return payload
