"""Safe model files: :func:`save` and :func:`load`, which never run code from a file.

``pickle`` and ``joblib`` files run code when loaded. A skreg model file holds
data only, and :func:`load` turns it into an estimator without importing a
module, looking up an attribute, evaluating text or falling back to another
loader: every name in the file is a key into a dict literal of allowed
classes or types, every value is checked against a schema before any object is
built.

The format (version 1)
----------------------
One `safetensors <https://github.com/huggingface/safetensors>`_ file (little
endian tensors, UTF-8 JSON header; safetensors does all binary parsing). Its
``__metadata__`` string map holds exactly these keys:

``format``
    ``"skreg.model"``.
``format_version``
    ``"1"``. A file of a newer version is refused with the skreg version
    needed; older versions stay readable.
``skreg_version``, ``sklearn_version``
    The versions that wrote the file. Loading under another scikit-learn version
    warns (:class:`SklearnVersionWarning`).
``tree``
    One JSON document describing the estimator (below).
``checksum``
    ``"sha256:<hex>"`` over the other metadata entries and every tensor's
    name, dtype, shape and bytes: a corrupted file is refused as such.

Every numeric array (float16/32/64, int8-64, uint8-64, bool) is a tensor named
``t0``, ``t1``, ... (an array shared by two attributes is stored once and
shared again when loaded; a strided view comes back as a C-ordered copy).
Strings never go into tensors.

The tree is plain JSON where a JSON object is always exactly one tag:

- JSON ``null``, ``true``/``false``, ints (64 bits at most), finite floats,
  strings and lists stand for themselves; ``{"$float": "inf" | "-inf" | "nan"}``
  for the other floats; ``{"$tuple": [...]}``; ``{"$dict": [[key, value],
  ...]}`` with scalar keys; ``{"$slice": [start, stop, step]}``;
- ``{"$np": [type, value]}`` for a NumPy scalar (``"float64"``, ``"int32"``,
  ``"bool"``, ``"str"``, ...), ``{"$dtype": name}`` for a dtype object and
  ``{"$type": name}`` for a type such as ``numpy.float32``, each from a fixed list;
- ``{"$array": {"tensor": "t3", "order": "C" | "F"}}`` for a numeric array
  (Fortran-ordered arrays come back Fortran-ordered, so that BLAS takes the
  same path and predictions stay bitwise identical);
  ``{"$objarray": {"dtype": "object" | "U<n>", "shape": [...], "data": [...]}}``
  for an array of str (object arrays may also hold numbers, bool and None);
- ``{"$est": {"class": id, "params": {...}, "attrs": {...}}}`` for an estimator
  of an allowed class: its constructor parameters (``get_params(deep=False)``)
  and its fitted attributes (every other entry of ``vars(est)``);
- ``{"$network" | "$optimizer" | "$schedule" | "$progress": {...}}`` for the
  parts of a fitted MLP: the network's config (layers and loss by registry name)
  and state dict, the optimizer's and schedule's registry name, config and
  state, the training counters. ``coefs_``, ``intercepts_`` and the ``bn_*_``
  lists are views of the network, published again when loading;
- ``{"$remainder_cols": {...}}`` for scikit-learn 1.6's remainder column list.

Allowed classes (identifier = public import path): ``skreg.ZScoreScaler``,
``skreg.MinMaxScaler``, ``skreg.RegularizedMLPClassifier``,
``skreg.RegularizedMLPRegressor`` and from scikit-learn ``Pipeline``,
``ColumnTransformer``, ``OneHotEncoder``, ``SimpleImputer`` (with its
``MissingIndicator``), ``StandardScaler``, ``MinMaxScaler``,
``LinearRegression``, ``Ridge``, ``Lasso``, ``ElasticNet`` and
``LogisticRegression``, plus ``LabelBinarizer`` (inside the MLP classifier) and
``FunctionTransformer`` as the identity only (``func=None``): the fitted
``ColumnTransformer`` uses it for ``"passthrough"`` columns. Column
specifications may be str/int/bool lists, slices, boolean masks or a single
column; a callable column selector is refused when saving (a file holds no
code). Pipelines must have ``memory=None``.

What loading checks, before building anything
---------------------------------------------
The path is a regular file; the format stamp and version; the exact set of
metadata keys; the tree's size (:data:`MAX_TREE_CHARS`); each tensor's dtype
(allow-list), shape and size against the file's size and the total against
``max_bytes`` (default :data:`DEFAULT_MAX_BYTES`), all from the header, before
any tensor is read; the checksum; the JSON (finite floats, 64-bit ints, no
repeated keys, nesting at most :data:`MAX_DEPTH`); every tag, class identifier,
parameter name and attribute name; every attribute against its class schema
(kind, dtype kind, ndim) and cross-field checks (e.g. ``coef_.shape[-1] ==
n_features_in_``); that every tensor is used. Then the classes are instantiated
with their parameters, which each estimator's ``_validate_params()`` checks,
and their fitted attributes are set. Any refusal raises :class:`UnsafeFileError`.

Saving refuses, with a ``TypeError`` naming the attribute path, anything that
would not come back exactly: classes outside the list (a custom transformer),
callables, random generators, attributes that a class's schema does not know,
object arrays of other objects, complex or datetime arrays.

Pickles of skreg estimators still work; they carry a ``_skreg_version`` stamp,
and unpickling one written by another skreg version warns
(:class:`InconsistentVersionWarning`).
"""

