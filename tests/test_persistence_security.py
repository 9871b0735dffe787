"""skreg.load refuses tampered, malformed and foreign files, and never runs code.

Most tampered files below carry a valid checksum (recomputed after the edit), so
that they reach the checks behind it: the checksum only catches accidents.
"""

import builtins
import contextlib
import importlib
import json
import os
import pickle
import struct
import subprocess
import sys

import joblib
import numpy as np
import pytest
from safetensors import safe_open
from safetensors.numpy import save_file
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

import skreg
from skreg import ZScoreScaler
from skreg.persistence import MAX_TREE_CHARS, UnsafeFileError
from skreg.persistence._container import checksum

# --------------------------------------------------------------------------
# Guard: fail if loading imports, evaluates, unpickles or spawns anything


class CodeRan(BaseException):
    """Raised by the guard; a BaseException so that no `except` swallows it."""


def _forbidden(what):
    def call(*args, **kwargs):
        raise CodeRan(f"{what} called with {args!r:.80}")

    return call


@contextlib.contextmanager
def no_code_runs():
    """Patch every way to run code; check that no new module got imported."""
    real_import = builtins.__import__
    before = set(sys.modules)

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name not in sys.modules:
            raise CodeRan(f"import of {name!r}")
        return real_import(name, globals, locals, fromlist, level)

    patches = [
        (builtins, "__import__", guarded_import),
        (builtins, "eval", _forbidden("eval")),
        (builtins, "exec", _forbidden("exec")),
        (builtins, "compile", _forbidden("compile")),
        (importlib, "import_module", _forbidden("importlib.import_module")),
        (os, "system", _forbidden("os.system")),
        (os, "popen", _forbidden("os.popen")),
        (subprocess, "Popen", _forbidden("subprocess.Popen")),
        (pickle, "loads", _forbidden("pickle.loads")),
        (pickle, "load", _forbidden("pickle.load")),
        (joblib, "load", _forbidden("joblib.load")),
        (np, "load", _forbidden("numpy.load")),
    ]
    with pytest.MonkeyPatch.context() as mp:
        for target, name, value in patches:
            mp.setattr(target, name, value)
        yield
    assert set(sys.modules) == before, set(sys.modules) - before


def refused(path, match, **kwargs):
    """Load ``path`` under the guard; it must raise UnsafeFileError matching."""
    with no_code_runs(), pytest.raises(UnsafeFileError, match=match):
        skreg.load(path, **kwargs)


# --------------------------------------------------------------------------
# Files to tamper with


@pytest.fixture(scope="module")
def models():
    X, y = load_diabetes(return_X_y=True, as_frame=True)
    return {
        "ridge": Ridge().fit(X, y),
        "pipe": make_pipeline(ZScoreScaler(), Ridge()).fit(X, y),
    }


def parts(path):
    with safe_open(path, framework="numpy") as f:
        return dict(f.metadata()), {k: f.get_tensor(k) for k in f.keys()}


def rewrite(path, *, tree=None, meta=None, tensors=None, fix_checksum=True):
    """Edit a model file in place; the edits are functions mutating their input."""
    metadata, arrays = parts(path)
    if tree is not None:
        document = json.loads(metadata["tree"])
        document = tree(document) or document
        metadata["tree"] = json.dumps(document)
    if meta is not None:
        meta(metadata)
    if tensors is not None:
        tensors(arrays)
    if fix_checksum:
        metadata["checksum"] = checksum(metadata, arrays)
    save_file(arrays, path, metadata=metadata)
    return path


def saved(models, tmp_path, name="ridge"):
    path = tmp_path / "model.skreg"
    skreg.save(models[name], path)
    return path


def est_of(tree, step=None):
    """The `$est` payload of the root, or of a pipeline step."""
    est = tree["$est"]
    if step is not None:
        est = est["params"]["steps"][step]["$tuple"][1]["$est"]
    return est


