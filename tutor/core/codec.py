"""Plain-data encoding for values that cross between the trusted grader and a learner process.

Only data crosses: None, bool, int, float, complex, str, lists, tuples, dicts with string keys,
and NumPy arrays of boolean or numeric dtype. Arrays travel in ``.npy`` format and are read
back with ``allow_pickle=False``; the structure travels as JSON. Nothing is ever unpickled, so
bytes written by learner code can at worst decode to wrong data, never to live objects.

Frame layout: ``b"LT1"`` + u32 header length + JSON header + for each array (u64 length + npy).

Decoding trusts nothing: the header's size, every string's length, the number of arrays and
each array's shape and byte count are checked before anything is allocated for them, so a frame
forged by learner code costs the grader no more than its own size.
"""

from __future__ import annotations

import ast
import functools
import io
import json
import math
import re
import struct
from typing import Any

import numpy as np
from numpy.lib import format as npy  # np.load would also import zipfile, bz2 and lzma

MAGIC = b"LT1"
_ALLOWED_KINDS = frozenset("biufc")  # bool, int, uint, float, complex
MAX_DEPTH = 32
MAX_HEADER = 1024 * 1024
"""Largest JSON header accepted: the structure and strings of a value, never its arrays."""
MAX_STRING = 64 * 1024
"""Longest string accepted in a decoded value (characters)."""
MAX_ARRAYS = 4096
NPY_MAGIC = b"\x93NUMPY"
MAX_NPY_HEADER = 4096
_NPY_HEADER = re.compile(r"\{'descr': '([<>|=][a-z][0-9]{1,2})', 'fortran_order': (True|False), "
                         r"'shape': \(((?:\d{1,19}, ?)*\d{0,19},?)\), \} *\n?$")


class EncodeError(TypeError):
    """A value cannot cross as plain data; the message names what it was."""


class DecodeError(ValueError):
    """Bytes that are not a well-formed frame."""


def describe_type(value: Any) -> str:
    """A short human description of a value's type, for "bad return type" messages."""
    if isinstance(value, np.ndarray):
        return f"a NumPy array of dtype {value.dtype}"
    kind = type(value)
    module = kind.__module__
    name = kind.__qualname__ if module in ("builtins", None) else f"{module}.{kind.__qualname__}"
    return f"a value of type {name}"


def _float(value: float) -> Any:
    if math.isfinite(value):
        return value
    return {"~f": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}


def _tree(value: Any, arrays: list[np.ndarray], depth: int) -> Any:
    """The JSON-able structure of ``value``. Honest Python values cross as what they are: a
    namedtuple (``np.linalg.svd``'s result) as a tuple, an IntEnum as an int, a 0-d array as the
    scalar it holds."""
    if depth > MAX_DEPTH:
        raise EncodeError("a value nested more than 32 levels deep")
    if value is None or isinstance(value, bool):
        return None if value is None else bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return _float(float(value))
    if isinstance(value, complex):
        return {"~c": [_float(value.real), _float(value.imag)]}
    if isinstance(value, np.generic):
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.integer):
            return int(value)
        if isinstance(value, np.floating):
            return _float(float(value))
        if isinstance(value, np.complexfloating):
            return {"~c": [_float(float(value.real)), _float(float(value.imag))]}
        raise EncodeError(describe_type(value))
    if isinstance(value, np.ndarray):
        base = np.asarray(value)  # drops subclasses: only the data crosses
        if base.dtype.kind not in _ALLOWED_KINDS:
            raise EncodeError(describe_type(base))
        if base.ndim == 0:
            return _tree(base[()], arrays, depth)
        arrays.append(base if base.flags.c_contiguous else np.ascontiguousarray(base))
        return {"~a": len(arrays) - 1}
    if isinstance(value, tuple):
        return {"~t": [_tree(v, arrays, depth + 1) for v in tuple.__iter__(value)]}
    if isinstance(value, list):
        return [_tree(v, arrays, depth + 1) for v in list.__iter__(value)]
    if isinstance(value, dict):
        items = list(dict.items(value))
        if not all(isinstance(k, str) for k, _ in items):
            raise EncodeError("a dict with non-string keys")
        return {"~d": [[str(k), _tree(v, arrays, depth + 1)] for k, v in items]}
    raise EncodeError(describe_type(value))