import os
import warnings
from numbers import Integral

import numpy as np
import sklearn

from skreg._base import InconsistentVersionWarning, skreg_version
from skreg.persistence._codec import (
    MAX_DEPTH,
    ROOT,
    Builder,
    Decoder,
    Encoder,
    validate,
)
from skreg.persistence._container import (
    DEFAULT_MAX_BYTES,
    FORMAT,
    FORMAT_VERSION,
    MAX_TENSORS,
    MAX_TREE_CHARS,
    parse_tree,
    read,
    write,
)
from skreg.persistence._errors import UnsafeFileError
from skreg.persistence._schemas import ALLOWED, CLASS_IDS

__all__ = [
    "ALLOWED",
    "DEFAULT_MAX_BYTES",
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_DEPTH",
    "MAX_TENSORS",
    "MAX_TREE_CHARS",
    "InconsistentVersionWarning",
    "SklearnVersionWarning",
    "UnsafeFileError",
    "load",
    "save",
]


class SklearnVersionWarning(UserWarning):
    """A model file written under another scikit-learn version is loaded.

    Its attributes passed this version's schemas, but scikit-learn does not
    promise the same results across versions.
    """


def save(estimator, path):
    """Write an estimator to a skreg model file that :func:`load` reads safely.

    Parameters
    ----------
    estimator : estimator
        A fitted (or unfitted) skreg estimator, or one of the scikit-learn classes
        listed in :mod:`skreg.persistence`, possibly nested in a ``Pipeline`` or
        ``ColumnTransformer``.
    path : str or os.PathLike
        File to write (the suffix ``.skreg`` is a good habit).

    Raises
    ------
    TypeError
        If anything in the estimator cannot be stored exactly (a class outside
        the allowed list, a callable, an attribute without schema...); the
        message names its attribute path. Nothing is written then.

    See Also
    --------
    load : Read the file back.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import Ridge
    >>> from sklearn.pipeline import make_pipeline
    >>> import skreg
    >>> X, y = load_diabetes(return_X_y=True)
    >>> model = make_pipeline(skreg.ZScoreScaler(), Ridge()).fit(X, y)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "model.skreg")
    ...     skreg.save(model, path)
    ...     loaded = skreg.load(path)
    >>> bool((loaded.predict(X) == model.predict(X)).all())
    True
    """
    if type(estimator) not in CLASS_IDS:
        Encoder().value(estimator, type(estimator).__name__)  # raises its refusal
        raise TypeError(
            f"cannot save a {type(estimator).__name__}: skreg.save stores an "
            "estimator of an allowed class"
        )
    path = _checked_path(path)
    root = type(estimator).__name__
    encoder = Encoder()
    tree = encoder.value(estimator, root)
    header = {
        name: (arr.shape, np.dtype(arr.dtype.name))
        for name, arr in encoder.tensors.items()
    }
    # Check what is written the way load will, so that whatever saves also loads.
    try:
        validate(Decoder(header).value(tree, ROOT))
    except UnsafeFileError as exc:
        raise TypeError(f"cannot save {exc}") from None
    versions = {
        "skreg_version": skreg_version(),
        "sklearn_version": sklearn.__version__,
    }
    write(path, tree, encoder.tensors, versions)


