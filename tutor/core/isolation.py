"""The layers that confine a learner process, set up in the order the kernel needs them.

A `Plan` is made once, in the zygote (`tutor.core.zygote`), before any learner process exists:
which trees of the file system learner code may read (the Python standard library without its
site-packages, NumPy, and the system libraries they load, found from the zygote's own memory
map), which folders inside them stay hidden, the compiled seccomp filter, and the Landlock ABI.
Each learner process then applies it:

1. `enter_namespaces` (in the keeper, which forks the learner): a user namespace when not root,
   then new PID, network and IPC namespaces;
2. `confine` (in the learner process, PID 1 of its namespace): a mount namespace of its own
   holding the jail (an empty tmpfs root with read-only binds of the allowed trees, device nodes
   and a tmpfs run folder with a cap on bytes and files, then pivot_root; the keeper keeps the
   real file system, to clean up after); as root, the switch to `nobody`;
   every capability and the bounding set dropped; no_new_privs; Landlock on the same allow-list;
   resource limits; the seccomp filter last.

Every layer that cannot be set up is recorded, never skipped silently: the learner process
reports the `Layers` it holds before any learner code runs, and the grader turns them into an
`Isolation` level. Tests force layers off with ``LATENT_TUTOR_ISOLATION_OFF`` (a comma-separated
list of `LAYERS` names, or ``all``) to prove that a weaker machine is reported as weaker.
"""

from __future__ import annotations

import ctypes
import glob
import os
import resource
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tutor.core import seccomp
from tutor.core.launch import RUN_FOLDER
from tutor.core.launch import forced_off as _named_off
from tutor.core.results import Isolation, IsolationLevel

UNPRIVILEGED_UID = 65534
"""The uid (and gid) learner code runs as when the grader is root: `nobody` on Linux."""

LAYERS = {
    # name: what a person is told when it is missing
    "user": "user namespace",
    "mount": "filesystem jail (mount namespace, capped run folder)",
    "pid": "PID namespace",
    "net": "network namespace",
    "ipc": "IPC namespace",
    "landlock": "Landlock",
    "uid": "unprivileged user",
    "caps": "no capabilities",
    "nnp": "no_new_privs",
    "seccomp": "seccomp filter",
    "limits": "resource limits",
}
REQUIRED = ("mount", "pid", "net", "ipc", "uid", "caps", "nnp", "seccomp", "limits")
"""Layers full isolation needs. Landlock adds a second allow-list over the jail's, and a user
namespace is only the means to the other namespaces for an ordinary user: neither is counted."""

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

SYS_LANDLOCK = {"x86_64": (444, 445, 446), "aarch64": (444, 445, 446)}
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_ABI1_ALL = (1 << 13) - 1
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
FS_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
NET_ALL = 0b11
SCOPE_ALL = 0b11  # abstract unix sockets, signals

_libc = ctypes.CDLL(None, use_errno=True)
# Typed once here, in the zygote: a learner process calls them without ctypes' per-call setup.
_prctl = _libc.prctl
_prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
_prctl.restype = ctypes.c_int
_CAP_HEADER = (ctypes.c_uint32 * 2)(_LINUX_CAPABILITY_VERSION_3, 0)  # this process
_CAP_EMPTY = (ctypes.c_uint32 * 6)()
_CAP_HELD = (ctypes.c_uint32 * 6)()


class LayerError(OSError):
    """A layer the kernel refused; the message says which and why."""


def _check(result: int, what: str) -> int:
    if result < 0:
        errno = ctypes.get_errno()
        raise LayerError(errno, f"{what}: {os.strerror(errno)}")
    return result


def forced_off(names: list[str] | None = None) -> frozenset[str]:
    """The layers switched off by ``LATENT_TUTOR_ISOLATION_OFF`` (or by ``names``, as the zygote
    is told), for testing degraded machines: `LAYERS` names, or ``all``."""
    wanted = set(_named_off() if names is None else names)
    return frozenset(LAYERS) if "all" in wanted else frozenset(wanted & set(LAYERS))


# -- the plan ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grant:
    """A file or tree learner code may read, at the path Python knows it by."""

    path: str
    is_dir: bool
    fd: int
    """An O_PATH descriptor opened in the zygote, for the Landlock rules: they are made after
    the switch to an unprivileged uid, which may not be able to reach the path itself."""
    writable: bool = False