def tensor_of(path, attr, step=None):
    with safe_open(path, framework="numpy") as f:
        document = json.loads(f.metadata()["tree"])
    return est_of(document, step)["attrs"][attr]["$array"]["tensor"]


def raw_safetensors(header, data=b""):
    """Bytes of a safetensors file with a hand-written header (a writer only)."""
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


# --------------------------------------------------------------------------
# The guard itself


def test_a_valid_file_loads_under_the_guard(models, tmp_path):
    path = saved(models, tmp_path, "pipe")
    skreg.load(path)  # warm: the first load may touch lazily imported modules
    with no_code_runs():
        loaded = skreg.load(path)
    assert type(loaded[1]) is Ridge


def test_the_guard_catches_code_running():
    with pytest.raises(CodeRan), no_code_runs():
        os.system("true")
    with pytest.raises(CodeRan), no_code_runs():
        __import__("skreg_no_such_module")


def test_strings_in_data_stay_data(tmp_path):
    names = ["__import__('os').system('x')", "__class__", "os.system", "$est"]
    X = np.arange(12.0).reshape(3, 4)
    import pandas as pd

    scaler = ZScoreScaler().fit(pd.DataFrame(X, columns=names))
    path = tmp_path / "model.skreg"
    skreg.save(scaler, path)
    skreg.load(path)
    with no_code_runs():
        loaded = skreg.load(path)
    assert list(loaded.feature_names_in_) == names


# --------------------------------------------------------------------------
# Names: classes, params, attributes, tags


@pytest.mark.parametrize(
    "cid",
    [
        "os.system",
        "builtins.eval",
        "skreg.NotAClass",
        "sklearn.pipeline.__class__",
        "sklearn.pipeline.Pipeline.__init__",
        "skreg.persistence._schemas.ALLOWED",
        "numpy.load",
        "__import__",
        "",
        1,
    ],
)
@pytest.mark.parametrize("where", ["root", "nested"])
def test_unknown_class_identifiers_are_refused(models, tmp_path, cid, where):
    path = saved(models, tmp_path, "pipe")
    step = None if where == "root" else 1
    rewrite(path, tree=lambda t: est_of(t, step).__setitem__("class", cid))
    refused(path, "is not an allowed class")


@pytest.mark.parametrize("name", ["__class__", "__dict__", "__reduce__", "a.b"])
def test_unknown_parameter_names_are_refused(models, tmp_path, name):
    path = saved(models, tmp_path)
    rewrite(path, tree=lambda t: est_of(t)["params"].__setitem__(name, 1))
    refused(path, "has no parameter")


@pytest.mark.parametrize(
    "name", ["__class__", "__dict__", "__setstate__", "fit", "predict", "coefs_"]
)
def test_unknown_attribute_names_are_refused(models, tmp_path, name):
    path = saved(models, tmp_path)
    rewrite(path, tree=lambda t: est_of(t)["attrs"].__setitem__(name, 1))
    refused(path, "has no attribute")


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ({"$eval": "os.system('x')"}, "unknown tag"),
        ({"__reduce__": ["os.system", ["x"]]}, "unknown tag"),
        ({"a": 1}, "unknown tag"),
        ({"$tuple": [], "$dict": []}, "exactly one known tag"),
        ({"$type": "os.system"}, "unknown type"),
        ({"$type": "builtins.eval"}, "unknown type"),
        ({"$dtype": "O"}, "unknown dtype"),
        ({"$np": ["object", 1]}, "unknown NumPy scalar type"),
        ({"$np": ["os.system", "x"]}, "unknown NumPy scalar type"),
        ({"$np": ["int8", 300]}, "not a valid int8"),
        ({"$np": ["float64", "1.0"]}, "not a valid float64"),
        ({"$float": "1e3"}, r"\$float must be"),
        ({"$slice": ["a", None, None]}, r"\$slice must be"),
        ({"$dict": [[[1], 2]]}, "bad or repeated dict key"),
        ({"$dict": [["k", 1], ["k", 2]]}, "bad or repeated dict key"),
        ({"$array": {"tensor": "missing", "order": "C"}}, "no tensor named"),
        ({"$array": {"tensor": "t0", "order": "X"}}, "bad memory order"),
        ({"$array": {"tensor": "t0", "order": "F"}}, "bad memory order"),
        (
            {"$objarray": {"dtype": "V8", "shape": [1], "data": ["x"]}},
            "unknown array dtype",
        ),
        (
            {"$objarray": {"dtype": "U2", "shape": [1], "data": ["long"]}},
            "non-U2 items",
        ),
        (
            {"$objarray": {"dtype": "object", "shape": [10**9], "data": []}},
            "does not match shape",
        ),
        (
            {"$objarray": {"dtype": "U4000000", "shape": [8], "data": ["a"] * 8}},
            "larger than the limit",
        ),
        (
            {"$objarray": {"dtype": "object", "shape": [1], "data": [[1]]}},
            "scalars only",
        ),
        (
            {
                "$objarray": {
                    "dtype": "object",
                    "shape": [1],
                    "data": [{"$type": "float"}],
                }
            },
            "scalars only",
        ),
        ({"$remainder_cols": {"columns": "x"}}, "expected an object with keys"),
    ],
)
def test_malformed_values_are_refused(models, tmp_path, value, match):
    path = saved(models, tmp_path)
    rewrite(path, tree=lambda t: est_of(t)["params"].__setitem__("alpha", value))
    refused(path, match)


