"""The learner process: confine itself, then load the learner's file and serve calls.

It runs forked from the zygote (`tutor.core.zygote`), PID 1 of its own namespaces. First it
applies every isolation layer (`tutor.core.confine.confine`), closes every descriptor but its
pipes, and reports the layers it holds: ``{"status": "ready", "layers": [...]}``. Only then does
any learner code reach it, in a load request::

    {"op": "load", "source": str, "display_path": str, "files": {name: source},
     "limits": {...}, "poll": float}

It writes the learner's file (and the earlier files the exercise uses) into its run folder,
lowers its resource limits to the exercise's, runs the file and answers ``loaded`` with the names
it defines (or ``syntax`` / ``raised``). Then it serves ``{"call": name, "args": [...],
"kwargs": {...}}`` requests with ``ok`` / ``raised`` / ``badtype`` replies until its request pipe
closes. It never sees expected values and never judges anything: the trusted grader does, with
the plain data it gets back (see `tutor.core.codec`).
"""

from __future__ import annotations

import builtins
import linecache
import os
import select
import signal
import sys
import time
import traceback
from itertools import pairwise
from typing import Any, NoReturn

from tutor.core import codec, confine, framing, isolation
from tutor.core.launch import RUN_FOLDER

MAX_MESSAGE = 2000
"""Characters of a learner exception's message kept (the grader trims again, on its side)."""
REQUEST_LIMIT = 512 * 1024 * 1024
"""Largest request the learner process reads (inputs come from the trusted checks)."""


def send(fd: int, message: dict[str, Any]) -> None:
    try:
        parts = codec.encode_parts(message)
    except codec.EncodeError as exc:
        parts = codec.encode_parts({"status": "badtype", "type": str(exc)})
    framing.write_parts(fd, parts)


def receive(fd: int) -> Any:
    return codec.decode(framing.read_frame(fd, REQUEST_LIMIT))


def _exception_message(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # a learner's exception whose __str__ itself fails
        text = "<unprintable exception>"
    return text[:MAX_MESSAGE]


def _trimmed_traceback(exc: BaseException, display_path: str) -> str:
    """The traceback with only the frames in the learner's own files, then the exception line."""
    try:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename == display_path or f.filename.startswith(RUN_FOLDER + "/")]
        lines = ["Traceback (most recent call last):\n"] if frames else []
        lines += traceback.format_list(frames)
        lines += traceback.format_exception_only(type(exc), exc)
    except Exception:
        lines = [f"{type(exc).__name__}: <unprintable exception>\n"]
    return "".join(lines)[-4 * MAX_MESSAGE:]


def raised(exc: BaseException, display_path: str) -> dict[str, Any]:
    return {
        "status": "raised",
        "types": [cls.__name__ for cls in type(exc).__mro__][:16],
        "message": _exception_message(exc),
        "traceback": _trimmed_traceback(exc, display_path),
    }


def _load(source: str, display_path: str, folder: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Compile and run the learner's file; return its namespace and the report to send."""
    source = source.removeprefix("\ufeff")  # a byte-order mark, as some editors save it
    base = os.path.basename(display_path)  # os.path: pathlib's first use costs a fresh process 0.1 ms
    namespace: dict[str, Any] = {"__name__": os.path.splitext(base)[0], "__file__": os.path.join(folder, base),
                                 "__builtins__": builtins}
    lines = source.splitlines(keepends=True)
    linecache.cache[display_path] = (len(source), None, lines, display_path)
    try:
        code = compile(source, display_path, "exec")
    except SyntaxError as exc:
        return namespace, {
            "status": "syntax",
            "line": exc.lineno or 0,
            "offset": exc.offset or 0,
            "text": (exc.text or "").rstrip("\n")[:200],
            "msg": str(exc.msg)[:MAX_MESSAGE],
        }
    except (ValueError, MemoryError, RecursionError) as exc:  # null bytes, absurd nesting
        return namespace, raised(exc, display_path)
    try:
        exec(code, namespace)
    except BaseException as exc:  # the learner's module body failed: report, do not judge
        return namespace, raised(exc, display_path)
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


def _standard_streams(out_fd: int) -> None:
    """stdin from /dev/null, stdout and stderr into the output pipe. (The zygote's own standard
    descriptors are /dev/null, so every inherited descriptor worth keeping is above 2.)"""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out_fd, 1)
    os.dup2(out_fd, 2)
    os.close(null)


def _close_others(keep: set[int]) -> None:
    """Close every descriptor but ``keep``: the zygote's O_PATH handles, anything inherited."""
    ordered = sorted(keep)
    for low, high in pairwise([-1, *ordered, 65536]):
        if low + 1 < high:  # closerange(n, n) would become close_range(n, ~0): everything
            os.closerange(low + 1, high)


