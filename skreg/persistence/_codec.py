"""Objects <-> JSON tree + tensors, in three steps that never run code from a file.

:class:`Encoder` turns an estimator into a JSON-able tree plus a dict of tensors,
refusing (``TypeError`` naming the attribute path) anything it cannot store
exactly. :class:`Decoder` turns a file's tree into plain values, :class:`TensorRef`
and :class:`Node` records, looking every name up in literal dicts only.
:func:`validate` checks the decoded tree against the class schemas, and
:class:`Builder` finally instantiates the allowed classes and sets their state.
"""

import math
import re

import numpy as np

from skreg.persistence._errors import UnsafeFileError
from skreg.persistence._schemas import ALLOWED, CLASS_IDS, EXTENSIONS
from skreg.persistence._tree import Ext, Node, TensorRef, describe

__all__ = ["MAX_DEPTH", "ROOT", "Builder", "Decoder", "Encoder", "validate"]

#: path of the tree's root in messages, until its class is known
ROOT = "model"
#: deepest nesting of JSON lists/objects a tree may have
MAX_DEPTH = 100
#: most characters a unicode array stored in JSON may hold (count * width)
MAX_STR_ARRAY_CHARS = 2**24

#: the only NumPy scalar types a file can name (tag "$np")
SCALAR_TYPES = {
    "bool": np.bool_,
    "int8": np.int8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "uint8": np.uint8,
    "uint16": np.uint16,
    "uint32": np.uint32,
    "uint64": np.uint64,
    "float16": np.float16,
    "float32": np.float32,
    "float64": np.float64,
    "str": np.str_,
}
#: the only dtype objects a file can name (tag "$dtype"), e.g. SimpleImputer's
DTYPES = {
    **{name: np.dtype(t) for name, t in SCALAR_TYPES.items() if name != "str"},
    "object": np.dtype(object),
}
#: the only type objects a file can name (tag "$type"), e.g. ``dtype=np.float32``
TYPES = {
    **{f"numpy.{name}": t for name, t in SCALAR_TYPES.items()},
    "float": float,
    "int": int,
    "bool": bool,
    "str": str,
}
_SCALAR_NAMES = {t: name for name, t in SCALAR_TYPES.items()}
_TYPE_NAMES = {t: name for name, t in TYPES.items()}
_DTYPE_NAMES = {d: name for name, d in DTYPES.items()}
_NONFINITE = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}
_INT_RANGE = (-(2**63), 2**64)
_UNICODE = re.compile(r"U[1-9][0-9]{0,6}")


def quote(text, limit=40):
    """``repr`` of a string from a file, cut short for messages."""
    text = repr(text)
    return text if len(text) <= limit else text[:limit] + "...'"


def _float_json(v):
    v = float(v)
    return v if math.isfinite(v) else {"$float": repr(v)}


def _is_scalar(v):
    return v is None or type(v) in (bool, int, float, str) or isinstance(v, np.generic)


