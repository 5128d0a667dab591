"""Plain-data encoding for values that cross between the trusted grader and a learner process.

Only data crosses: None, bool, int, float, complex, str, lists, tuples, dicts with string keys,
and NumPy arrays of boolean or numeric dtype. Arrays travel in ``.npy`` format and are read
back with ``allow_pickle=False``; the structure travels as JSON. Nothing is ever unpickled, so
bytes written by learner code can at worst decode to wrong data, never to live objects.

Frame layout: ``b"LT1"`` + u32 header length + JSON header + for each array (u64 length + npy).
"""

from __future__ import annotations

import io
import json
import math
import struct
from typing import Any

import numpy as np
from numpy.lib import format as npy  # np.load would also import zipfile, bz2 and lzma

MAGIC = b"LT1"
_ALLOWED_KINDS = frozenset("biufc")  # bool, int, uint, float, complex
MAX_DEPTH = 32


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
    if depth > MAX_DEPTH:
        raise EncodeError("a value nested more than 32 levels deep")
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value
    if kind is float:
        return _float(value)
    if kind is complex:
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
        arrays.append(np.ascontiguousarray(base))
        return {"~a": len(arrays) - 1}
    if kind is tuple:
        return {"~t": [_tree(v, arrays, depth + 1) for v in value]}
    if kind is list:
        return [_tree(v, arrays, depth + 1) for v in value]
    if kind is dict:
        if not all(type(k) is str for k in value):
            raise EncodeError("a dict with non-string keys")
        return {"~d": [[k, _tree(v, arrays, depth + 1)] for k, v in value.items()]}
    raise EncodeError(describe_type(value))


def encode(value: Any) -> bytes:
    """Encode plain data as one frame; raise EncodeError for anything else."""
    arrays: list[np.ndarray] = []
    header = json.dumps(_tree(value, arrays, 0), allow_nan=False).encode()
    parts = [MAGIC, struct.pack("<I", len(header)), header]
    for array in arrays:
        buf = io.BytesIO()
        npy.write_array(buf, array, allow_pickle=False)
        blob = buf.getvalue()
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


def _untree(node: Any, arrays: list[np.ndarray], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise DecodeError("nested too deeply")
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
        return tuple(_untree(v, arrays, depth + 1) for v in body)
    if tag == "~f":
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[body]
    if tag == "~c":
        re, im = (_untree(v, arrays, depth + 1) for v in body)
        return complex(re, im)
    if tag == "~d":
        return {str(k): _untree(v, arrays, depth + 1) for k, v in body}
    raise DecodeError(f"unknown tag {tag!r}")


def decode(frame: bytes) -> Any:
    """Decode one frame produced by `encode`. Raises DecodeError on anything malformed."""
    try:
        if frame[:3] != MAGIC:
            raise DecodeError("bad magic")
        (hlen,) = struct.unpack_from("<I", frame, 3)
        header = json.loads(frame[7 : 7 + hlen])
        pos = 7 + hlen
        arrays: list[np.ndarray] = []
        while pos < len(frame):
            (alen,) = struct.unpack_from("<Q", frame, pos)
            pos += 8
            array = npy.read_array(io.BytesIO(frame[pos : pos + alen]), allow_pickle=False)
            if array.dtype.kind not in _ALLOWED_KINDS:
                raise DecodeError(f"array of dtype {array.dtype}")
            arrays.append(array)
            pos += alen
        return _untree(header, arrays, 0)
    except DecodeError:
        raise
    except (ValueError, KeyError, TypeError, struct.error, RecursionError, OSError) as exc:
        raise DecodeError(f"malformed frame: {exc}") from None
