"""Applying the isolation `Plan` (`tutor.core.isolation`), in the order the kernel needs it.

1. `prepare` (in the zygote, once): an ordinary user's zygote takes a user namespace; with the
   seccomp filter it moves to an empty network namespace its learners share; it builds the
   jail template in a private mount namespace.
2. `enter_namespaces` (in the keeper, which forks the learner): a user namespace when still
   needed, then new PID, network and IPC namespaces.
3. `confine` (in the learner process, PID 1 of its namespace): a mount namespace of its own
   holding the jail (read-only binds of the allowed trees, device nodes, a tmpfs run folder with
   a cap on bytes and files; the keeper keeps the real file system, to clean up after); as root,
   the switch to `nobody`; every capability and the bounding set dropped; no_new_privs; Landlock
   on the same allow-list; resource limits; then `install_seccomp`, last.

The learner process reports the `Layers` it holds before any learner code runs.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tutor.core import seccomp
from tutor.core.isolation import (
    FS_ABI1_ALL,
    FS_EXECUTE,
    FS_IOCTL_DEV,
    FS_READ_DIR,
    FS_READ_FILE,
    FS_REFER,
    FS_TRUNCATE,
    FS_WRITE_FILE,
    LANDLOCK_RULE_PATH_BENEATH,
    NET_ALL,
    SCOPE_ALL,
    SYS_LANDLOCK,
    UNPRIVILEGED_UID,
    Plan,
    is_inside,
)
from tutor.core.launch import RUN_FOLDER

# -- kernel constants ----------------------------------------------------------------------

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER = 0x00020000, 0x08000000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
MNT_DETACH = 2
ST_FLAGS_TO_MS = {1: MS_RDONLY, 2: MS_NOSUID, 4: MS_NODEV, 8: MS_NOEXEC, 1024: MS_NOATIME, 2048: MS_NODIRATIME,
                  4096: MS_RELATIME}
"""statvfs f_flag bits -> mount flags: a read-only remount inside a user namespace must repeat
the flags the kernel locked on the original mount."""

PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_SECUREBITS = 1, 24, 28
PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 38, 47, 4
SECURE_ALL_BITS_AND_LOCKS = 0x3F
"""NOROOT, NO_SETUID_FIXUP, KEEP_CAPS_LOCKED and their locks: uid 0 never regains capabilities."""
CAP_LAST_CAP_FILE = "/proc/sys/kernel/cap_last_cap"
_LINUX_CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)
# Typed once here, in the zygote: a learner process calls them without ctypes' per-call setup.
_prctl = _libc.prctl
_prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
_prctl.restype = ctypes.c_int
_CAP_HEADER = (ctypes.c_uint32 * 2)(_LINUX_CAPABILITY_VERSION_3, 0)  # this process
_CAP_EMPTY = (ctypes.c_uint32 * 6)()
_CAP_HELD = (ctypes.c_uint32 * 6)()


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """Be sent ``sig`` when the parent process ends; end now if it already has."""
    _prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)
    # The parent died before the setting took? (PID 1 of a new PID namespace sees its parent,
    # outside the namespace, as 0.)
    if os.getppid() not in (parent, 0):
        os._exit(1)


class LayerError(OSError):
    """A layer the kernel refused; the message says which and why."""


def _check(result: int, what: str) -> int:
    if result < 0:
        errno = ctypes.get_errno()
        raise LayerError(errno, f"{what}: {os.strerror(errno)}")
    return result


# -- step 1: namespaces (in the process that forks the learner) -----------------------------

def _unshare(flags: int, name: str, plan: Plan) -> bool:
    if name in plan.off:
        return False
    return bool(_libc.unshare(flags) == 0)


def enter_namespaces(plan: Plan) -> set[str]:
    """Move this process into new namespaces; its next child is PID 1 of a new PID namespace.
    Returns the names of the namespaces entered."""
    entered = {"user"} if plan.own_user_namespace else set()
    if not plan.root and not plan.own_user_namespace:
        if _own_user_namespace(plan):
            entered.add("user")
        else:
            return entered  # an ordinary user gets no other namespace without a user namespace
    # The zygote's empty network namespace when it made one, else a new one of this process's own.
    if plan.shared_net or _unshare(CLONE_NEWNET, "net", plan):
        entered.add("net")
    for flag, name in ((CLONE_NEWIPC, "ipc"), (CLONE_NEWPID, "pid")):
        if _unshare(flag, name, plan):
            entered.add(name)
    return entered


def _own_user_namespace(plan: Plan) -> bool:
    """Enter a new user namespace in which this process keeps its uid and gid."""
    uid, gid = os.getuid(), os.getgid()
    if not _unshare(CLONE_NEWUSER, "user", plan):
        return False
    try:
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    except OSError:
        return False
    return True


def prepare(plan: Plan, folder: str) -> Plan:
    """In the zygote, once: what every learner process can share. An ordinary user's zygote
    takes a user namespace; with the seccomp filter it moves to an empty network namespace; it
    builds the jail template in ``folder`` inside a private mount namespace, and the Landlock
    ruleset for it. Whatever the kernel refuses is left to each learner process to try."""
    changes: dict[str, Any] = {}
    if not plan.root and "user" not in plan.off and _own_user_namespace(plan):
        changes["own_user_namespace"] = True
    privileged = plan.root or changes.get("own_user_namespace", False)
    if privileged and plan.seccomp_filter is not None and _unshare(CLONE_NEWNET, "net", plan):
        changes["shared_net"] = True
    if privileged and _unshare(CLONE_NEWNS, "mount", plan):
        try:
            _mount(None, "/", None, MS_REC | MS_PRIVATE)
            _mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=4096,mode=0755")
            populate_jail(plan, folder)
            changes["template"] = folder
        except OSError:
            pass
    if changes.get("template"):
        read_dir = FS_READ_FILE | FS_READ_DIR | FS_EXECUTE
        changes["jail_rules"] = tuple((g.fd, read_dir if g.is_dir else FS_READ_FILE | FS_EXECUTE |
                                       (FS_WRITE_FILE if g.writable else 0)) for g in plan.grants)
    plan = replace(plan, **changes)
    prepare_landlock(plan)
    return plan


# -- step 2: confining the learner process ---------------------------------------------------

@dataclass
class Layers:
    """What a learner process holds, reported before any learner code runs."""

    held: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    """Why a layer failed, for the curious (not shown to learners)."""

    def failed(self, name: str, exc: BaseException) -> None:
        self.notes.append(f"{name}: {exc}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    _check(_libc.mount(source.encode() if source else None, target.encode(), fstype.encode() if fstype else None,
                       ctypes.c_ulong(flags), data.encode() if data else None), f"mount {target}")


def _locked_flags(path: str) -> int:
    try:
        flags = os.statvfs(path).f_flag
    except OSError:
        return 0
    return sum(ms for st, ms in ST_FLAGS_TO_MS.items() if flags & st)


def _make_parents(root: str, path: str) -> str:
    target = root + path
    os.makedirs(os.path.dirname(target), exist_ok=True)
    return target


def populate_jail(plan: Plan, root: str) -> None:
    """Fill the empty tmpfs at ``root`` (a folder that holds none of the granted trees) with the
    jail: read-only binds of the granted trees with their holes covered, device nodes, the top
    level symbolic links, and empty folders for the run folder and pivot_root. Then make it all
    read-only. Raises OSError if the kernel refuses a step."""
    holes = set(plan.holes)
    mounted = []
    for grant in sorted(plan.grants, key=lambda g: g.path.count("/")):
        target = _make_parents(root, grant.path)
        if grant.is_dir:
            os.makedirs(target, exist_ok=True)
        elif not os.path.exists(target):
            open(target, "w").close()
        _mount(grant.path, target, None, MS_BIND | MS_REC)
        mounted.append((target, grant))
        for hole in sorted(h for h in holes if is_inside(h, grant.path) and h != grant.path):
            inner = root + hole
            if os.path.isdir(inner):
                _mount("tmpfs", inner, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,nr_inodes=256,mode=0755")
                holes.discard(hole)
    for target, grant in mounted:
        keep = _locked_flags(target) & ~MS_RDONLY
        rdonly = 0 if grant.writable else MS_RDONLY
        _mount(None, target, None, MS_REMOUNT | MS_BIND | rdonly | MS_NOSUID | keep)
    for link, destination in plan.links:
        if not os.path.lexists(root + link):
            os.symlink(destination, root + link)
    os.makedirs(_make_parents(root, RUN_FOLDER), exist_ok=True)
    os.makedirs(root + "/.old", exist_ok=True)
    for hole in plan.holes:
        if os.path.isdir(root + hole) and hole not in holes:
            _mount(None, root + hole, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    _mount(None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def detach(path: str) -> None:
    """Unmount whatever is mounted at ``path`` (lazily), if anything is."""
    _libc.umount2(path.encode(), MNT_DETACH)


def enter_jail(root: str, limits_mb: int, max_files: int, owner: int) -> None:
    """Mount this learner's run folder in the jail at ``root`` and make the jail this mount
    namespace's root; the working folder becomes the run folder."""
    run = root + RUN_FOLDER
    _mount("tmpfs", run, "tmpfs", MS_NOSUID | MS_NODEV, f"size={limits_mb}m,nr_inodes={max_files},mode=0700")
    os.chown(run, owner, owner)
    os.chdir(root)
    _check(_libc.syscall(155 if os.uname().machine == "x86_64" else 41, b".", b".old"), "pivot_root")
    os.chdir("/")
    _check(_libc.umount2(b"/.old", MNT_DETACH), "umount old root")
    os.chdir(RUN_FOLDER)


