"""Kinds: what a fitted attribute may hold, checked on the decoded tree.

Each kind answers ``matches(value)`` for a value as decoded from a file (arrays
still :class:`TensorRef`, estimators still :class:`Node`) and describes itself
for error messages. Schemas in ``_schemas`` are dicts of attribute name -> kind.
"""

import numpy as np

from skreg.persistence._tree import Ext, Node, TensorRef

__all__ = [
    "BOOL",
    "DTYPE",
    "FLOAT",
    "INT",
    "LABELS",
    "NONE",
    "REAL",
    "SLICE",
    "STR",
    "STR_ARRAY",
    "AnyOf",
    "Array",
    "Const",
    "DictOf",
    "Est",
    "ExtOf",
    "Int",
    "ListOf",
    "ObjArray",
    "TupleOf",
]


class Kind:
    """A predicate on decoded values, with a description."""

    def __init__(self, text, test):
        self.text = text
        self.test = test

    def matches(self, value):
        return self.test(value)

    def __str__(self):
        return self.text

    def __or__(self, other):
        return AnyOf(self, other)


def _is_int(v):
    return (type(v) is int) or isinstance(v, np.integer)


def Int(lo=None):
    """An integer (Python or NumPy), optionally at least ``lo``."""
    if lo is None:
        return Kind("an int", _is_int)
    return Kind(f"an int >= {lo}", lambda v: _is_int(v) and v >= lo)


INT = Int()
FLOAT = Kind("a float", lambda v: type(v) is float or isinstance(v, np.floating))
REAL = Kind("a real number", lambda v: INT.matches(v) or FLOAT.matches(v))
BOOL = Kind("a bool", lambda v: type(v) is bool or isinstance(v, np.bool_))
STR = Kind("a str", lambda v: type(v) is str or isinstance(v, np.str_))
NONE = Kind("None", lambda v: v is None)
SLICE = Kind("a slice", lambda v: type(v) is slice)
DTYPE = Kind("a NumPy dtype", lambda v: isinstance(v, np.dtype))


def Const(*values):
    """One of the given strings."""
    text = " or ".join(map(repr, values))
    return Kind(text, lambda v: STR.matches(v) and v in values)


def AnyOf(*kinds):
    """Any of the given kinds."""
    text = " or ".join(str(k) for k in kinds)
    return Kind(text, lambda v: any(k.matches(v) for k in kinds))


def ListOf(kind):
    """A list whose items are all ``kind``."""
    return Kind(
        f"a list of ({kind})",
        lambda v: type(v) is list and all(kind.matches(x) for x in v),
    )


def TupleOf(*kinds):
    """A tuple of exactly ``len(kinds)`` items of the given kinds."""
    return Kind(
        f"a tuple of ({', '.join(map(str, kinds))})",
        lambda v: (
            type(v) is tuple
            and len(v) == len(kinds)
            and all(k.matches(x) for k, x in zip(kinds, v, strict=True))
        ),
    )


def DictOf(key, value):
    """A dict of ``key`` -> ``value``."""
    return Kind(
        f"a dict of ({key}) -> ({value})",
        lambda v: (
            type(v) is dict
            and all(key.matches(a) and value.matches(b) for a, b in v.items())
        ),
    )


def Array(kinds, ndims=(1,)):
    """A tensor whose dtype kind is one of ``kinds`` ('f', 'i', 'u', 'b')."""
    names = {"f": "float", "i": "int", "u": "uint", "b": "bool"}
    text = f"a {'/'.join(names[k] for k in kinds)} array with ndim in {list(ndims)}"
    return Kind(
        text,
        lambda v: (
            isinstance(v, TensorRef) and v.dtype.kind in kinds and v.ndim in ndims
        ),
    )


def _obj_array(v, ndims, strings):
    if not isinstance(v, np.ndarray) or v.ndim not in ndims:
        return False
    if v.dtype.kind == "U":
        return True
    if v.dtype != object:
        return False
    return not strings or all(type(x) is str for x in v.flat)


def ObjArray(ndims=(1,), strings=False):
    """An array stored in JSON: dtype object or unicode (``strings``: str only)."""
    what = "str" if strings else "object/str"
    return Kind(
        f"a {what} array with ndim in {list(ndims)}",
        lambda v: _obj_array(v, ndims, strings),
    )


STR_ARRAY = ObjArray(strings=True)
LABELS = AnyOf(Array("fiub"), ObjArray())


def Est(*cids):
    """A nested estimator of one of the given class identifiers (any if none)."""
    text = f"an estimator ({', '.join(cids)})" if cids else "an estimator"
    return Kind(text, lambda v: isinstance(v, Node) and (not cids or v.cid in cids))


def ExtOf(tag):
    """A registered MLP engine object of the given tag (e.g. ``"$network"``)."""
    return Kind(f"a {tag[1:]}", lambda v: isinstance(v, Ext) and v.tag == tag)