def test_the_root_must_be_an_estimator(models, tmp_path):
    path = saved(models, tmp_path)
    rewrite(path, tree=lambda t: [1, 2])
    refused(path, "does not describe an estimator")


# --------------------------------------------------------------------------
# Values that do not fit the schemas


def _retensor(path, attr, value, step=None):
    name = tensor_of(path, attr, step)
    return rewrite(path, tensors=lambda a: a.__setitem__(name, value))


def test_wrong_shapes_are_refused(models, tmp_path):
    path = saved(models, tmp_path)
    _retensor(path, "coef_", np.zeros(11))
    refused(path, r"coef_ has shape \(11,\); its last axis must be n_features_in_=10")

    path = saved(models, tmp_path, "pipe")
    _retensor(path, "mean_", np.zeros(9), step=0)
    refused(path, r"mean_ has shape \(9,\); expected \(10,\)")

    path = saved(models, tmp_path)
    _retensor(path, "coef_", np.zeros((2, 2, 10)))
    refused(path, "coef_: attribute must be a float array with ndim in")


def test_inconsistent_attributes_are_refused(models, tmp_path):
    path = saved(models, tmp_path)

    def shorter(t):
        names = est_of(t)["attrs"]["feature_names_in_"]["$objarray"]
        names["data"], names["shape"] = names["data"][:3], [3]

    rewrite(path, tree=shorter)
    refused(path, "feature_names_in_ holds 3 names; n_features_in_=10")

    path = saved(models, tmp_path)
    rewrite(path, tree=lambda t: est_of(t)["attrs"].__setitem__("n_features_in_", -1))
    refused(path, "n_features_in_: attribute must be an int >= 0")

    path = saved(models, tmp_path)
    rewrite(path, tree=lambda t: est_of(t)["attrs"].pop("coef_") and None)
    refused(path, "a fitted sklearn.linear_model.Ridge needs attribute 'coef_'")

    path = saved(models, tmp_path, "pipe")
    rewrite(path, tree=lambda t: est_of(t, 0)["params"].__setitem__("with_std", False))
    refused(path, "scale_ is .* with with_std=False")


def test_wrong_dtypes_are_refused(models, tmp_path):
    path = saved(models, tmp_path)
    _retensor(path, "coef_", np.arange(10))
    refused(path, "coef_: attribute must be a float array")

    path = tmp_path / "bf16.skreg"
    metadata, _ = parts(saved(models, tmp_path))
    header = {
        "__metadata__": metadata,
        "t0": {"dtype": "BF16", "shape": [10], "data_offsets": [0, 20]},
    }
    path.write_bytes(raw_safetensors(header, bytes(20)))
    refused(path, "has dtype 'BF16'; allowed are F16, F32, F64")