class Encoder:
    """Estimator -> JSON tree + tensors; ``TypeError`` for what cannot be exact."""

    def __init__(self):
        self.tensors = {}
        self._names = {}  # id(array) -> tensor name: a shared array stays shared
        self._keep = []  # keeps those arrays alive so that ids stay unique

    def value(self, v, path, depth=0):
        """JSON for any supported value."""
        if depth > MAX_DEPTH:
            raise TypeError(f"cannot save {path}: nested more than {MAX_DEPTH} deep")
        t = type(v)
        if v is None or t is bool or t is str:
            return v
        if t is int:
            if not _INT_RANGE[0] <= v < _INT_RANGE[1]:
                raise TypeError(f"cannot save {path}: int {v} exceeds 64 bits")
            return v
        if t is float:
            return _float_json(v)
        if isinstance(v, np.generic):
            return self._np_scalar(v, path)
        if t in (list, tuple):
            items = [self.value(x, f"{path}[{i}]", depth + 1) for i, x in enumerate(v)]
            return items if t is list else {"$tuple": items}
        if t is dict:
            return {"$dict": self._items(v, path, depth)}
        if t is slice:
            return {
                "$slice": [self._slice_part(x, path) for x in (v.start, v.stop, v.step)]
            }
        if t is np.ndarray:
            return self.array(v, path)
        return self._object(v, path, depth)

    def _object(self, v, path, depth):
        t = type(v)
        if isinstance(v, np.dtype) and v in _DTYPE_NAMES:
            return {"$dtype": _DTYPE_NAMES[v]}
        if t is type and v in _TYPE_NAMES:
            return {"$type": _TYPE_NAMES[v]}
        if t in CLASS_IDS:
            return self.estimator(v, path, depth)
        for tag, ext in EXTENSIONS.items():
            if ext.encodes(v):
                return {tag: ext.encode(self, v, path)}
        raise TypeError(_refusal(v, path))

    def _items(self, d, path, depth):
        pairs = []
        for k, x in d.items():
            if not _is_scalar(k):
                raise TypeError(f"cannot save {path}: dict key {k!r} is not a scalar")
            pairs.append(
                [self.value(k, path), self.value(x, f"{path}[{k!r}]", depth + 1)]
            )
        return pairs

    def _slice_part(self, x, path):
        if x is None or type(x) is int or isinstance(x, np.integer):
            return None if x is None else int(x)
        raise TypeError(f"cannot save {path}: slice bounds must be int or None")

    def _np_scalar(self, v, path):
        name = _SCALAR_NAMES.get(type(v))
        if name is None:
            raise TypeError(
                f"cannot save {path}: NumPy scalars of type {type(v).__name__} are "
                "not supported"
            )
        if name == "str":
            return {"$np": [name, str(v)]}
        item = v.item()
        return {"$np": [name, _float_json(item) if v.dtype.kind == "f" else item]}

    def array(self, v, path):
        """A tensor reference for a numeric array, inline JSON for str/object."""
        if type(v) is not np.ndarray:
            raise TypeError(f"cannot save {path}: {type(v).__name__} is not an ndarray")
        if v.dtype.kind in "OU":
            return self._json_array(v, path)
        native = np.dtype(v.dtype.name) if v.dtype.kind in "fiub" else None
        if native not in _DTYPE_NAMES:
            raise TypeError(
                f"cannot save {path}: arrays of dtype {v.dtype} are not supported "
                "(float16/32/64, int8-64, uint8-64, bool, str or object of str)"
            )
        order = (
            "F"
            if v.ndim > 1 and v.flags.f_contiguous and not v.flags.c_contiguous
            else "C"
        )
        key = (id(v), order)
        if key not in self._names:
            data = v.T if order == "F" else v
            data = np.ascontiguousarray(data, dtype=data.dtype.newbyteorder("<"))
            self._names[key] = f"t{len(self.tensors)}"
            self.tensors[self._names[key]] = data
            self._keep.append(v)
        return {"$array": {"tensor": self._names[key], "order": order}}

    def _json_array(self, v, path):
        if v.ndim > 2:
            raise TypeError(f"cannot save {path}: str/object arrays must be 1-D or 2-D")
        flat = v.ravel(order="C").tolist()
        if v.dtype.kind == "U":
            dtype = f"U{max(v.dtype.itemsize // 4, 1)}"
        else:
            dtype = "object"
            for i, x in enumerate(flat):
                if not _is_scalar(x):
                    raise TypeError(
                        f"cannot save {path}: object arrays may hold only str, "
                        f"numbers, bool and None; got {type(x).__name__} at {i}"
                    )
        data = [self.value(x, f"{path}[{i}]") for i, x in enumerate(flat)]
        return {"$objarray": {"dtype": dtype, "shape": list(v.shape), "data": data}}

    def plain(self, v, path):
        """JSON for a config: scalars, lists, tuples and dicts of those only."""
        if isinstance(v, np.ndarray) or not _plain_value(v):
            raise TypeError(f"cannot save {path}: a config holds JSON values only")
        return self.value(v, path)

    def estimator(self, est, path, depth=0):
        """JSON for an estimator of an allowed class: params and fitted state."""
        cid = CLASS_IDS[type(est)]
        spec = ALLOWED[cid]
        if spec.prepare is not None:
            spec.prepare(est)
        params = est.get_params(deep=False)
        skip = set(params) | set(spec.derived) | _RUNTIME
        attrs = {k: v for k, v in vars(est).items() if k not in skip}
        unknown = sorted(set(attrs) - set(spec.attrs))
        if unknown:
            raise TypeError(
                f"cannot save {path}.{unknown[0]}: skreg has no schema for "
                f"attribute {unknown[0]!r} of {cid}, and does not drop attributes "
                "silently"
            )
        return {
            "$est": {
                "class": cid,
                "params": {
                    k: self.value(v, f"{path}.{k}", depth + 1)
                    for k, v in params.items()
                },
                "attrs": {
                    k: self.value(v, f"{path}.{k}", depth + 1) for k, v in attrs.items()
                },
            }
        }