def encode_parts(value: Any) -> list[bytes | memoryview]:
    """Encode plain data as the pieces of one frame, arrays as views of their own memory (no
    copy: a learner's large answer costs no second allocation to send); raise EncodeError for
    anything that is not plain data."""
    arrays: list[np.ndarray] = []
    header = json.dumps(_tree(value, arrays, 0), allow_nan=False).encode()
    parts: list[bytes | memoryview] = [MAGIC, struct.pack("<I", len(header)), header]
    for array in arrays:
        head = _npy_header(array.dtype.str, array.shape)
        data = array.reshape(-1).view(np.uint8).data if array.size else memoryview(b"")
        parts += [struct.pack("<Q", len(head) + data.nbytes), head, data]
    return parts


@functools.lru_cache(maxsize=512)
def _npy_header(descr: str, shape: tuple[int, ...]) -> bytes:
    """The .npy header of a C-ordered array (checks send many arrays of few shapes)."""
    head = io.BytesIO()
    npy.write_array_header_1_0(head, {"descr": descr, "fortran_order": False, "shape": shape})
    return head.getvalue()


def encode(value: Any) -> bytes:
    """Encode plain data as one frame; raise EncodeError for anything else."""
    return b"".join(encode_parts(value))


def _untree(node: Any, arrays: list[np.ndarray], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise DecodeError("nested too deeply")
    if isinstance(node, str):
        if len(node) > MAX_STRING:
            raise DecodeError(f"a string of {len(node)} characters (the limit is {MAX_STRING})")
        return node
    if isinstance(node, list):
        return [_untree(v, arrays, depth + 1) for v in node]
    if not isinstance(node, dict):
        return node
    if len(node) != 1:
        raise DecodeError("malformed header object")
    (tag, body), = node.items()
    if tag == "~a":
        if type(body) is not int or not 0 <= body < len(arrays):
            raise DecodeError("bad array reference")
        return arrays[body]
    if tag == "~t":
        if not isinstance(body, list):
            raise DecodeError("malformed tuple")
        return tuple(_untree(v, arrays, depth + 1) for v in body)
    if tag == "~f":
        if body not in ("nan", "inf", "-inf"):
            raise DecodeError("malformed float")
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[body]
    if tag == "~c":
        if not isinstance(body, list) or len(body) != 2:
            raise DecodeError("malformed complex")
        re, im = (_untree(v, arrays, depth + 1) for v in body)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (re, im)):
            raise DecodeError("malformed complex")
        return complex(re, im)
    if tag == "~d":
        if not isinstance(body, list) or not all(isinstance(kv, list) and len(kv) == 2 and isinstance(kv[0], str)
                                                 for kv in body):
            raise DecodeError("malformed dict")
        return {k: _untree(v, arrays, depth + 1) for k, v in body}
    raise DecodeError(f"unknown tag {str(tag)[:20]!r}")