def build_jail(plan: Plan, staging: str, limits_mb: int, max_files: int, owner: int) -> None:
    """The jail without a template (when the zygote could not make one): built on ``staging``,
    an empty folder, in this mount namespace. Raises OSError if the kernel refuses a step."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", staging, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=4096,mode=0755")
    populate_jail(plan, staging)
    enter_jail(staging, limits_mb, max_files, owner)


def drop_privileges(plan: Plan, layers: Layers, cap_count: int) -> None:
    """Lose every capability for good; as root, become `nobody` first."""
    for cap in range(cap_count):
        _prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    _prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    _prctl(PR_SET_SECUREBITS, SECURE_ALL_BITS_AND_LOCKS, 0, 0, 0)
    if plan.root and "uid" not in plan.off:
        os.setgroups([])
        os.setresgid(UNPRIVILEGED_UID, UNPRIVILEGED_UID, UNPRIVILEGED_UID)
        os.setresuid(UNPRIVILEGED_UID, UNPRIVILEGED_UID, UNPRIVILEGED_UID)
    if os.getuid() != 0 and os.geteuid() != 0:
        layers.held.add("uid")
    if "caps" not in plan.off:
        _check(_libc.capset(_CAP_HEADER, _CAP_EMPTY), "capset")
    if _libc.capget(_CAP_HEADER, _CAP_HELD) == 0 and not any(_CAP_HELD):
        layers.held.add("caps")


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed", ctypes.c_uint64), ("fd", ctypes.c_int32)]


def _fs_rights(abi: int) -> int:
    rights = FS_ABI1_ALL
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


_built_rules: dict[tuple[tuple[int, int], ...], list[_PathBeneath]] = {}


def _structures(rules: tuple[tuple[int, int], ...], handled: int) -> list[_PathBeneath]:
    """The C structures of ``rules``, built once (in the zygote, by `prepare_landlock`)."""
    if rules not in _built_rules:
        _built_rules[rules] = [_PathBeneath(allowed & handled, fd) for fd, allowed in rules]
    return _built_rules[rules]


def prepare_landlock(plan: Plan) -> None:
    """Build the Landlock rules' C structures now, so learner processes only make syscalls."""
    if plan.landlock_abi:
        handled = _fs_rights(plan.landlock_abi)
        for rules in (plan.landlock_rules, plan.jail_rules):
            _structures(rules, handled)