#: what scikit-learn's callback API sets on an estimator: observers of a fit
#: (progress bars, monitors), not part of the model; never stored
_RUNTIME = frozenset({"_skl_callbacks", "_parent_callback_ctx"})


def _plain_value(v):
    if _is_scalar(v):
        return True
    if type(v) in (list, tuple):
        return all(_plain_value(x) for x in v)
    if type(v) is dict:
        return all(_is_scalar(k) and _plain_value(x) for k, x in v.items())
    return False


def _refusal(v, path):
    """The TypeError message for a value skreg cannot store."""
    t = type(v)
    name = f"{t.__module__}.{t.__qualname__}"
    if hasattr(v, "fit") and hasattr(v, "get_params"):
        return (
            f"cannot save {path}: {name} is not an allowed class; skreg.save "
            "stores only skreg estimators and the scikit-learn classes listed in "
            "skreg.persistence"
        )
    if callable(v):
        return (
            f"cannot save {path}: {name} is a callable, and skreg model files hold "
            "no code (replace a column selector by its list of columns)"
        )
    return f"cannot save {path}: values of type {name} cannot be stored exactly"


class Decoder:
    """A file's JSON tree -> plain values, :class:`TensorRef` and :class:`Node`."""

    def __init__(self, header):
        self.header = header  # tensor name -> (shape, dtype)
        self.used = set()
        self._tags = {
            "$float": self._float,
            "$np": self._np,
            "$tuple": self._tuple,
            "$dict": self._dict,
            "$slice": self._slice,
            "$dtype": self._dtype,
            "$type": self._type,
            "$array": self._array,
            "$objarray": self._objarray,
            "$est": self._est,
        }

    def value(self, j, path, depth=0):
        """Decode one JSON value of the tree."""
        if depth > MAX_DEPTH:
            raise UnsafeFileError(f"{path}: nested more than {MAX_DEPTH} deep")
        if j is None or type(j) in (bool, int, float, str):
            return j
        if type(j) is list:
            return [self.value(x, f"{path}[{i}]", depth + 1) for i, x in enumerate(j)]
        if type(j) is not dict or len(j) != 1:
            raise UnsafeFileError(
                f"{path}: a JSON object must hold exactly one known tag"
            )
        ((tag, payload),) = j.items()
        handler = self._tags.get(tag)
        if handler is not None:
            return handler(payload, path, depth + 1)
        if tag in EXTENSIONS:
            return EXTENSIONS[tag].decode(self, payload, path, depth + 1)
        raise UnsafeFileError(f"{path}: unknown tag {quote(tag)}")

    def fields(self, payload, names, path):
        """``payload`` as a JSON object with exactly the keys ``names``."""
        if type(payload) is not dict or set(payload) != set(names):
            raise UnsafeFileError(
                f"{path}: expected an object with keys {sorted(names)}"
            )
        return [payload[n] for n in names]

    def _float(self, payload, path, depth):
        if payload not in _NONFINITE:
            raise UnsafeFileError(f"{path}: $float must be 'inf', '-inf' or 'nan'")
        return _NONFINITE[payload]

    def _np(self, payload, path, depth):
        if type(payload) is not list or len(payload) != 2:
            raise UnsafeFileError(f"{path}: $np must be [type name, value]")
        name, raw = payload
        t = SCALAR_TYPES.get(name) if type(name) is str else None
        if t is None:
            raise UnsafeFileError(f"{path}: unknown NumPy scalar type {quote(name)}")
        value = self.value(raw, path, depth)
        if not _fits(t, value):
            raise UnsafeFileError(f"{path}: {describe(value)} is not a valid {name}")
        return t(value)

    def _tuple(self, payload, path, depth):
        if type(payload) is not list:
            raise UnsafeFileError(f"{path}: $tuple must hold a list")
        return tuple(self.value(payload, path, depth))

    def _dict(self, payload, path, depth):
        if type(payload) is not list:
            raise UnsafeFileError(f"{path}: $dict must hold a list of pairs")
        out = {}
        for pair in payload:
            if type(pair) is not list or len(pair) != 2:
                raise UnsafeFileError(f"{path}: $dict must hold a list of pairs")
            key = self.value(pair[0], path, depth)
            if not _is_scalar(key) or key in out:
                raise UnsafeFileError(f"{path}: bad or repeated dict key {quote(key)}")
            out[key] = self.value(pair[1], f"{path}[{quote(key)}]", depth + 1)
        return out

    def _slice(self, payload, path, depth):
        ok = type(payload) is list and len(payload) == 3
        if not ok or any(x is not None and type(x) is not int for x in payload):
            raise UnsafeFileError(f"{path}: $slice must be [start, stop, step]")
        return slice(*payload)

    def _dtype(self, payload, path, depth):
        if type(payload) is not str or payload not in DTYPES:
            raise UnsafeFileError(f"{path}: unknown dtype {quote(payload)}")
        return DTYPES[payload]

    def _type(self, payload, path, depth):
        if type(payload) is not str or payload not in TYPES:
            raise UnsafeFileError(f"{path}: unknown type {quote(payload)}")
        return TYPES[payload]

    def _array(self, payload, path, depth):
        name, order = self.fields(payload, ("tensor", "order"), path)
        if type(name) is not str or name not in self.header:
            raise UnsafeFileError(f"{path}: no tensor named {quote(name)} in the file")
        shape, dtype = self.header[name]
        if order not in ("C", "F") or (order == "F" and len(shape) < 2):
            raise UnsafeFileError(f"{path}: bad memory order {quote(order)}")
        self.used.add(name)
        if order == "F":
            shape = shape[::-1]
        return TensorRef(name, shape, dtype, order)

    def _objarray(self, payload, path, depth):
        dtype, shape, data = self.fields(payload, ("dtype", "shape", "data"), path)
        ok_shape = type(shape) is list and len(shape) <= 2
        if not ok_shape or any(type(n) is not int or n < 0 for n in shape):
            raise UnsafeFileError(f"{path}: bad array shape")
        if type(data) is not list or math.prod(shape) != len(data):
            raise UnsafeFileError(f"{path}: array data does not match shape {shape}")
        items = [self.value(x, f"{path}[{i}]", depth + 1) for i, x in enumerate(data)]
        if dtype == "object":
            if not all(_is_scalar(x) for x in items):
                raise UnsafeFileError(f"{path}: object arrays hold scalars only")
            arr = np.empty(len(items), dtype=object)
            for i, x in enumerate(items):
                arr[i] = x
            return arr.reshape(shape)
        if type(dtype) is not str or not _UNICODE.fullmatch(dtype):
            raise UnsafeFileError(f"{path}: unknown array dtype {quote(dtype)}")
        width = int(dtype[1:])
        if len(items) * width > MAX_STR_ARRAY_CHARS:
            raise UnsafeFileError(f"{path}: str array larger than the limit")
        if not all(type(x) is str and len(x) <= width for x in items):
            raise UnsafeFileError(f"{path}: {dtype} array holding non-{dtype} items")
        return np.array(items, dtype=f"<{dtype}").reshape(shape)

    def _est(self, payload, path, depth):
        cid, params, attrs = self.fields(payload, ("class", "params", "attrs"), path)
        spec = ALLOWED.get(cid) if type(cid) is str else None
        if spec is None:
            raise UnsafeFileError(f"{path}: class {quote(cid)} is not an allowed class")
        if type(params) is not dict or type(attrs) is not dict:
            raise UnsafeFileError(f"{path}: params and attrs must be JSON objects")
        for what, names, allowed in (
            ("parameter", params, spec.param_names),
            ("attribute", attrs, spec.attrs),
        ):
            unknown = sorted(set(names) - set(allowed))
            if unknown:
                raise UnsafeFileError(
                    f"{path}: {cid} has no {what} {quote(unknown[0])}"
                )
        if path == ROOT:
            path = cid.rsplit(".", 1)[-1]
        return Node(
            cid,
            {k: self.value(v, f"{path}.{k}", depth + 1) for k, v in params.items()},
            {k: self.value(v, f"{path}.{k}", depth + 1) for k, v in attrs.items()},
            path,
        )


