"""The learner side of the grading engine: what runs inside the forked, limited child.

The child loads the learner's file and then serves calls: it reads a request frame
``{"call": name, "args": [...], "kwargs": {...}}``, calls the function, and writes back a
response frame. It never sees expected values and never judges anything; the trusted process
does that with the plain data it gets back (see `tutor.core.codec`).
"""

from __future__ import annotations

import builtins
import ctypes
import os
import resource
import select
import signal
import struct
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from tutor.core import codec
from tutor.core.model import Limits

NOBODY = 65534
MAX_MESSAGE = 2000
PR_SET_KEEPCAPS = 8
PR_SET_NO_NEW_PRIVS = 38
CAP_DAC_READ_SEARCH = 2
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


@dataclass(frozen=True)
class ChildSpec:
    """Everything the child needs, fixed before the fork."""

    source: str
    display_path: str
    """The learner file's path as tracebacks show it."""
    import_dir: str | None
    """A folder put first on sys.path, so a learner file can import its sibling files."""
    workdir: str
    limits: Limits
    drop_to_nobody: bool
    poll_window: float = 0.0
    """Seconds to poll for the next request before blocking (see `engine.set_poll_window`)."""


# --- framing, shared with the trusted side -------------------------------------------------

def read_exact(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def send(fd: int, message: dict[str, Any]) -> None:
    try:
        frame = codec.encode(message)
    except codec.EncodeError as exc:
        frame = codec.encode({"status": "badtype", "type": str(exc)})
    write_all(fd, struct.pack("<Q", len(frame)) + frame)


def receive(fd: int) -> Any:
    (length,) = struct.unpack("<Q", read_exact(fd, 8))
    return codec.decode(read_exact(fd, length))


# --- the child -----------------------------------------------------------------------------

def drop_root() -> None:
    """Become `nobody`, keeping only the capability to read files.

    As `nobody` the learner process can signal none of our processes and RLIMIT_NPROC holds
    (the kernel exempts root from it). Reading stays possible, so modules under a root-only
    Python install still import. `no_new_privs` stops a set-uid program from undoing this.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    header = (ctypes.c_uint32 * 2)(_LINUX_CAPABILITY_VERSION_3, 0)
    keep = 1 << CAP_DAC_READ_SEARCH
    data = (ctypes.c_uint32 * 6)(keep, keep, 0, 0, 0, 0)  # effective, permitted, inheritable x 2
    if libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")


def apply_limits(limits: Limits, drop_to_nobody: bool) -> None:
    """Resource limits that the child cannot raise again; drop root first where we have it."""
    if drop_to_nobody:
        drop_root()
    cpu = int(limits.timeout) + 1
    memory = limits.memory_mb * 1024 * 1024
    file_size = limits.file_mb * 1024 * 1024
    for which, value in (
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_AS, (memory, memory)),
        (resource.RLIMIT_FSIZE, (file_size, file_size)),
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_NPROC, (0, 0)),
    ):
        resource.setrlimit(which, value)


def _exception_message(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # a learner's exception whose __str__ itself fails
        text = "<unprintable exception>"
    return text[:MAX_MESSAGE]


def _trimmed_traceback(exc: BaseException, display_path: str) -> str:
    """The traceback with only the frames in the learner's own file, then the exception line."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == display_path]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    lines += traceback.format_list(frames)
    try:
        lines += traceback.format_exception_only(type(exc), exc)
    except Exception:
        lines.append(f"{type(exc).__name__}: <unprintable exception>\n")
    return "".join(lines)[-4 * MAX_MESSAGE :]


def raised(exc: BaseException, display_path: str) -> dict[str, Any]:
    return {
        "status": "raised",
        "types": [cls.__name__ for cls in type(exc).__mro__],
        "message": _exception_message(exc),
        "traceback": _trimmed_traceback(exc, display_path),
    }


def _load(spec: ChildSpec) -> tuple[dict[str, Any], dict[str, Any]]:
    """Compile and run the learner's file; return its namespace and the report to send."""
    namespace: dict[str, Any] = {
        "__name__": Path(spec.display_path).stem,
        "__file__": spec.display_path,
        "__builtins__": builtins,
    }
    try:
        code = compile(spec.source, spec.display_path, "exec")
    except SyntaxError as exc:
        return namespace, {
            "status": "syntax",
            "line": exc.lineno or 0,
            "offset": exc.offset or 0,
            "text": (exc.text or "").rstrip("\n")[:200],
            "msg": exc.msg,
        }
    except (ValueError, MemoryError, RecursionError) as exc:  # null bytes, absurd nesting
        return namespace, raised(exc, spec.display_path)
    try:
        exec(code, namespace)
    except BaseException as exc:  # the learner's module body failed: report, do not judge
        return namespace, raised(exc, spec.display_path)
    names = sorted(k for k, v in namespace.items() if callable(v) and not k.startswith("__"))
    return namespace, {"status": "loaded", "names": names}


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _await_request(fd: int, spin: float) -> None:
    """Poll briefly for the next request before blocking: checks call in quick succession, and
    sleeping in read would add the scheduler's wake-up latency to each call."""
    until = time.monotonic() + spin
    while time.monotonic() < until:
        if select.select([fd], [], [], 0)[0]:
            return


def child_main(spec: ChildSpec, req_fd: int, resp_fd: int, out_fd: int) -> NoReturn:
    """Set up isolation, load the learner's file and serve calls until the request pipe closes."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_fd, 1)
        os.dup2(out_fd, 2)
        keep = sorted({0, 1, 2, req_fd, resp_fd})
        for low, high in zip([-1, *keep], [*keep, 65536]):
            if low + 1 < high:  # closerange(n, n) would become close_range(n, ~0): everything
                os.closerange(low + 1, high)
        # The inherited sys.stdout may not be fd 1 (a test runner's capture, the worker's
        # redirection): bind the standard streams to the descriptors set up above.
        sys.stdin = open(0, "r", closefd=False)
        sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
        sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
        sys.__stdout__, sys.__stderr__, sys.__stdin__ = sys.stdout, sys.stderr, sys.stdin
        os.chdir(spec.workdir)
        os.environ["HOME"] = spec.workdir
        if spec.import_dir:
            sys.path.insert(0, spec.import_dir)
        apply_limits(spec.limits, spec.drop_to_nobody)
    except BaseException as exc:
        send(resp_fd, {"status": "setup", "message": f"could not isolate the learner process: {exc!r}"})
        os._exit(70)

    namespace, report = _load(spec)
    _flush()
    send(resp_fd, report)
    if report["status"] != "loaded":
        os._exit(0)
    while True:
        _await_request(req_fd, spec.poll_window)
        try:
            request = receive(req_fd)
        except EOFError:
            os._exit(0)
        function = namespace.get(request["call"])
        try:
            value = function(*request["args"], **request["kwargs"])
            message = {"status": "ok", "value": value}
        except BaseException as exc:  # any learner failure, SystemExit included, is data
            message = raised(exc, spec.display_path)
        _flush()
        send(resp_fd, message)