def learner_main(plan: isolation.Plan, namespaces: set[str], host_folder: str | None, request: dict[str, Any],
                 req_fd: int, resp_fd: int, out_fd: int, *, keeper: int) -> NoReturn:
    """Confine this process, report, load the learner's file and serve calls (never returns)."""
    try:
        if keeper:
            confine.die_with_parent(keeper)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _standard_streams(out_fd)
        layers = confine.confine(plan, namespaces, host_folder, run_mb=int(request["run_mb"]),
                                   max_files=int(request["max_files"]))
        if keeper and "uid" in layers.held:
            confine.die_with_parent(keeper)  # a change of user clears the setting: set it again
        _close_others({0, 1, 2, req_fd, resp_fd})
        folder = os.getcwd()
        # Text streams over descriptors 0-2 for the rest of this process's life, hence no `with`.
        sys.stdin = open(0, closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace",  # noqa: SIM115
                          closefd=False)
        sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="backslashreplace",  # noqa: SIM115
                          closefd=False)
        # Learner code that writes to sys.__stdout__ must reach the same pipe (typeshed declares
        # the __std*__ names Final: replacing them is the point here, hence setattr).
        for name, stream in (("__stdin__", sys.stdin), ("__stdout__", sys.stdout), ("__stderr__", sys.stderr)):
            setattr(sys, name, stream)
        from tutor.core.launch import learner_environment

        os.environ.clear()
        os.environ.update({**learner_environment(), "HOME": folder, "TMPDIR": folder})
        sys.path[:] = [folder if p == RUN_FOLDER else p for p in plan.python_path]
        sys.path_importer_cache.clear()
        confine.install_seccomp(plan, layers)
    except BaseException as exc:
        try:
            send(resp_fd, {"status": "setup",
                           "message": f"could not isolate the learner process: {type(exc).__name__}: {exc}"})
        finally:
            os._exit(70)
    _move_away_from(request.get("away_from", -1))
    if request.get("warm"):
        _warm_up()
    send(resp_fd, {"status": "ready", "layers": sorted(layers.held), "notes": layers.notes})
    _serve(req_fd, resp_fd, folder)


def _warm_up() -> None:
    """Before any learner code arrives, run once what nearly every check makes the learner
    process do: NumPy's linear algebra, the codec both ways, an exception and its traceback.
    A fresh fork pays for these the first time (pages copied from the zygote, libraries set
    up); on standby, that cost is paid while nobody waits."""
    try:
        import numpy as np

        A = np.linspace(-1.0, 1.0, 30).reshape(6, 5)
        np.linalg.svd(A, full_matrices=False)
        np.linalg.svd(A, compute_uv=False)
        np.linalg.qr(A)
        np.linalg.lstsq(A, np.ones(6), rcond=None)
        S = A.T @ A + np.eye(5)
        np.linalg.eigh(S)
        np.linalg.solve(S, np.ones(5))
        np.exp(A - A.max(axis=1, keepdims=True)).sum(axis=-1)
        np.random.default_rng(0).standard_normal((3, 3))
        codec.decode(codec.encode({"status": "ok", "value": (A, 1, 2.0, [True])}))
        try:
            raise ValueError("warm-up")
        except ValueError as exc:
            raised(exc, "<warm-up>")
    except Exception:
        pass  # only ever a head start


def _move_away_from(cpu: Any) -> None:
    """Run on any CPU but the grader's, so that both can poll at once (see `tutor.core.engine`)."""
    if not isinstance(cpu, int) or cpu < 0:
        return
    try:
        others = os.sched_getaffinity(0) - {cpu}
        if others:
            os.sched_setaffinity(0, others)
    except OSError:
        pass


def _move_to(cpu: Any) -> None:
    """Run on the grader's CPU: where neither end polls, each runs while the other waits, and
    handing over on one CPU costs no cross-CPU wake-up (see `tutor.core.engine`)."""
    if not isinstance(cpu, int) or cpu < 0:
        return
    try:
        if cpu in os.sched_getaffinity(0):
            os.sched_setaffinity(0, {cpu})
    except OSError:
        pass


def _write_files(folder: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        if "/" in name or name.startswith("."):
            continue
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)


def _serve(req_fd: int, resp_fd: int, folder: str) -> NoReturn:
    try:
        load = receive(req_fd)
    except (EOFError, framing.FrameError, codec.DecodeError):
        os._exit(0)
    limits = load["limits"]
    display_path = str(load["display_path"])
    try:
        _write_files(folder, {**dict(load.get("files", {})), os.path.basename(display_path): str(load["source"])})
        confine.exercise_limits(int(limits["cpu_seconds"]), int(limits["memory_mb"]), int(limits["file_mb"]))
    except (OSError, ValueError, KeyError) as exc:
        send(resp_fd, {"status": "setup", "message": f"could not prepare the run folder: {exc}"})
        os._exit(70)
    namespace, report = _load(str(load["source"]), display_path, folder)
    _flush()
    send(resp_fd, report)
    if report["status"] != "loaded":
        os._exit(0)
    poll = float(load.get("poll", 0.0))
    _move_away_from(load.get("away_from", -1))
    _move_to(load.get("on_cpu", -1))
    while True:
        _await_request(req_fd, poll)
        try:
            request = receive(req_fd)
        except (EOFError, framing.FrameError, codec.DecodeError):
            os._exit(0)
        function = namespace.get(request["call"])
        try:
            if not callable(function):
                raise NameError(f"no function {request['call']!r}")
            value = function(*request["args"], **request["kwargs"])
            message = {"status": "ok", "value": value}
        except BaseException as exc:  # any learner failure, SystemExit included, is data
            message = raised(exc, display_path)
        _flush()
        send(resp_fd, message)