def test_invalid_parameter_values_are_refused(models, tmp_path):
    path = saved(models, tmp_path)
    rewrite(path, tree=lambda t: est_of(t)["params"].__setitem__("alpha", "abc"))
    refused(path, "Ridge: invalid parameters: The 'alpha' parameter")

    path = saved(models, tmp_path, "pipe")
    rewrite(path, tree=lambda t: est_of(t)["params"].__setitem__("memory", "/tmp"))
    refused(path, "Pipeline.memory: parameter must be None")

    path = tmp_path / "identity.skreg"
    skreg.save(FunctionTransformer(), path)
    rewrite(
        path, tree=lambda t: est_of(t)["params"].__setitem__("func", {"$type": "float"})
    )
    refused(path, "FunctionTransformer.func: parameter must be None")


def test_column_specifications_are_checked(tmp_path):
    X = np.arange(12.0).reshape(4, 3)
    ct = ColumnTransformer([("z", ZScoreScaler(), [0, 1])]).fit(X)
    path = tmp_path / "ct.skreg"
    skreg.save(ct, path)

    def out_of_range(t):
        est_of(t)["attrs"]["_columns"] = [[0, 7]]

    rewrite(path, tree=out_of_range)
    refused(path, "column 7 is out of range for 3 input features")


# --------------------------------------------------------------------------
# Sizes and limits


def test_huge_declared_tensors_are_refused(models, tmp_path):
    metadata, _ = parts(saved(models, tmp_path))
    path = tmp_path / "huge.skreg"
    header = {
        "__metadata__": metadata,
        "t0": {"dtype": "F64", "shape": [2**40], "data_offsets": [0, 8]},
    }
    path.write_bytes(raw_safetensors(header, bytes(8)))
    refused(path, "not a valid safetensors file|more than the file's")


def test_max_bytes_bounds_what_is_read(models, tmp_path):
    path = saved(models, tmp_path)
    refused(path, r"its tensors take 80 bytes, above max_bytes=79", max_bytes=79)
    assert skreg.load(path, max_bytes=80).coef_.shape == (10,)


def test_huge_trees_are_refused(models, tmp_path):
    path = saved(models, tmp_path)
    padding = " " * MAX_TREE_CHARS  # valid JSON whitespace, one character too many
    rewrite(path, meta=lambda m: m.__setitem__("tree", m["tree"] + padding))
    refused(path, f"its tree exceeds {MAX_TREE_CHARS} characters")


def test_deeply_nested_trees_are_refused(models, tmp_path):
    path = saved(models, tmp_path)
    bomb = "[" * 100_000 + "]" * 100_000
    rewrite(path, meta=lambda m: m.__setitem__("tree", bomb))
    refused(path, "nested too deeply")

    path = saved(models, tmp_path)
    deep = json.loads("[" * 300 + "]" * 300)
    rewrite(path, tree=lambda t: est_of(t)["params"].__setitem__("alpha", deep))
    refused(path, "nested more than 100 deep")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"$float": NaN}', "non-JSON constant NaN"),
        ("[Infinity]", "non-JSON constant Infinity"),
        ("[1e999]", "beyond float64"),
        (f"[{2**70}]", "beyond 64 bits"),
        ('{"$est": {"class": 1, "class": 2}}', "repeats a key"),
        ("{", "not valid JSON"),
    ],
)
def test_non_json_trees_are_refused(models, tmp_path, text, match):
    path = saved(models, tmp_path)
    rewrite(path, meta=lambda m: m.__setitem__("tree", text))
    refused(path, match)


def test_every_tensor_must_be_used_and_present(models, tmp_path):
    path = saved(models, tmp_path)
    rewrite(path, tensors=lambda a: a.__setitem__("t9", np.zeros(3)))
    refused(path, "tensor 't9' is not used by the tree")


# --------------------------------------------------------------------------
# Format stamps and versions


