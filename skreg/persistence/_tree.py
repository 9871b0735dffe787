"""What a file's JSON tree decodes to before anything is built.

Arrays stay references to tensors (shape and dtype from the header, data not
read yet), estimators stay :class:`Node` records, objects of the MLP engine
stay :class:`Ext` records: schemas and cross-field checks run on these.
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["Ext", "Node", "TensorRef", "describe"]


@dataclass(frozen=True)
class TensorRef:
    """A tensor of the file: its name, header shape and dtype, memory order."""

    name: str
    shape: tuple
    dtype: np.dtype
    order: str = "C"

    @property
    def ndim(self):
        return len(self.shape)


@dataclass
class Node:
    """An estimator: allowed class identifier, params and fitted attributes."""

    cid: str
    params: dict
    attrs: dict
    path: str


@dataclass
class Ext:
    """A registered object of the MLP engine (network, optimizer, schedule)."""

    tag: str
    payload: dict
    path: str


def describe(value):
    """A short, safe description of a decoded value for error messages."""
    if isinstance(value, TensorRef):
        return f"a {value.dtype} array of shape {value.shape}"
    if isinstance(value, np.ndarray):
        return f"a {value.dtype} array of shape {value.shape}"
    if isinstance(value, Node):
        return f"an estimator {value.cid!r}"
    if isinstance(value, Ext):
        return f"a {value.tag[1:]}"
    if isinstance(value, (list, tuple, dict)):
        return f"a {type(value).__name__} of length {len(value)}"
    text = repr(value)
    return text if len(text) <= 60 else f"a {type(value).__name__}"
