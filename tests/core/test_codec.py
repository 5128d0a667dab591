import math

import numpy as np
import pytest

from tutor.core import codec


@pytest.mark.parametrize("value", [
    None, True, 3, -2**70, 1.5, "text", [1, 2.5, "x"], (1, (2, 3)), {"a": 1, "b": [None]},
    complex(1, -2), np.arange(6).reshape(2, 3), np.eye(2, dtype=bool), np.zeros((0, 3)),
])
def test_round_trip(value):
    back = codec.decode(codec.encode(value))
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and np.array_equal(back, value)
    else:
        assert back == value and type(back) is type(value)


def test_numpy_scalars_become_python_numbers():
    assert codec.decode(codec.encode((np.int64(3), np.float32(0.5), np.bool_(True)))) == (3, 0.5, True)
    assert type(codec.decode(codec.encode(np.int32(7)))) is int


def test_non_finite_floats_survive():
    nan, inf, ninf = codec.decode(codec.encode([math.nan, math.inf, -math.inf]))
    assert math.isnan(nan) and inf == math.inf and ninf == -math.inf


@pytest.mark.parametrize("value", [object(), np.array([object()]), {1: 2}, lambda: 1, np.array(["a"]), {"x": {1}}])
def test_only_plain_data_is_encoded(value):
    with pytest.raises(codec.EncodeError):
        codec.encode(value)


def test_ndarray_subclass_crosses_as_a_plain_array():
    class Sub(np.ndarray):
        pass

    back = codec.decode(codec.encode(np.ones(3).view(Sub)))
    assert type(back) is np.ndarray


@pytest.mark.parametrize("frame", [b"", b"XXX", b"LT1\x05\x00\x00\x00{bad", b"LT1\x0b\x00\x00\x00{\"~a\": 0}",
                                    b"LT1\x0c\x00\x00\x00{\"~zz\": 1}"])
def test_malformed_frames_are_rejected(frame):
    with pytest.raises(codec.DecodeError):
        codec.decode(frame)


def test_pickled_arrays_are_never_loaded():
    import io
    import struct

    buf = io.BytesIO()
    np.save(buf, np.array([object()], dtype=object), allow_pickle=True)
    header = b'{"~a": 0}'
    blob = buf.getvalue()
    frame = b"LT1" + struct.pack("<I", len(header)) + header + struct.pack("<Q", len(blob)) + blob
    with pytest.raises(codec.DecodeError):
        codec.decode(frame)