def _fits(t, value):
    """Whether the decoded JSON ``value`` converts to NumPy scalar type ``t``."""
    if t is np.bool_:
        return type(value) is bool
    if t is np.str_:
        return type(value) is str
    if issubclass(t, np.integer):
        info = np.iinfo(t)
        return type(value) is int and info.min <= value <= info.max
    return type(value) is float


def validate(root):
    """Check every estimator of a decoded tree against its class schema."""
    if not isinstance(root, Node):
        raise UnsafeFileError("the file's tree does not describe an estimator")
    for node in _nodes(root):
        ALLOWED[node.cid].validate(node)


def _nodes(value):
    """Every Node inside a decoded value (depth already bounded by the Decoder)."""
    if isinstance(value, Node):
        yield value
        for v in (*value.params.values(), *value.attrs.values()):
            yield from _nodes(v)
    elif type(value) in (list, tuple):
        for v in value:
            yield from _nodes(v)
    elif type(value) is dict:
        for v in value.values():
            yield from _nodes(v)


class Builder:
    """Validated tree + loaded arrays -> objects of the allowed classes."""

    def __init__(self, arrays):
        self.arrays = arrays
        self._views = {}

    def value(self, v):
        """The object for one decoded value."""
        if isinstance(v, TensorRef):
            key = (v.name, v.order)
            if key not in self._views:
                arr = self.arrays[v.name]
                self._views[key] = arr.T if v.order == "F" else arr
            return self._views[key]
        if isinstance(v, Node):
            return self.estimator(v)
        if isinstance(v, Ext):
            return EXTENSIONS[v.tag].build(self, v)
        if type(v) is list:
            return [self.value(x) for x in v]
        if type(v) is tuple:
            return tuple(self.value(x) for x in v)
        if type(v) is dict:
            return {k: self.value(x) for k, x in v.items()}
        return v

    def estimator(self, node):
        """Instantiate an allowed class, check its params, set its state."""
        spec = ALLOWED[node.cid]
        est = spec.cls(**{k: self.value(v) for k, v in node.params.items()})
        try:
            est._validate_params()
        except (ValueError, TypeError) as exc:
            raise UnsafeFileError(f"{node.path}: invalid parameters: {exc}") from None
        for name, v in node.attrs.items():
            setattr(est, name, self.value(v))
        if spec.finish is not None:
            try:
                spec.finish(est)
            except (ValueError, TypeError, KeyError) as exc:
                raise UnsafeFileError(f"{node.path}: {exc}") from None
        return est
