"""ClassSpec: what a file may say about one allowed class, and shared checks."""

from dataclasses import dataclass, field

import numpy as np

from skreg.persistence._errors import UnsafeFileError
from skreg.persistence._kinds import STR, STR_ARRAY, Const, DictOf, Int
from skreg.persistence._tree import TensorRef, describe

__all__ = ["COMMON", "ClassSpec", "check_features", "length", "per_feature", "shape"]

#: attributes every fitted scikit-learn style estimator may have
COMMON = {
    "n_features_in_": Int(0),
    "feature_names_in_": STR_ARRAY,
    "_sklearn_output_config": DictOf(STR, Const("default", "pandas", "polars")),
}


@dataclass
class ClassSpec:
    """What a file may say about one allowed class."""

    cls: type
    attrs: dict = field(default_factory=dict)
    required: tuple = ()
    always: tuple = ("_sklearn_output_config",)  # set before fit too
    params: dict = field(default_factory=dict)  # kinds of params needing one
    checks: tuple = ()  # (params, attrs) -> error message or None
    derived: tuple = ()  # attributes rebuilt by ``finish``: never stored
    prepare: object = None  # est -> None, run before saving
    finish: object = None  # est -> None, run once the attributes are set

    def __post_init__(self):
        self.param_names = frozenset(self.cls._get_param_names())

    def validate(self, node):
        """Kinds of params and attributes, completeness, cross-field checks."""
        for what, values, kinds in (
            ("parameter", node.params, self.params),
            ("attribute", node.attrs, self.attrs),
        ):
            for name, value in values.items():
                kind = kinds.get(name)
                if kind is not None and not kind.matches(value):
                    raise UnsafeFileError(
                        f"{node.path}.{name}: {what} must be {kind}; "
                        f"got {describe(value)}"
                    )
        fitted = set(node.attrs) - set(self.always)
        missing = [name for name in self.required if name not in node.attrs]
        if fitted and missing:
            raise UnsafeFileError(
                f"{node.path}: a fitted {node.cid} needs attribute {missing[0]!r}"
            )
        for check in self.checks:
            message = check(node.params, node.attrs)
            if message:
                raise UnsafeFileError(f"{node.path}: {message}")


def shape(v):
    """Shape of a tensor reference or JSON array, None for anything else."""
    return tuple(v.shape) if isinstance(v, (TensorRef, np.ndarray)) else None


def length(v):
    """Length of a 1-D array or a list/tuple."""
    s = shape(v)
    if s is not None:
        return s[0] if s else None
    return len(v) if type(v) in (list, tuple) else None


def check_features(params, attrs):
    names, n = attrs.get("feature_names_in_"), attrs.get("n_features_in_")
    if names is not None and (n is None or len(names) != n):
        return f"feature_names_in_ holds {len(names)} names; n_features_in_={n}"
    return None


def per_feature(*names):
    """Check that each named array (when present) has shape (n_features_in_,)."""

    def check(params, attrs):
        n = attrs.get("n_features_in_")
        for name in names:
            value = attrs.get(name)
            values = value if type(value) is tuple else (value,)
            for v in values:
                if shape(v) is not None and shape(v) != (n,):
                    return (
                        f"{name} has shape {shape(v)}; expected ({n},) for "
                        f"n_features_in_={n}"
                    )
        return None

    return check
