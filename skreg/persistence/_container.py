"""The container: one safetensors file, the tree and stamps in its metadata.

Only safetensors parses the file; this module reads its header through
``safe_open`` (``metadata()``, ``keys()``, ``get_slice(name).get_shape()`` and
``get_dtype()``), checks every stamp, dtype and size, and only then reads tensor
data. A SHA-256 over the metadata and the tensors catches corruption.
"""

import hashlib
import json
import math
import os
import re
import stat

import numpy as np
from safetensors import SafetensorError, safe_open
from safetensors.numpy import save as safetensors_bytes

from skreg._base import skreg_version
from skreg.persistence._codec import quote
from skreg.persistence._errors import UnsafeFileError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_TENSORS",
    "MAX_TREE_CHARS",
    "checksum",
    "parse_tree",
    "read",
    "write",
]

FORMAT = "skreg.model"
FORMAT_VERSION = 1
#: largest JSON tree (characters) a file may carry
MAX_TREE_CHARS = 16 * 2**20
#: most tensors a file may hold
MAX_TENSORS = 100_000
#: default limit on the bytes of all tensors of a file (``load(max_bytes=...)``)
DEFAULT_MAX_BYTES = 2**32

#: safetensors dtype code -> NumPy dtype: the only tensor dtypes accepted
TENSOR_DTYPES = {
    "F16": np.dtype(np.float16),
    "F32": np.dtype(np.float32),
    "F64": np.dtype(np.float64),
    "I8": np.dtype(np.int8),
    "I16": np.dtype(np.int16),
    "I32": np.dtype(np.int32),
    "I64": np.dtype(np.int64),
    "U8": np.dtype(np.uint8),
    "U16": np.dtype(np.uint16),
    "U32": np.dtype(np.uint32),
    "U64": np.dtype(np.uint64),
    "BOOL": np.dtype(np.bool_),
}
_CODES = {dtype: code for code, dtype in TENSOR_DTYPES.items()}
_KEYS = frozenset(
    ("format", "format_version", "skreg_version", "sklearn_version", "tree")
    + ("checksum",)
)
_VERSION = re.compile(r"[0-9]+(\.[0-9]+){1,3}([a-z]+[0-9]*)?")


def checksum(metadata, tensors):
    """SHA-256 over every metadata entry but the checksum, then every tensor."""
    h = hashlib.sha256()

    def put(data, size):
        h.update(size.to_bytes(8, "little"))
        h.update(data)

    for key in sorted(k for k in metadata if k != "checksum"):
        for text in (key, metadata[key]):
            raw = text.encode("utf-8")
            put(raw, len(raw))
    for name in sorted(tensors):
        arr = np.ascontiguousarray(tensors[name])
        arr = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        for text in (name, _CODES[np.dtype(arr.dtype.name)], str(list(arr.shape))):
            raw = text.encode("utf-8")
            put(raw, len(raw))
        put(arr.reshape(-1).view(np.uint8), arr.nbytes)
    return "sha256:" + h.hexdigest()


def write(path, tree, tensors, versions):
    """Write the tree (a JSON-able value) and the tensors to ``path``."""
    text = json.dumps(tree, separators=(",", ":"), allow_nan=False)
    if len(text) > MAX_TREE_CHARS:
        raise ValueError(
            f"the model's description takes {len(text)} characters, more than "
            f"the {MAX_TREE_CHARS} a skreg model file may hold"
        )
    metadata = {
        "format": FORMAT,
        "format_version": str(FORMAT_VERSION),
        **versions,
        "tree": text,
    }
    metadata["checksum"] = checksum(metadata, tensors)
    data = safetensors_bytes(tensors, metadata=metadata)
    with open(path, "wb") as fh:  # plain OSErrors for bad paths
        fh.write(data)


