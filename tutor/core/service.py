"""The grading service: a separate, warm process that grades on the app's request.

The app starts one at launch (`GradingService.start`) and sends it requests; the service is the
trusted process that runs checks, with its own zygote for the isolated learner processes.
Keeping it apart from the app means the app never forks while its threads run, and a broken
check module cannot take the UI down. Requests and replies are `tutor.core.codec` frames on the
service's stdin and a private copy of its stdout (its real stdout points at stderr, so stray
prints cannot corrupt the channel). It starts with ``python -I``: no working directory on
``sys.path``, no PYTHON* variables, so nothing planted where the app was started can run.

Requests:
- ``{"op": "grade", "pack": root, "exercise": id, "file": path, "seed": int}`` -> the result as
  `ExerciseResult.to_json(arrays=True)` (with the failed comparisons' arrays, for drawing);
- ``{"op": "call", "pack": root, "exercise": id, "file": path, "function": name, "args": [...],
  "kwargs": {...}}`` -> the learner function's value, under the exercise's limits;
- ``{"op": "ping"}`` -> ``{"pid": int, "rss_kb": int}``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from tutor.core import codec, framing  # the package pins BLAS to one thread before NumPy loads
from tutor.core.results import ExerciseResult

BOOT = ("import json, sys; sys.path[:0] = json.loads(sys.argv[1]); "
        "from tutor.core.service import serve; serve()")


class ServiceError(RuntimeError):
    """The grading service could not answer (it died, or the request was malformed)."""


def _send(fd: int, message: Any) -> None:
    framing.write_frame(fd, codec.encode(message))


def _receive(fd: int) -> Any:
    return codec.decode(framing.read_frame(fd))


# -- the service process ------------------------------------------------------------------

def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


_packs: dict[str, tuple[int, Any]] = {}


def _load_pack(root: str) -> Any:
    """The pack at ``root``, read again only when its manifest changes (parsing it and checking
    every file it names costs milliseconds, on every request otherwise)."""
    from tutor.core.manifest import MANIFEST, load_pack

    try:
        stamp = Path(root, MANIFEST).stat().st_mtime_ns
    except OSError:
        stamp = -1
    cached = _packs.get(root)
    if cached is None or cached[0] != stamp:
        cached = _packs[root] = (stamp, load_pack(root))
    return cached[1]


def handle(request: dict[str, Any]) -> Any:
    """Answer one request (in the service process)."""
    from tutor.core.grading import grade_file

    op = request.get("op")
    if op == "ping":
        return {"pid": os.getpid(), "rss_kb": _rss_kb()}
    pack = _load_pack(request["pack"])
    exercise = pack.exercise(request["exercise"])
    if exercise is None:
        raise ServiceError(f"no exercise {request['exercise']!r} in {request['pack']}")
    path = Path(request["file"])
    if op == "grade":
        return grade_file(exercise, path, seed=int(request.get("seed", 0))).to_json(arrays=True)
    if op == "call":
        from tutor.core.engine import LearnerProcess
        from tutor.core.grading import companion_files
        from tutor.core.results import LearnerProblem

        process = LearnerProcess(path.read_text(encoding="utf-8-sig"), str(path), exercise.limits,
                                 companion_files(exercise, path))
        try:
            process.start(exercise.limits.call_timeout)
            if request["function"] not in process.names:
                return {"problem": "missing", "message": f"your file defines no function {request['function']}()"}
            value = process.call(request["function"], tuple(request.get("args", ())), request.get("kwargs", {}),
                                 exercise.limits.call_timeout)
            return {"value": value}
        except LearnerProblem as problem:
            return {"problem": str(problem.verdict), "message": problem.message}
        finally:
            process.close()
    raise ServiceError(f"unknown request {op!r}")


def serve() -> None:
    """The service's main loop: one request in, one reply out, until stdin closes."""
    import tutor.core.grading  # noqa: F401  (warm)
    from tutor.core.model import Limits
    from tutor.core.standby import prepare_standby

    prepare_standby(Limits())  # a learner process gets ready while the first request is on its way

    channel = os.dup(1)
    os.dup2(2, 1)  # stray prints go to stderr, never into the reply channel
    while True:
        try:
            request = _receive(0)
        except EOFError:
            return
        try:
            reply = {"ok": handle(request)}
        except Exception as exc:  # reported to the client, the service stays up
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        try:
            _send(channel, reply)
        except codec.EncodeError as exc:
            _send(channel, {"error": f"reply could not be encoded: {exc}"})
        _ready_for_next(request)


def _ready_for_next(request: Any) -> None:
    """Once a reply is sent, have the next learner process made while the app is quiet."""
    from tutor.core.standby import prepare_standby

    if isinstance(request, dict) and request.get("op") in ("grade", "call"):
        try:
            exercise = _load_pack(request["pack"]).exercise(request["exercise"])
        except Exception:  # the request's own reply has said what was wrong with it
            return
        if exercise is not None:
            prepare_standby(exercise.limits)


# -- the client ---------------------------------------------------------------------------

class GradingService:
    """Client for a grading service process. Thread-safe: one request at a time."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the service process (it loads NumPy in the background)."""
        import numpy

        path = [str(Path(__file__).resolve().parents[2]), str(Path(numpy.__file__).resolve().parents[1])]
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-c", BOOT, json.dumps(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, start_new_session=True, cwd="/",
        )

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def request(self, message: dict[str, Any]) -> Any:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self.start()
            assert self._process and self._process.stdin and self._process.stdout
            try:
                _send(self._process.stdin.fileno(), message)
                reply = _receive(self._process.stdout.fileno())
            except (EOFError, OSError, codec.DecodeError, framing.FrameError) as exc:
                self.close()
                raise ServiceError(f"the grading service stopped unexpectedly ({exc or type(exc).__name__})") from None
        if not isinstance(reply, dict) or not ("ok" in reply or "error" in reply):
            raise ServiceError("the grading service sent a malformed reply")
        if "error" in reply:
            raise ServiceError(str(reply["error"]))
        return reply["ok"]

    def _object(self, message: dict[str, Any]) -> dict[str, Any]:
        reply = self.request(message)
        if not isinstance(reply, dict):
            raise ServiceError("the grading service sent a malformed reply")
        return reply

    def grade(self, pack_root: Path, exercise_id: str, file: Path, seed: int = 0) -> ExerciseResult:
        reply = self._object({"op": "grade", "pack": str(pack_root), "exercise": exercise_id, "file": str(file),
                              "seed": seed})
        return ExerciseResult.from_json(reply)

    def call(self, pack_root: Path, exercise_id: str, file: Path, function: str, *args: Any,
             **kwargs: Any) -> dict[str, Any]:
        """Run one learner function in isolation: ``{"value": ...}`` or ``{"problem": verdict, "message": ...}``."""
        return self._object({"op": "call", "pack": str(pack_root), "exercise": exercise_id, "file": str(file),
                             "function": function, "args": list(args), "kwargs": kwargs})

    def ping(self) -> dict[str, Any]:
        return self._object({"op": "ping"})

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