@dataclass(frozen=True)
class Plan:
    """What every learner process of one zygote is confined to."""

    grants: tuple[Grant, ...]
    holes: tuple[str, ...]
    """Folders inside granted trees that stay hidden (other Python packages, the tutor's own)."""
    links: tuple[tuple[str, str], ...]
    """Top-level symbolic links to recreate in the jail (``/lib -> usr/lib``)."""
    python_path: tuple[str, ...]
    """``sys.path`` for learner code (the run folder comes first)."""
    seccomp_filter: bytes | None
    landlock_abi: int
    landlock_rules: tuple[tuple[int, int], ...] = ()
    """(O_PATH descriptor, allowed rights) for each Landlock rule of the allow-list."""
    off: frozenset[str] = field(default_factory=frozenset)
    root: bool = False
    cap_count: int = 64
    """How many capabilities this kernel knows (read before /proc is out of sight)."""
    own_user_namespace: bool = False
    """The zygote made a user namespace of its own (an ordinary user): keepers need none."""
    shared_net: bool = False
    """The zygote sits in an empty network namespace that its learner processes share (only
    with the seccomp filter, which leaves them no socket to use it with)."""
    template: str | None = None
    """The jail, built once in the zygote's private mount namespace: a learner process copies
    it with its own mount namespace and mounts only its run folder."""
    jail_rules: tuple[tuple[int, int], ...] = ()
    """Landlock rules for a learner inside the jail, where holes are covered already: each
    granted tree whole."""

    def describe(self) -> dict[str, Any]:
        """What a grader checks its packs against: every path a learner may read, and the holes."""
        return {"grants": [g.path for g in self.grants], "holes": list(self.holes)}


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 when it has none (or it is disabled)."""
    numbers = SYS_LANDLOCK.get(os.uname().machine)
    if numbers is None:
        return 0
    version = _libc.syscall(numbers[0], None, ctypes.c_size_t(0), LANDLOCK_CREATE_RULESET_VERSION)
    return max(int(version), 0)


def _python_package_dirs(trees: list[str]) -> list[str]:
    """Where Python packages live on this machine, as far as the granted ``trees`` and the
    usual places tell: never shown to learner code."""
    found = {str(Path(p).absolute()) for p in sys.path if p.endswith(("site-packages", "dist-packages"))}
    patterns = ["/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages", "/usr/lib/python3/dist-packages"]
    for tree in trees:
        patterns += [f"{glob.escape(tree)}/*-packages", f"{glob.escape(tree)}/python3*/*-packages"]
    for pattern in patterns:
        found.update(p for p in glob.glob(pattern) if p.endswith(("site-packages", "dist-packages")))
    return sorted(found)


def _mapped_library_dirs() -> set[str]:
    """Folders of the shared libraries the zygote has loaded, where they are system folders."""
    dirs: set[str] = set()
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return dirs
    for line in maps.splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and parts[5].startswith("/"):
            folder = os.path.dirname(os.path.realpath(parts[5].removesuffix(" (deleted)")))
            if folder.startswith(("/usr/lib", "/lib", "/usr/local/lib")):
                dirs.add(folder)
    return dirs


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _open_path(path: str, is_dir: bool) -> int | None:
    try:
        return os.open(path, os.O_PATH | os.O_CLOEXEC | (os.O_DIRECTORY if is_dir else 0))
    except OSError:
        return None


def _landlock_rules(grants: list[Grant], holes: list[str]) -> tuple[tuple[int, int], ...]:
    """(fd, rights) rules for the allow-list. Landlock cannot carve a hole in an allowed tree, so
    a granted tree holding a hole is granted child by child, leaving the hole out: the folders on
    the way down to a hole may be listed (so imports find their modules), and the hole's names
    are then listed too, but nothing in it can be read."""
    read_dir = FS_READ_FILE | FS_READ_DIR | FS_EXECUTE
    rules: list[tuple[int, int]] = []

    def grant_tree(path: str, fd: int | None) -> None:
        inner = [h for h in holes if _inside(h, path) and h != path]
        if path in holes:
            return
        if not inner:
            if fd is None:
                fd = _open_path(path, True)
            if fd is not None:
                rules.append((fd, read_dir))
            return
        try:
            children = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            return
        if fd is None:
            fd = _open_path(path, True)
        if fd is not None:
            rules.append((fd, FS_READ_DIR))
        for child in children:
            if child.is_dir(follow_symlinks=False):
                grant_tree(child.path, None)
            else:
                child_fd = _open_path(child.path, False)
                if child_fd is not None:
                    rules.append((child_fd, FS_READ_FILE | FS_EXECUTE))

    for grant in grants:
        if grant.is_dir:
            grant_tree(grant.path, grant.fd)
        else:
            rules.append((grant.fd, FS_READ_FILE | FS_EXECUTE | (FS_WRITE_FILE if grant.writable else 0)))
    return tuple(rules)


def make_plan(stdlib_paths: list[str], numpy_dir: str, hidden: list[str], off: frozenset[str]) -> Plan:
    """The plan for learner processes forked from this process (the zygote), whose loaded
    libraries tell which system folders they need. ``hidden`` adds folders never shown (the
    tutor package, where packs may live)."""
    numpy_path = Path(numpy_dir).absolute()
    libs = numpy_path.parent / "numpy.libs"
    candidates: list[tuple[str, bool]] = [(str(Path(p).absolute()), True) for p in stdlib_paths if os.path.isdir(p)]
    candidates.append((str(numpy_path), True))
    if libs.is_dir():
        candidates.append((str(libs), True))
    candidates += [(d, True) for d in sorted(_mapped_library_dirs())]
    trees = [path for path, is_dir in candidates if is_dir]
    private = sorted({str(Path(p).absolute()) for p in [*_python_package_dirs(trees), *hidden]})
    candidates += [(p, False) for p in ("/etc/ld.so.cache", "/dev/null", "/dev/zero", "/dev/urandom", "/dev/random")
                   if os.path.exists(p)]
    grants: list[Grant] = []
    for path, is_dir in candidates:
        in_private = any(_inside(path, h) for h in private)
        covered = any(g.is_dir and _inside(path, g.path) for g in grants)
        if (covered and not in_private) or any(g.path == path for g in grants):
            continue
        if in_private and not (_inside(path, str(numpy_path)) or _inside(path, str(libs))):
            continue
        fd = _open_path(path, is_dir)
        if fd is not None:
            grants.append(Grant(path, is_dir, fd, writable=path in ("/dev/null", "/dev/zero")))
    holes = sorted(h for h in private if os.path.isdir(h) and any(g.is_dir and _inside(h, g.path) and h != g.path
                                                                   for g in grants))
    links = tuple((f"/{name}", os.readlink(f"/{name}")) for name in ("lib", "lib64", "lib32", "libx32", "bin", "sbin")
                  if os.path.islink(f"/{name}"))
    python_path = (RUN_FOLDER, *(str(Path(p).absolute()) for p in stdlib_paths))
    seccomp_filter = None if "seccomp" in off else seccomp.build_filter()
    if seccomp_filter is not None:
        seccomp.prepare(seccomp_filter)
    abi = 0 if "landlock" in off else landlock_abi()
    rules = _landlock_rules(grants, holes) if abi else ()
    return Plan(tuple(grants), tuple(holes), links, python_path, seccomp_filter, abi, rules, off, os.getuid() == 0,
                _capability_count())


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
        for hole in sorted(h for h in holes if _inside(h, grant.path) and h != grant.path):
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


def _capability_count() -> int:
    try:
        return int(Path(CAP_LAST_CAP_FILE).read_text()) + 1
    except (OSError, ValueError):
        return 64


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


def isolation_of(held: set[str] | frozenset[str], *, platform: str = sys.platform) -> Isolation:
    """The isolation level a learner process with these layers had."""
    if platform != "linux":
        return Isolation(IsolationLevel.NONE, (f"no isolation on {platform}: learner code runs as you, "
                                               "with your files and network",))
    missing = [LAYERS[name] for name in REQUIRED if name not in held]
    if "mount" not in held and "landlock" not in held:
        missing.insert(0, "filesystem allow-list")
    if not missing:
        return Isolation(IsolationLevel.FULL)
    contained = {"mount", "landlock", "pid", "seccomp"} & set(held)
    return Isolation(IsolationLevel.PARTIAL if contained else IsolationLevel.NONE, tuple(missing))