def _read_npy(blob: memoryview) -> np.ndarray:
    """One array in .npy format, its header checked and its size verified against the bytes
    present before anything is allocated. Only numeric dtypes; never pickles."""
    if bytes(blob[:6]) != NPY_MAGIC or len(blob) < 10:
        raise DecodeError("not an .npy array")
    major = blob[6]
    if major == 1:
        (hlen,), start = struct.unpack_from("<H", blob, 8), 10
    elif major in (2, 3):
        (hlen,), start = struct.unpack_from("<I", blob, 8), 12
    else:
        raise DecodeError(f"unknown .npy version {major}")
    if hlen > MAX_NPY_HEADER or start + hlen > len(blob):
        raise DecodeError("malformed .npy header")
    text = bytes(blob[start:start + hlen]).decode("latin1")
    match = _NPY_HEADER.match(text)
    if match:  # the form NumPy (and so this codec) writes: read without a parser
        descr, fortran_text, dims = match.groups()
        header = {"descr": descr, "fortran_order": fortran_text == "True",
                  "shape": tuple(int(d) for d in dims.replace(" ", "").split(",") if d)}
    else:
        try:
            header = ast.literal_eval(text)
        except (ValueError, SyntaxError, RecursionError, MemoryError, TypeError):
            raise DecodeError("malformed .npy header") from None
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise DecodeError("malformed .npy header")
    descr, fortran, shape = header["descr"], header["fortran_order"], header["shape"]
    if not isinstance(descr, str) or not isinstance(fortran, bool) or not isinstance(shape, tuple):
        raise DecodeError("malformed .npy header")
    if len(shape) > MAX_DEPTH or not all(type(n) is int and n >= 0 for n in shape):
        raise DecodeError("malformed .npy shape")
    try:
        dtype = np.dtype(descr)
    except (TypeError, ValueError):
        raise DecodeError(f"unknown dtype {descr[:20]!r}") from None
    if dtype.kind not in _ALLOWED_KINDS or dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
        raise DecodeError(f"array of dtype {dtype}")
    count = math.prod(shape)
    data = blob[start + hlen:]
    if count * dtype.itemsize != len(data):
        raise DecodeError(f"an array of shape {shape[:8]} whose data is {len(data)} bytes")
    if count == 0:
        return np.empty(shape, dtype=dtype)
    flat = np.frombuffer(data, dtype=dtype, count=count)
    return flat.reshape(shape, order="F" if fortran else "C").copy(order="K")


def check_prefix(prefix: bytes, length: int) -> None:
    """Refuse a frame of ``length`` bytes from its first bytes alone, before the rest is read:
    its magic, and a header no larger than `MAX_HEADER` and the frame itself."""
    if len(prefix) >= 3 and prefix[:3] != MAGIC:
        raise DecodeError("bad magic")
    if len(prefix) >= 7:
        (hlen,) = struct.unpack_from("<I", prefix, 3)
        if hlen > MAX_HEADER:
            raise DecodeError(f"a header of {hlen} bytes (the limit is {MAX_HEADER})")
        if 7 + hlen > length:
            raise DecodeError("a header longer than its frame")


def decode(frame: bytes) -> Any:
    """Decode one frame produced by `encode`. Raises DecodeError on anything malformed or over
    a limit (header size, string length, array count, array size)."""
    try:
        view = memoryview(frame)
        if bytes(view[:3]) != MAGIC:
            raise DecodeError("bad magic")
        (hlen,) = struct.unpack_from("<I", view, 3)
        if hlen > MAX_HEADER:
            raise DecodeError(f"a header of {hlen} bytes (the limit is {MAX_HEADER})")
        if 7 + hlen > len(view):
            raise DecodeError("truncated header")
        header = json.loads(bytes(view[7 : 7 + hlen]))
        pos = 7 + hlen
        arrays: list[np.ndarray] = []
        while pos < len(view):
            if len(arrays) >= MAX_ARRAYS:
                raise DecodeError(f"more than {MAX_ARRAYS} arrays")
            (alen,) = struct.unpack_from("<Q", view, pos)
            pos += 8
            if alen > len(view) - pos:
                raise DecodeError("truncated array")
            arrays.append(_read_npy(view[pos : pos + alen]))
            pos += alen
        return _untree(header, arrays, 0)
    except DecodeError:
        raise
    except (ValueError, KeyError, TypeError, struct.error, RecursionError, OSError, OverflowError) as exc:
        raise DecodeError(f"malformed frame: {str(exc)[:200]}") from None