def test_a_newer_format_version_names_the_skreg_version_needed(models, tmp_path):
    path = saved(models, tmp_path)

    def newer(m):
        m["format_version"], m["skreg_version"] = "2", "9.1.0"

    rewrite(path, meta=newer)
    refused(path, r"format version 2; skreg 0\.1\.0 reads .* install skreg 9\.1\.0 or")


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda m: m.pop("format"), "no 'skreg.model' format stamp"),
        (lambda m: m.__setitem__("format", "keras"), "no 'skreg.model' format stamp"),
        (lambda m: m.__setitem__("format_version", "1.0"), "bad format version"),
        (lambda m: m.__setitem__("format_version", "-1"), "bad format version"),
        (lambda m: m.__setitem__("format_version", "0"), "unexpected or missing"),
        (lambda m: m.__setitem__("loader", "pickle"), "unexpected or missing"),
        (lambda m: m.pop("sklearn_version"), "unexpected or missing"),
    ],
)
def test_bad_metadata_is_refused(models, tmp_path, edit, match):
    path = saved(models, tmp_path)
    rewrite(path, meta=edit)
    refused(path, match)


def test_another_scikit_learn_version_warns(models, tmp_path):
    path = saved(models, tmp_path)
    rewrite(path, meta=lambda m: m.__setitem__("sklearn_version", "1.2.3"))
    with pytest.warns(skreg.persistence.SklearnVersionWarning, match="1.2.3"):
        skreg.load(path)


# --------------------------------------------------------------------------
# Corruption, foreign files, file system


def test_a_changed_byte_without_a_new_checksum_is_corruption(models, tmp_path):
    path = saved(models, tmp_path)
    name = tensor_of(path, "coef_")
    rewrite(path, tensors=lambda a: a[name].__setitem__(0, 1.0), fix_checksum=False)
    refused(path, "is corrupted: its checksum does not match")


def test_single_bit_flips_are_refused(models, tmp_path):
    original = saved(models, tmp_path, "pipe").read_bytes()
    path = tmp_path / "flipped.skreg"
    rng = np.random.default_rng(0)
    # The 8-byte header length, then a seeded sample of the header and data.
    positions = [*range(8), *rng.choice(np.arange(8, len(original)), 300, False)]
    for position in positions:
        data = bytearray(original)
        data[position] ^= 1 << int(rng.integers(0, 8))
        path.write_bytes(bytes(data))
        with pytest.raises(UnsafeFileError):
            skreg.load(path)


def test_truncated_files_are_refused(models, tmp_path):
    original = saved(models, tmp_path, "pipe").read_bytes()
    path = tmp_path / "cut.skreg"
    for size in (0, 1, 7, 8, 9, 100, len(original) // 2, len(original) - 1):
        path.write_bytes(original[:size])
        refused(path, "not a valid safetensors file")
    path.write_bytes(original + b"\0")
    refused(path, "not a valid safetensors file")


def _mark_executed():
    os.environ["SKREG_TEST_PICKLE_RAN"] = "1"


class _Payload:
    def __reduce__(self):
        return (_mark_executed, ())


def test_pickles_and_joblib_files_are_refused_unopened(models, tmp_path):
    path = tmp_path / "model.skreg"
    path.write_bytes(pickle.dumps(_Payload()))
    refused(path, "is not a skreg model file")
    joblib.dump([_Payload(), models["ridge"]], path)
    refused(path, "is not a skreg model file")
    assert "SKREG_TEST_PICKLE_RAN" not in os.environ


def test_empty_files_directories_and_missing_files(tmp_path):
    path = tmp_path / "empty.skreg"
    path.write_bytes(b"")
    refused(path, "not a valid safetensors file")
    refused(tmp_path, "is not a regular file")
    with pytest.raises(FileNotFoundError):
        skreg.load(tmp_path / "missing.skreg")
    with pytest.raises(TypeError, match="path must be a str or os.PathLike"):
        skreg.load(b"model.skreg")