def landlock_ruleset(plan: Plan, run_folder: str | int, rules: tuple[tuple[int, int], ...]) -> int:
    """A Landlock ruleset allowing ``rules`` ((descriptor, rights) pairs) and everything inside
    ``run_folder`` (a path or a descriptor); it also denies TCP, abstract unix sockets and
    signals to processes outside, as far as the kernel's ABI goes. Returns its descriptor."""
    abi = plan.landlock_abi
    create, add, _ = SYS_LANDLOCK[os.uname().machine]
    handled = _fs_rights(abi)
    attr = _RulesetAttr(handled, NET_ALL if abi >= 4 else 0, SCOPE_ALL if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = _check(_libc.syscall(create, ctypes.byref(attr), ctypes.c_size_t(size), 0), "landlock_create_ruleset")
    run_fd = (os.open(run_folder, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC) if isinstance(run_folder, str)
              else run_folder)
    try:
        for rule in (*_structures(rules, handled), _PathBeneath(handled, run_fd)):
            _check(_libc.syscall(add, ruleset, LANDLOCK_RULE_PATH_BENEATH, ctypes.byref(rule), 0), "landlock_add_rule")
    except OSError:
        os.close(ruleset)
        raise
    finally:
        if isinstance(run_folder, str):
            os.close(run_fd)
    return int(ruleset)


def apply_landlock(ruleset: int) -> None:
    _check(_libc.syscall(SYS_LANDLOCK[os.uname().machine][2], ruleset, 0), "landlock_restrict_self")


def base_limits() -> None:
    """Limits that hold for every exercise: no new processes, no core files, few descriptors."""
    for which, value in ((resource.RLIMIT_NPROC, 0), (resource.RLIMIT_CORE, 0), (resource.RLIMIT_NOFILE, 64),
                         (resource.RLIMIT_MEMLOCK, 0), (resource.RLIMIT_MSGQUEUE, 0)):
        resource.setrlimit(which, (value, value))


def exercise_limits(cpu_seconds: int, memory_mb: int, file_mb: int) -> None:
    """Limits of one exercise, set when its file is loaded (lowering a limit needs no privilege)."""
    memory, file_size = memory_mb * 1024 * 1024, file_mb * 1024 * 1024
    for which, value in ((resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1)), (resource.RLIMIT_AS, (memory, memory)),
                         (resource.RLIMIT_FSIZE, (file_size, file_size))):
        resource.setrlimit(which, value)