def load(path, *, max_bytes=DEFAULT_MAX_BYTES):
    """Read an estimator from a skreg model file, checking everything first.

    No code from the file ever runs: class names, dtypes and types are looked up
    in literal allow-lists, and the whole description is checked against the
    classes' schemas before any object is built.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by :func:`save`.
    max_bytes : int, default=DEFAULT_MAX_BYTES
        Refuse a file whose tensors take more bytes than this (4 GiB by default),
        before reading them.

    Returns
    -------
    estimator : estimator
        The estimator as it was saved: same parameters, same fitted state,
        bitwise identical predictions.

    Raises
    ------
    UnsafeFileError
        If the file is not a skreg model file, is corrupted or truncated, comes
        from a newer format version, exceeds a limit, or describes anything
        outside the allowed classes and their schemas.

    See Also
    --------
    save : Write a model file.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> import skreg
    >>> scaler = skreg.ZScoreScaler().fit([[1.0, 10.0], [3.0, 30.0]])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "scaler.skreg")
    ...     skreg.save(scaler, path)
    ...     loaded = skreg.load(path)
    >>> loaded
    ZScoreScaler()
    >>> loaded.transform([[2.0, 20.0]])
    array([[0., 0.]])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "model.skreg")
    ...     with open(path, "wb") as fh:
    ...         _ = fh.write(b"\\x80\\x04 a pickle, renamed")
    ...     skreg.load(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    skreg.persistence.UnsafeFileError: ... is not a skreg model file ...
    """
    path = _checked_path(path)
    metadata, header, arrays = read(path, _checked_max_bytes(max_bytes))
    decoder = Decoder(header)
    root = decoder.value(parse_tree(metadata["tree"]), ROOT)
    validate(root)
    unused = sorted(set(header) - decoder.used)
    if unused:
        raise UnsafeFileError(f"{path}: tensor {unused[0]!r} is not used by the tree")
    if metadata["sklearn_version"] != sklearn.__version__:
        warnings.warn(
            f"{path} was saved with scikit-learn {metadata['sklearn_version'][:30]}; "
            f"this is scikit-learn {sklearn.__version__}. Its attributes passed "
            "this version's schemas, but results may differ: refit, or check it.",
            SklearnVersionWarning,
            stacklevel=2,
        )
    return Builder(arrays).estimator(root)


def _checked_path(path):
    """``path`` as a str, refusing bytes and other objects."""
    try:
        path = os.fspath(path)
    except TypeError:
        raise TypeError(f"path must be a str or os.PathLike; got {path!r}") from None
    if not isinstance(path, str):
        raise TypeError(f"path must be a str or os.PathLike; got {path!r}")
    return path


def _checked_max_bytes(max_bytes):
    """``max_bytes`` as an int >= 1."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, Integral):
        raise TypeError(
            f"max_bytes must be an int; got {type(max_bytes).__name__} {max_bytes!r}"
        )
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be >= 1; got max_bytes={max_bytes}")
    return int(max_bytes)