def read(path, max_bytes):
    """Checked metadata, tensor header and tensors of a model file."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFileError(f"{path} is not a regular file")
    try:
        with safe_open(path, framework="numpy") as f:
            metadata = _check_metadata(f.metadata(), path)
            header = _check_header(f, info.st_size, max_bytes, path)
            arrays = {name: f.get_tensor(name) for name in header}
    except SafetensorError as exc:
        raise UnsafeFileError(
            f"{path} is not a skreg model file (not a valid safetensors file: {exc})"
        ) from None
    if checksum(metadata, arrays) != metadata["checksum"]:
        raise UnsafeFileError(f"{path} is corrupted: its checksum does not match")
    return metadata, header, arrays


def _check_metadata(metadata, path):
    metadata = metadata or {}
    if metadata.get("format") != FORMAT:
        raise UnsafeFileError(
            f"{path} is not a skreg model file (no {FORMAT!r} format stamp)"
        )
    version = metadata.get("format_version", "")
    if not (version.isascii() and version.isdigit() and 0 < len(version) < 7):
        raise UnsafeFileError(f"{path}: bad format version {quote(version)}")
    if int(version) > FORMAT_VERSION:
        writer = metadata.get("skreg_version", "")
        needs = (
            f"skreg {writer} or newer"
            if _VERSION.fullmatch(writer)
            else "a newer skreg"
        )
        raise UnsafeFileError(
            f"{path} uses skreg model format version {int(version)}; skreg "
            f"{skreg_version()} reads versions up to {FORMAT_VERSION}: install "
            f"{needs} to load it"
        )
    if int(version) < 1 or set(metadata) != _KEYS:
        extra = sorted(set(metadata) ^ _KEYS)
        raise UnsafeFileError(f"{path}: unexpected or missing metadata {extra[:3]}")
    if len(metadata["tree"]) > MAX_TREE_CHARS:
        raise UnsafeFileError(f"{path}: its tree exceeds {MAX_TREE_CHARS} characters")
    return metadata


def _check_header(f, file_size, max_bytes, path):
    """name -> (shape, dtype) of every tensor, checked before any is read."""
    names = f.keys()
    if len(names) > MAX_TENSORS:
        raise UnsafeFileError(f"{path}: more than {MAX_TENSORS} tensors")
    header, total = {}, 0
    for name in names:
        piece = f.get_slice(name)
        code, shape = piece.get_dtype(), tuple(piece.get_shape())
        if code not in TENSOR_DTYPES:
            raise UnsafeFileError(
                f"{path}: tensor {quote(name)} has dtype {quote(code)}; allowed "
                f"are {', '.join(TENSOR_DTYPES)}"
            )
        size = math.prod(shape) * TENSOR_DTYPES[code].itemsize
        if len(shape) > 8 or size > file_size:
            raise UnsafeFileError(
                f"{path}: tensor {quote(name)} declares shape {list(shape)[:9]}, "
                f"more than the file's {file_size} bytes hold"
            )
        total += size
        header[name] = (shape, TENSOR_DTYPES[code])
    if total > max_bytes:
        raise UnsafeFileError(
            f"{path}: its tensors take {total} bytes, above max_bytes={max_bytes}"
        )
    return header


def _refuse_constant(name):
    raise UnsafeFileError(f"the tree holds the non-JSON constant {name}")


def _parse_int(text):
    value = int(text) if len(text) <= 21 else None
    if value is None or not -(2**63) <= value < 2**64:
        raise UnsafeFileError(f"the tree holds an integer beyond 64 bits: {text[:30]}")
    return value


def _parse_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise UnsafeFileError(f"the tree holds a number beyond float64: {text[:30]}")
    return value


def _unique_keys(pairs):
    out = dict(pairs)
    if len(out) != len(pairs):
        raise UnsafeFileError("the tree repeats a key in a JSON object")
    return out


def parse_tree(text):
    """The tree as JSON values: finite floats, 64-bit ints, no repeated keys."""
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
            object_pairs_hook=_unique_keys,
        )
    except RecursionError:
        raise UnsafeFileError("the tree is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise UnsafeFileError(f"the tree is not valid JSON: {exc}") from None