def confine(plan: Plan, namespaces: set[str], host_run_folder: str | None, *, run_mb: int, max_files: int) -> Layers:
    """Confine the calling process (the learner process); return the layers it holds. With a
    mount namespace the run folder is the jail's tmpfs; without one it is ``host_run_folder``."""
    layers = Layers(held=set(namespaces))
    owner = UNPRIVILEGED_UID if plan.root and "uid" not in plan.off else os.getuid()
    can_mount = plan.root or "user" in namespaces
    in_template = False
    if can_mount and host_run_folder is not None and _unshare(CLONE_NEWNS, "mount", plan):
        try:
            if plan.template:
                enter_jail(plan.template, run_mb, max_files, owner)
                in_template = True
            else:
                build_jail(plan, host_run_folder, run_mb, max_files, owner)
            layers.held.add("mount")
        except OSError as exc:
            layers.failed("mount", exc)
    if "mount" not in layers.held and host_run_folder is not None:
        os.chdir(host_run_folder)
        if plan.root and "uid" not in plan.off:
            os.chown(host_run_folder, owner, owner)
    try:
        drop_privileges(plan, layers, plan.cap_count)
    except OSError as exc:
        layers.failed("caps", exc)
    if "nnp" not in plan.off and _prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0:
        layers.held.add("nnp")
    if plan.landlock_abi and "nnp" in layers.held:
        try:
            ruleset = landlock_ruleset(plan, ".", plan.jail_rules if in_template else plan.landlock_rules)
            try:
                apply_landlock(ruleset)
            finally:
                os.close(ruleset)
            layers.held.add("landlock")
        except OSError as exc:
            layers.failed("landlock", exc)
    if "limits" not in plan.off:
        try:
            base_limits()
            layers.held.add("limits")
        except (OSError, ValueError) as exc:
            layers.failed("limits", exc)
    return layers


def install_seccomp(plan: Plan, layers: Layers) -> None:
    """The last layer: after it, the setup system calls above are denied too."""
    if plan.seccomp_filter is None or "nnp" not in layers.held:
        return
    try:
        seccomp.install(plan.seccomp_filter)
        layers.held.add("seccomp")
    except OSError as exc:
        layers.failed("seccomp", exc)


