"""scikit-learn front: RegularizedMLPClassifier and RegularizedMLPRegressor.

The front knows the scikit-learn API (parameters, constraints, label encoding,
fitted attributes) and decides, once per fresh fit, the network, optimizer,
schedule and callbacks from the parameters; the update rules, gradients and the
training loop live in the engine modules. The fitted estimator keeps the one
network it trained (``network_``): ``coefs_``, ``intercepts_`` and the batch-norm
attributes are views of its parameters and buffers.
"""

import copy
import warnings
from collections.abc import Mapping
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils import check_random_state, compute_sample_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import type_of_target, unique_labels
from sklearn.utils.validation import (
    check_array,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

from skreg._base import VersionedPickleMixin
from skreg._callbacks import CallbackSupportMixin, fit_task
from skreg._compat import (
    Interval,
    Options,
    StrOptions,
    _check_sample_weight,
    _fit_context,
)
from skreg._validation import (
    check_numbers,
    check_same_rows,
    check_target,
    named,
)
from skreg.mlp.callbacks import (
    EarlyStopping,
    History,
    ProgressPrinter,
    ReduceLROnPlateau,
    SklearnBridge,
    Validation,
)
from skreg.mlp.initializers import INITIALIZERS, init_dense
from skreg.mlp.layers import ACTIVATIONS, Context
from skreg.mlp.losses import LOSSES
from skreg.mlp.network import Network, make_network
from skreg.mlp.optimizers import OPTIMIZERS, Optimizer
from skreg.mlp.regularizers import L1L2, MaxNorm
from skreg.mlp.schedules import SCHEDULES, Progress, Schedule
from skreg.mlp.training import LBFGS, TrainConfig, Trainer, interruptible

_DTYPES = {"float32": np.float32, "float64": np.float64}


class DivergenceError(ValueError):
    """Training diverged: the loss became non-finite or exploded, or the network
    collapsed to one output for every row. The model keeps the weights of the
    last complete epoch."""


#: fitted attribute -> (layer kind, parameter or buffer): views of ``network_``
_VIEWS = {
    "coefs_": ("dense", "W"),
    "intercepts_": ("dense", "b"),
    "bn_gamma_": ("batch_norms", "gamma"),
    "bn_beta_": ("batch_norms", "beta"),
    "bn_running_mean_": ("batch_norms", "running_mean"),
    "bn_running_var_": ("batch_norms", "running_var"),
}


def _is_stochastic(est):
    """partial_fit exists only for stochastic solvers (as in scikit-learn)."""
    if est.solver == "lbfgs":
        raise AttributeError(
            "partial_fit is only available for stochastic optimizers. "
            "'lbfgs' is not stochastic."
        )
    return True


def _per_layer(name, value, n_hidden, *, output, check):
    """One value per Dense layer (``n_hidden + 1``; the output layer last).

    A single value applies to every hidden layer, and to the output layer too
    when ``output`` is its scalar default (``alpha``...); a sequence gives one
    value per hidden layer (the output layer then gets none) or, where the
    output layer can take one, one per weight matrix.
    """
    if value is None or isinstance(value, Real):
        if value is not None:
            check(value)
        return [value] * n_hidden + [value if output else None]
    values = list(np.asarray(value, dtype=object).ravel()) if np.ndim(value) else []
    sizes = (n_hidden, n_hidden + 1) if output is not None else (n_hidden,)
    if np.ndim(value) != 1 or len(values) not in sizes:
        where = " or per weight matrix" if output is not None else ""
        counts = " or ".join(str(s) for s in sizes)
        raise ValueError(
            f"{name} must be a number or one value per hidden layer{where} "
            f"({counts}); got {name}={value!r}"
        )
    for v in values:
        check(v)
    return values + [None] * (n_hidden + 1 - len(values))


def _copy_in(attr, arrays, views):
    """Check arrays a user set as fitted attribute ``attr``; copy them into
    the network's ``views``."""
    if not isinstance(arrays, list | tuple) or len(arrays) != len(views):
        raise ValueError(
            f"{attr} must be a list of {len(views)} arrays; got {type(arrays).__name__}"
            + (f" of length {len(arrays)}" if isinstance(arrays, list | tuple) else "")
        )
    values = []
    for i, (a, view) in enumerate(zip(arrays, views, strict=True)):
        try:
            a = np.asarray(a, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{attr}[{i}] must be an array of numbers") from None
        if a.shape != view.shape:
            raise ValueError(f"{attr}[{i}] must have shape {view.shape}; got {a.shape}")
        if not np.isfinite(a).all():
            raise ValueError(f"{attr}[{i}] holds NaN or infinite values")
        values.append(a)
    for a, view in zip(values, views, strict=True):
        view[...] = a


def _finite_sum(X):
    """Whether X sums to a finite number: a one-pass test for NaN and inf (a
    false alarm on an overflowing sum only sends X to the full check)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.isfinite(X.sum()))


def _constant(out):
    """Whether every row of ``out`` is the same output (to float rounding)."""
    return np.ptp(out, axis=0).max() <= 1e-7 * (1.0 + np.abs(out).max())


def _check_range(X, dtype, name="X"):
    """Refuse data that does not fit the compute dtype (it would become inf)."""
    limit = float(np.finfo(dtype).max)
    data = X.data if sp.issparse(X) else X
    if data.dtype.kind != "f":
        return  # integers fit float32 (rounded) and float64
    if not data.size or float(np.finfo(data.dtype).max) <= limit:
        return
    # max and min, not abs(): no temporary the size of the data
    largest = max(float(data.max()), -float(data.min()))
    if largest > limit:
        raise ValueError(
            f"{name} has values beyond the range of {np.dtype(dtype).name} (largest "
            f"|value| {largest:.3g} > {limit:.3g}), the dtype this model "
            f"computes in; scale {name} or use dtype='float64'."
        )


def _checker(name, low=0.0, high=None, none=False, closed_high=False):
    """A per-value check raising "name must be in [low, high); got name=v"."""

    def check(v):
        if v is None and none:
            return
        ok = isinstance(v, Real) and not isinstance(v, bool) and v >= low
        ok = ok and (high is None or (v <= high if closed_high else v < high))
        if not ok or not np.isfinite(float(v)):
            bound = "inf" if high is None else high
            close = "]" if closed_high else ")"
            raise ValueError(
                f"{name} must be in [{low}, {bound}{close}; got {name}={v!r}"
            )

    return check


#: per-layer parameter -> (output, check). ``output`` True: one value also acts
#: on the output layer; False: it acts on the hidden layers, a list may include
#: the output layer; None: hidden layers only.
_PER_LAYER = {
    "dropout": (None, _checker("dropout", 0, 1)),
    "alpha": (True, _checker("alpha")),
    "l1": (True, _checker("l1")),
    "weight_decay": (True, _checker("weight_decay")),
    "max_norm": (False, _checker("max_norm", 1e-300, none=True)),
    "activity_l1": (None, _checker("activity_l1")),
    "activity_l2": (None, _checker("activity_l2")),
}


class _BaseRegularizedMLP(VersionedPickleMixin, CallbackSupportMixin, BaseEstimator):
    """Shared machinery of the two estimators."""

    _parameter_constraints: dict = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "solver": [StrOptions(set(OPTIMIZERS) | {"lbfgs"}), Optimizer],
        "alpha": [Interval(Real, 0, None, closed="left"), "array-like"],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "learning_rate": [StrOptions(set(SCHEDULES)), Schedule],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
        ],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
        "dropout": [Real, "array-like"],
        "batch_norm": ["boolean"],
        "batch_norm_momentum": [Interval(Real, 0, 1, closed="left")],
        "layer_norm": ["boolean"],
        "clip_grad_norm": [Interval(Real, 0, None, closed="neither"), None],
        "on_divergence": [StrOptions({"raise", "warn"})],
        "l1": [Interval(Real, 0, None, closed="left"), "array-like"],
        "weight_decay": [Interval(Real, 0, None, closed="left"), "array-like", None],
        "max_norm": [Interval(Real, 0, None, closed="neither"), "array-like", None],
        "activity_l1": [Interval(Real, 0, None, closed="left"), "array-like"],
        "activity_l2": [Interval(Real, 0, None, closed="left"), "array-like"],
        "input_noise": [Interval(Real, 0, None, closed="left")],
        "kernel_initializer": [StrOptions(set(INITIALIZERS) | {"auto"})],
        "dtype": [
            StrOptions(set(_DTYPES)),
            Options(type, {np.float32, np.float64}),
            None,
        ],
    }

    # ------------------------------------------------------- architecture
    def _hidden_sizes(self):
        """hidden_layer_sizes as a list of ints."""
        sizes = self.hidden_layer_sizes
        sizes = list(sizes) if hasattr(sizes, "__iter__") else [sizes]
        if any(s <= 0 for s in sizes):
            raise ValueError(f"hidden_layer_sizes must be > 0, got {sizes}.")
        return [int(s) for s in sizes]

    def _compute_dtype(self, X, fresh):
        """The compute dtype: ``dtype`` if given, else the input's float dtype
        (float32 stays float32, anything else is float64) at a fresh fit and
        the fitted network's afterwards."""
        if self.dtype is not None:
            return np.dtype(_DTYPES.get(self.dtype, self.dtype))
        if not fresh and "network_" in self.__dict__:
            return np.dtype(self.network_.dtype)
        return np.dtype(np.float32 if X.dtype == np.float32 else np.float64)

    def _optimizer_class(self):
        """The class of the optimizer the solver parameter names (None: lbfgs)."""
        if isinstance(self.solver, Optimizer):
            return type(self.solver)
        return OPTIMIZERS[self.solver] if self.solver != "lbfgs" else None

    def _layer_settings(self, n_hidden):
        """Every per-layer parameter as one value per Dense layer, validated."""
        decay = self.weight_decay
        if decay is None:
            cls = self._optimizer_class()
            decay = 0.0 if cls is None else cls.default_weight_decay
        values = {name: getattr(self, name) for name in _PER_LAYER}
        values["weight_decay"] = decay
        return {
            name: _per_layer(name, values[name], n_hidden, output=output, check=check)
            for name, (output, check) in _PER_LAYER.items()
        }

    def _check_solver_params(self, layers):
        """Refuse parameters that a full-batch L-BFGS run cannot honour."""
        if self.solver != "lbfgs":
            return
        bad = {
            "dropout": self.dropout if any(layers["dropout"][:-1]) else None,
            "batch_norm": self.batch_norm or None,
            "input_noise": self.input_noise or None,
            "weight_decay": self.weight_decay if any(layers["weight_decay"]) else None,
            "max_norm": self.max_norm
            if any(v is not None for v in layers["max_norm"])
            else None,
            "clip_grad_norm": self.clip_grad_norm,
        }
        for name, value in bad.items():
            if value is not None:
                raise ValueError(
                    "solver='lbfgs' supports only deterministic networks trained "
                    f"on the full batch; got {name}={value!r}. Use a stochastic "
                    "solver (e.g. solver='adam') or remove the parameter."
                )

    def _build_network(self, n_features, n_outputs, dtype):
        """The network the parameters describe (weights zero): the architecture
        is read from the parameters here and nowhere else."""
        hidden = self._hidden_sizes()
        layers = self._layer_settings(len(hidden))
        self._check_solver_params(layers)
        regularizers = [
            L1L2(l1=l1 or 0.0, l2=l2 or 0.0) if (l1 or l2) else None
            for l1, l2 in zip(layers["l1"], layers["alpha"], strict=True)
        ]
        constraints = [None if c is None else MaxNorm(c) for c in layers["max_norm"]]
        return make_network(
            n_features,
            hidden,
            n_outputs,
            activation=self.activation,
            loss=self._loss_name(),
            dropout=layers["dropout"][:-1],
            batch_norm=self.batch_norm,
            batch_norm_momentum=self.batch_norm_momentum,
            layer_norm=self.layer_norm,
            activity_l1=layers["activity_l1"][:-1],
            activity_l2=layers["activity_l2"][:-1],
            input_noise=self.input_noise,
            dtype=dtype,
            regularizers=regularizers,
            constraints=constraints,
            weight_decay=[d or 0.0 for d in layers["weight_decay"]],
        )

    def _init_params(self, network, rs):
        """Draw the initial weights of ``network`` from ``rs`` (a RandomState,
        in scikit-learn's order: each layer's W, then its b)."""
        for layer in network.dense:
            W, b = init_dense(
                self.kernel_initializer,
                self.activation,
                layer.n_in,
                layer.n_out,
                rs,
                feeds_batch_norm=not layer.use_bias,
            )
            layer.params["W"][...] = W
            layer.params["b"][...] = b if layer.use_bias else 0.0

    # ------------------------------------------------------ fitted state
    def _set_network(self, network):
        """Keep ``network`` and publish its parameters as views."""
        self.network_ = network
        self._views = {}
        for attr, (group, key) in _VIEWS.items():
            arrays = [
                layer.params[key] if key in layer.params else layer.buffers[key]
                for layer in getattr(network, group)
            ]
            self._views[attr] = arrays
            # A list of its own: replacing an element (as scikit-learn's tests
            # do) is then seen and copied in before the next use.
            setattr(self, attr, list(arrays))

    def _take_hand_set_params(self):
        """Copy fitted attributes the user replaced (scikit-learn allows setting
        ``coefs_``/``intercepts_`` by hand) into the network."""
        for attr, views in self._views.items():
            current = self.__dict__.get(attr)
            if (
                isinstance(current, list)
                and len(current) == len(views)
                and all(a is b for a, b in zip(current, views, strict=True))
            ):
                continue
            _copy_in(attr, current, views)
            setattr(self, attr, list(views))

    def _fitted_network(self):
        """The network to predict with (after taking in hand-set parameters)."""
        if "network_" not in self.__dict__:
            check_is_fitted(self)
            raise AttributeError(
                "This model has coefs_ set by hand but was never fitted: call "
                "partial_fit or fit first."
            )
        self._take_hand_set_params()
        return self.network_

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: Python may return __dict__
        for attr in list(_VIEWS) + ["_views"]:
            state.pop(attr, None)  # views of network_, rebuilt on loading
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        if "network_" in self.__dict__:
            self._set_network(self.network_)

    def state_dict(self):
        """Every parameter and buffer of the fitted network, by name (copies).

        Returns
        -------
        state : dict of str to ndarray
            Keys such as ``"dense_0.W"`` and ``"batch_norm_0.running_mean"``.
        """
        return self._fitted_network().state_dict()

    def load_state_dict(self, state):
        """Copy parameters and buffers (as from :meth:`state_dict`) in.

        Parameters
        ----------
        state : dict of str to ndarray
            Must have exactly the fitted network's keys and shapes.

        Returns
        -------
        self : estimator
            The estimator with the new weights.
        """
        if not isinstance(state, Mapping):
            raise TypeError(
                "state must be a dict of name to array, as state_dict() returns; "
                f"got {type(state).__name__}"
            )
        self._fitted_network().load_state_dict(state)
        return self

    # ------------------------------------------------------------ fitting
    def _random_streams(self, incremental):
        """scikit-learn's RandomState (weights, validation split, shuffles) and
        skreg's own Generator for dropout masks and input noise.

        The Generator is derived from the RandomState's seed without drawing
        from it, so switching a regularizer on changes neither the initial
        weights nor the data order; ``partial_fit`` continues its stream.
        """
        rs = check_random_state(self.random_state)
        seed = self.__dict__.get("_noise_seed")
        if incremental and seed is not None:
            rng = np.random.default_rng(seed)
        else:
            _, key, pos, *_ = rs.get_state()
            rng = np.random.default_rng(np.random.SeedSequence([*key.tolist(), pos]))
        return rs, rng

    def _mc_generator(self, random_state):
        """The Generator of Monte-Carlo dropout masks for ``random_state``."""
        with named("random_state"):
            rs = check_random_state(random_state)
        return np.random.default_rng(rs.randint(0, 2**31 - 1, size=4))

    def _batch_size(self, n):
        """Resolve batch_size as scikit-learn does."""
        if self.batch_size == "auto":
            return min(200, n)
        if self.batch_size > n:
            warnings.warn(
                "Got `batch_size` less than 1 or larger than "
                "sample size. It is going to be clipped",
                stacklevel=3,
            )
        return int(np.clip(self.batch_size, 1, n))

    def _fit(self, X, y, sample_weight=None, X_val=None, y_val=None, incremental=False):
        """Fit from scratch, continue (warm_start) or run one epoch (incremental).

        The whole call is guarded: a first Ctrl-C, even before the first
        batch, ends training at the last complete epoch.
        """
        with interruptible():
            return self._fit_guarded(X, y, sample_weight, X_val, y_val, incremental)

    def _fit_guarded(self, X, y, sample_weight, X_val, y_val, incremental):
        """:meth:`_fit`, with Ctrl-C turned into a stop request."""
        fresh = not hasattr(self, "coefs_") or (not self.warm_start and not incremental)
        X, Y, y_raw = self._validate_input(X, y, incremental, reset=fresh)
        dtype = self._compute_dtype(X, fresh)
        _check_range(X, dtype)
        X = X.astype(dtype, copy=False)
        if sp.issparse(X):
            X = X.tocsr()  # mini-batches slice rows
        if Y.dtype != np.uint8:  # class indicators stay compact; batches are cast
            _check_range(Y, dtype, "y")
            Y = Y.astype(dtype, copy=False)
        sw = self._sample_weights(X, y_raw, sample_weight, incremental, dtype)
        rs, rng = self._random_streams(incremental)
        data = dict(
            X=X,
            y=y_raw,
            metadata=None if sample_weight is None else {"sample_weight": sw},
        )
        lbfgs = self.solver == "lbfgs"
        n_tasks = self.max_iter + 1 if lbfgs else 1 if incremental else self.max_iter
        with fit_task(self, max_subtasks=n_tasks, **data) as task:
            self._prepare_network(X.shape[1], Y.shape[1], dtype, fresh, rs)
            bridge = SklearnBridge(task, self, self._fitted_attributes, **data)
            if lbfgs:
                self._fit_lbfgs(X, Y, sw, bridge)
            else:
                self._fit_stochastic(
                    X, Y, y_raw, sw, (X_val, y_val), rs, rng, incremental, bridge
                )
            task.call_on_fit_task_end(
                estimator=self, reconstruction_attributes={}, **data
            )
        return self

    def _fitted_attributes(self):
        """A snapshot of the network, as the attributes that make a copy of this
        estimator predict as it does now (for scikit-learn's callbacks)."""
        shell = copy.copy(self)
        shell._set_network(copy.deepcopy(self.network_))
        return {k: shell.__dict__[k] for k in ("network_", "_views", *_VIEWS)}

    def _prepare_network(self, n_features, n_outputs, dtype, fresh, rs):
        """Build and initialize the network, or check and reuse the fitted one."""
        network = self._build_network(n_features, n_outputs, dtype)
        if fresh:
            self._init_params(network, rs)
            self._set_network(network)
            self._init_bookkeeping(network)
            return
        if "network_" not in self.__dict__:  # coefs_ set by hand before partial_fit
            self._views = {
                k: [np.asarray(a) for a in getattr(self, k, [])] for k in _VIEWS
            }
            self._set_network_from_hand_set(network)
            return
        self._take_hand_set_params()
        old = self.network_
        if old.get_config() == network.get_config():
            return
        self._check_same_parameters(old, network)
        network.load_state_dict(old.state_dict())
        if network.dtype != old.dtype:
            self.optimizer_ = None  # its state is in the old dtype: start afresh
        self._set_network(network)

    def _set_network_from_hand_set(self, network):
        """Adopt ``coefs_``/``intercepts_`` set by hand (as scikit-learn allows)."""
        _copy_in(
            "coefs_",
            getattr(self, "coefs_", None),
            [la.params["W"] for la in network.dense],
        )
        _copy_in(
            "intercepts_",
            getattr(self, "intercepts_", None),
            [la.params["b"] for la in network.dense],
        )
        self._set_network(network)
        self._init_bookkeeping(network, keep=True)

    def _check_same_parameters(self, old, new):
        """Refuse a warm start or partial_fit that changes the parameter shapes."""
        old_hidden = [d.units for d in old.dense[:-1]]
        new_hidden = [d.units for d in new.dense[:-1]]
        if old_hidden != new_hidden:
            name, was = "hidden_layer_sizes", tuple(old_hidden)
        elif bool(old.batch_norms) != bool(new.batch_norms):
            name, was = "batch_norm", bool(old.batch_norms)
        else:
            return
        how = "warm_start" if self.warm_start else "partial_fit"
        raise ValueError(
            f"{how} cannot change {name} of the fitted network (it was fitted with "
            f"{name}={was!r}; got {name}={getattr(self, name)!r}). Refit from "
            "scratch (warm_start=False) to change it."
        )

    def _init_bookkeeping(self, network, keep=False):
        """scikit-learn's fitted attributes of a new model (missing ones only
        when ``keep``, for a model whose ``coefs_`` were set by hand)."""
        loss = LOSSES[network.get_config()["loss"]["name"]]
        values = {
            "n_outputs_": network.n_outputs,
            "n_layers_": len(network.dense) + 1,
            "out_activation_": loss.out_activation,
            "n_iter_": 0,
            "t_": 0,
            "optimizer_": None,
            "schedule_": None,
            "history_": [],
        }
        if self.solver != "lbfgs":
            values |= {"loss_curve_": [], "_no_improvement_count": 0}
            values |= self._best_defaults()
        for name, value in values.items():
            if not keep or not hasattr(self, name):
                setattr(self, name, value)

    def _best_defaults(self):
        """scikit-learn's initial best scores for the current stopping rule."""
        if self.early_stopping:
            return {
                "validation_scores_": [],
                "best_validation_score_": -np.inf,
                "best_loss_": None,
            }
        return {
            "validation_scores_": None,
            "best_validation_score_": None,
            "best_loss_": np.inf,
        }

    def _sample_weights(self, X, y_raw, sample_weight, incremental, dtype):
        """Sample weights times class weights, or None."""
        sw = None
        if sample_weight is not None:
            with named("sample_weight"):
                sw = _check_sample_weight(sample_weight, X, dtype=np.float64)
        cw = self._class_weights(y_raw, incremental)
        if cw is not None:
            sw = cw if sw is None else sw * cw
        return None if sw is None else sw.astype(dtype)

    def _class_weights(self, y_raw, incremental):
        """Per-row class weights (classifier only)."""
        return None

    # ------------------------------------------------------- validation data
    def _split_validation(self, X, Y, y_raw, sw, rs):
        """Hold out ``validation_fraction`` exactly as scikit-learn's MLP does
        (same random stream; stratified for binary classification only)."""
        arrays = [X, Y, y_raw] + ([] if sw is None else [sw])
        try:
            parts = train_test_split(
                *arrays,
                random_state=rs,
                test_size=self.validation_fraction,
                stratify=self._stratify_labels(Y),
            )
        except ValueError as exc:
            raise ValueError(
                "early_stopping=True cannot hold out validation_fraction="
                f"{self.validation_fraction} of the {X.shape[0]} rows of X: {exc}"
            ) from exc
        train, val = parts[0::2], parts[1::2]
        if val[0].shape[0] < 2:
            raise ValueError(
                "The validation set is too small. Increase 'validation_fraction' "
                "or the size of your dataset."
            )
        if sw is None:
            train, val = train + [None], val + [None]
        return train, val

    def _stratify_labels(self, Y):
        """Labels to stratify the validation split on, or None."""
        return None

    def _prepare_validation(self, X, Y, y_raw, sw, given, rs, incremental):
        """Return ((X, Y, sw) for training, validation tuple or None)."""
        X_val, y_val = given
        if self.early_stopping and incremental:
            raise ValueError("partial_fit does not support early_stopping=True")
        if X_val is not None or y_val is not None:
            if X_val is None or y_val is None:
                raise ValueError("X_val and y_val must be given together.")
            Xv, Yv, yv = self._validate_val(X_val, y_val)
            return (X, Y, sw), (Xv, Yv, yv, None)
        if not self.early_stopping:
            return (X, Y, sw), None
        (Xt, Yt, _, swt), (Xv, Yv, yv, swv) = self._split_validation(
            X, Y, y_raw, sw, rs
        )
        return (Xt, Yt, swt), (Xv, Yv.astype(X.dtype, copy=False), yv, swv)

    # --------------------------------------------------------- stochastic
    def _make_optimizer(self):
        """A private optimizer (never the user's object) for this fit."""
        if isinstance(self.solver, Optimizer):
            return copy.deepcopy(self.solver)
        return OPTIMIZERS[self.solver].from_estimator(self.get_params(deep=False))

    def _make_schedule(self):
        """A private schedule (never the user's object) for this fit."""
        if isinstance(self.learning_rate, Schedule):
            return copy.deepcopy(self.learning_rate)
        cls = SCHEDULES[self.learning_rate]
        return cls.from_estimator(self.get_params(deep=False))

    def _callbacks(self, val, n_train, bridge):
        """The loop's callbacks, wired from the parameters."""
        callbacks = [bridge]
        if val is not None:
            Xv, Yv, yv, swv = val
            callbacks.append(
                Validation(Xv, Yv, swv, lambda out: self._score_output(out, yv, swv))
            )
        callbacks.append(History(self, n_train))
        if self.verbose:
            callbacks.append(ProgressPrinter(self.max_iter))
        monitor = "val_score" if self.early_stopping else "loss"
        callbacks.append(
            EarlyStopping(
                self, monitor, self.tol, self.n_iter_no_change, verbose=self.verbose
            )
        )
        if self.schedule_.reduces_on_plateau:
            callbacks.append(ReduceLROnPlateau(verbose=self.verbose))
        return callbacks

    def _fit_stochastic(self, X, Y, y_raw, sw, given, rs, rng, incremental, bridge):
        """Mini-batch training with the configured optimizer and schedule."""
        probe = None if incremental else self._collapse_probe(X, Y)
        (X, Y, sw), val = self._prepare_validation(
            X, Y, y_raw, sw, given, rs, incremental
        )
        network = self.network_
        if not incremental or self.optimizer_ is None:
            self.optimizer_ = self._make_optimizer()
            self.optimizer_.init_state(network.theta)
            self.schedule_ = self._make_schedule()
            self._progress = Progress()
        self.optimizer_.set_scratch(network.scratch)
        if self.early_stopping and self.validation_scores_ is None:
            for name, value in self._best_defaults().items():
                setattr(self, name, value)  # early stopping switched on
        elif not self.early_stopping and self.best_loss_ is None:
            self.best_loss_ = np.inf
        self._progress.samples = self.t_
        config = TrainConfig(
            batch_size=self._batch_size(X.shape[0]),
            max_iter=self.max_iter,
            shuffle=self.shuffle,
            learning_rate_init=self.learning_rate_init,
            clip_grad_norm=self.clip_grad_norm,
        )
        trainer = Trainer(
            network,
            self.optimizer_,
            self.schedule_,
            config,
            rng=rng,
            shuffler=rs,
            callbacks=self._callbacks(val, X.shape[0], bridge),
            progress=self._progress,
        )
        trainer.fit(X, Y, sw, max_epochs=1 if incremental else self.max_iter)
        self._noise_seed = int(rng.integers(2**63))  # where partial_fit goes on
        self._report_stop(trainer, incremental)
        if not incremental and trainer.stop_reason != "interrupted":
            self._check_collapse(probe)

    def _report_stop(self, loop, incremental):
        """Warn or raise for how training ended."""
        reason = loop.stop_reason
        if reason == "diverged":
            self._diverged(
                f"{loop.divergence}; the model keeps the weights of the last "
                "complete epoch"
            )
        if reason == "interrupted":
            warnings.warn(
                "Training interrupted by user (Ctrl-C): the model keeps the "
                "weights of the last complete epoch"
                + (
                    " (the best ones under early stopping)."
                    if self.early_stopping
                    else "."
                ),
                UserWarning,
                stacklevel=4,
            )
        elif reason is None and not incremental and self.solver != "lbfgs":
            warnings.warn(
                f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) "
                "reached and the optimization hasn't converged yet.",
                ConvergenceWarning,
                stacklevel=4,
            )

    def _diverged(self, what):
        """Raise DivergenceError (or warn, with ``on_divergence='warn'``)."""
        msg = (
            f"Training diverged: {what}. Lower learning_rate_init (it is "
            f"{self.learning_rate_init:g}), scale X (e.g. with skreg.ZScoreScaler) "
            "or set clip_grad_norm. on_divergence='warn' turns this error into a "
            "ConvergenceWarning."
        )
        if self.on_divergence == "raise":
            raise DivergenceError(msg)
        warnings.warn(msg, ConvergenceWarning, stacklevel=5)

    def _collapse_probe(self, X, Y):
        """Up to 256 training rows, evenly spaced, to watch for a collapse, or None.

        Only a network whose output varies over them before training (while the
        targets and the rows vary) can collapse: one that starts dead, such as
        two ReLU units silent on every row, is not said to diverge.
        """
        rows = slice(None, None, max(1, X.shape[0] // 256))
        Xr, Yr = X[rows], Y[rows]
        if Yr.shape[0] < 2 or np.ptp(Yr, axis=0).max() == 0:
            return None
        spread = (Xr.max(axis=0) - Xr.min(axis=0)) if sp.issparse(Xr) else np.ptp(Xr, 0)
        if not spread.max() or _constant(self.network_.forward(Xr, Context())):
            return None
        return Xr

    def _check_collapse(self, probe):
        """Diverged if training left one output for every probe row (dead or
        saturated hidden units) where the output varied before."""
        if probe is not None and _constant(self.network_.forward(probe, Context())):
            self._diverged(
                "the network gives the same output for every training row (its "
                "hidden units died or saturated)"
            )

    # ------------------------------------------------------------ L-BFGS
    def _fit_lbfgs(self, X, Y, sw, bridge):
        """Full-batch L-BFGS-B; one history record per iteration."""
        probe = self._collapse_probe(X, Y)
        callbacks = [
            bridge,
            History(self, X.shape[0], curve=False, count_samples=False),
        ]
        if self.verbose:
            callbacks.append(ProgressPrinter(self.max_iter))
        loop = LBFGS(
            self.network_,
            max_iter=self.max_iter,
            max_fun=self.max_fun,
            tol=self.tol,
            callbacks=callbacks,
        )
        res = loop.fit(X, Y.astype(self.network_.dtype, copy=False), sw)
        self.loss_ = float(res.fun)
        self.n_iter_ = min(res.nit, self.max_iter)
        if loop.stop_reason is None and res.status != 0:
            warnings.warn(
                f"lbfgs failed to converge after {res.nit} iteration(s) "
                f"(status={res.status}):\n{res.message}.\n\n"
                "Increase the number of iterations to improve the convergence "
                f"(max_iter={self.max_iter}).",
                ConvergenceWarning,
                stacklevel=3,
            )
        self._report_stop(loop, incremental=False)
        if loop.stop_reason != "interrupted":
            self._check_collapse(probe)

    # ---------------------------------------------------------- predicting
    def _check_X(self, X):
        """Validate ``X`` for prediction (a fast path for plain float arrays)."""
        if (
            type(X) is np.ndarray
            and X.ndim == 2
            and X.dtype.kind == "f"
            and X.dtype.itemsize >= 4
            and X.shape[0] > 0
            and X.shape[1] == self.n_features_in_
            and "feature_names_in_" not in self.__dict__
            and _finite_sum(X)
        ):
            return X
        check_numbers(X, "X")
        with named("X"):
            return validate_data(
                self,
                X,
                reset=False,
                dtype=(np.float64, np.float32),
                accept_sparse=["csr", "csc"],
            )

    def _check_Xy(self, X, y, reset, *, numeric_y):
        """X, y as ``validate_data(multi_output=True)`` gives them, with errors
        that name X or y."""
        if y is None:
            raise ValueError(
                f"This {type(self).__name__} estimator requires y to be passed, "
                "but the target y is None."
            )
        check_numbers(X, "X")
        with named("X"):
            X = validate_data(
                self,
                X,
                y="no_validation",
                dtype=(np.float64, np.float32),
                accept_sparse=["csr", "csc"],
                reset=reset,
            )
        y = check_target(y, "y", numeric=numeric_y, estimator=self)
        check_same_rows(X, y)
        return X, y

    def _check_val(self, X_val, y_val, *, numeric_y):
        """User-given validation data, with errors that name X_val or y_val."""
        check_numbers(X_val, "X_val")
        with named("X_val"):
            Xv = check_array(
                X_val,
                dtype=(np.float64, np.float32),
                accept_sparse=["csr", "csc"],
                input_name="X_val",
                estimator=self,
            )
        if Xv.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X_val has {Xv.shape[1]} features, but {type(self).__name__} is "
                f"expecting {self.n_features_in_} features as input."
            )
        # the column names of a DataFrame X_val against those seen at fit
        validate_data(self, X_val, reset=False, skip_check_array=True)
        yv = check_target(y_val, "y_val", numeric=numeric_y, estimator=self)
        check_same_rows(Xv, yv, ("X_val", "y_val"))
        return Xv, yv

    def _score_args(self, X, y, *, numeric_y):
        """The predictions on X and y, for :meth:`score`; errors name X or y."""
        y = check_target(y, "y", numeric=numeric_y, estimator=self)
        pred = self.predict(X)
        check_same_rows(pred, y)
        return pred, y

    def _forward(self, X, ctx=None):
        """Validated forward pass (inference mode unless ``ctx``); a fresh array.

        Rows whose output overflows the compute dtype are redone in float64; if
        they still overflow, X is too large for this model: ValueError.
        """
        network = self._fitted_network()
        X = self._check_X(X)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is handled
            out = network.forward(X.astype(network.dtype, copy=False), ctx or Context())
            bad = ~np.isfinite(out).all(axis=1)
            if bad.any():
                out[bad] = self._forward_float64(X[bad], ctx)
        return out

    def _forward_float64(self, X, ctx):
        """The float64 output of rows that overflowed; ValueError if still bad."""
        config = dict(self.network_.get_config(), dtype="float64")
        network = Network.from_config(config).load_state_dict(self.state_dict())
        out = network.forward(X.astype(np.float64), ctx or Context())
        limit = np.finfo(self.network_.dtype).max
        if not (np.isfinite(out).all() and np.abs(out).max() <= limit):
            raise ValueError(
                f"X has values too large for this model: its output overflows for "
                f"{X.shape[0]} row(s); scale X as the training data was."
            )
        return out

    def _mc_forward(self, X, n_samples, random_state):
        """Yield ``n_samples`` dropout-sampled outputs (BN in inference mode)."""
        network = self._fitted_network()
        if not network.has_dropout:
            raise ValueError(
                "Monte-Carlo dropout needs dropout > 0 in at least one hidden "
                "layer; the fitted network has no dropout layer (it was fitted "
                "with dropout=0). Set dropout and refit."
            )
        if not isinstance(n_samples, Integral) or n_samples < 1:
            raise ValueError(f"n_samples must be an int >= 1; got {n_samples!r}")
        X = self._check_X(X)
        ctx = Context(dropout=True, rng=self._mc_generator(random_state))
        for _ in range(n_samples):
            yield self._forward(X, ctx)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.input_tags.sparse = True
        return tags


_COMMON_PARAMS = """
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
        The ith element is the number of units in the ith hidden layer.

    activation : {'identity', 'logistic', 'tanh', 'relu', 'leaky_relu', \
'elu', 'selu'}, default='relu'
        Hidden-layer activation. ``'leaky_relu'`` uses slope 0.01; ``'selu'``
        makes dropout alpha dropout (self-normalizing network).

    solver : {'adam', 'sgd', 'rmsprop', 'nadam', 'adamw', 'lion', 'lbfgs'} or \
Optimizer, default='adam'
        Weight optimizer. An :class:`skreg.mlp.optimizers.Optimizer` instance
        is copied, never modified. ``'lbfgs'`` (scipy's L-BFGS-B on the full
        batch) only accepts deterministic networks: no dropout, batch norm,
        input noise, weight decay or max-norm.

    alpha : float or array-like of float, default=0.0001
        L2 penalty ``0.5 * alpha * ||W||**2 / n_batch`` on the weights (the
        sum of sample weights replaces ``n_batch`` when they are given),
        exactly as scikit-learn's MLP. Biases and batch-norm parameters are
        not penalized. One value for every weight matrix, or one per hidden
        layer (the output layer is then not penalized, the Keras idiom), or one
        per weight matrix (hidden layers, then the output layer).

    batch_size : int or 'auto', default='auto'
        Mini-batch size; ``'auto'`` is ``min(200, n_samples)``.

    learning_rate : {'constant', 'invscaling', 'adaptive', 'exponential', \
'inverse_time', 'step', 'cosine', 'one_cycle'} or Schedule, default='constant'
        Learning-rate schedule, for every stochastic solver. The schedule is
        evaluated before every optimizer update; ``'exponential'``,
        ``'inverse_time'``, ``'cosine'`` and ``'one_cycle'`` change the rate
        every update, ``'invscaling'`` (``lr0 / (t_ + 1) ** power_t``) and
        ``'step'`` once per epoch, ``'adaptive'`` divides it by 5 when the loss
        or validation score stalls for ``n_iter_no_change`` epochs. See
        :mod:`skreg.mlp.schedules` for the formulas. ``'one_cycle'`` also
        cycles the momentum (SGD's ``momentum``, Adam's ``beta_1``).

    learning_rate_init : float, default=0.001
        Initial (or peak, for ``'one_cycle'``) learning rate.

    power_t : float, default=0.5
        Exponent of ``'invscaling'``.

    max_iter : int, default=200
        Maximum number of epochs (stochastic solvers) or iterations (lbfgs).

    shuffle : bool, default=True
        Whether to shuffle the rows before each epoch.

    random_state : int, RandomState instance or None, default=None
        Seeds the one generator of a fit: weights, shuffling, validation
        split, dropout masks and input noise.

    tol : float, default=1e-4
        Improvement threshold for ``n_iter_no_change``.

    verbose : bool or int, default=False
        Print one progress line per epoch (loss, validation metrics, learning
        rate, elapsed time and an estimate of the time left).

    warm_start : bool, default=False
        Reuse the previous solution as initialization (fine-tuning). A warm
        start (or ``partial_fit``) may change the regularizers, dropout, noise
        and the activation (the network is rebuilt around the trained
        weights); changing ``hidden_layer_sizes`` or ``batch_norm`` is an error.

    momentum : float, default=0.9
        Momentum of ``solver='sgd'``.

    nesterovs_momentum : bool, default=True
        Nesterov momentum for ``solver='sgd'``.

    early_stopping : bool, default=False
        Stop when the validation score has not improved by ``tol`` for
        ``n_iter_no_change`` epochs and restore the best weights (and
        batch-norm statistics). The validation set is ``X_val, y_val`` when
        given to ``fit``, otherwise a ``validation_fraction`` split
        (stratified for single-label classification).

    validation_fraction : float, default=0.1
        Fraction of the training data held out for early stopping.

    beta_1, beta_2 : float, default=0.9, 0.999
        Moment decay rates of ``'adam'``, ``'nadam'`` and ``'adamw'``.

    epsilon : float, default=1e-8
        Numerical stability term of the adaptive solvers.

    n_iter_no_change : int, default=10
        Patience in epochs for ``tol``.

    max_fun : int, default=15000
        Maximum number of loss evaluations of ``'lbfgs'``.

    dropout : float or array-like of float, default=0.0
        Inverted dropout rate after every hidden layer, or one rate per hidden
        layer, in ``[0, 1)``. Active only while training (and in the
        Monte-Carlo methods).

    batch_norm : bool, default=False
        Batch normalization on every hidden layer, before the activation;
        running statistics are used at prediction time.

    batch_norm_momentum : float, default=0.9
        Weight of the old running statistics at every training batch:
        ``running = m * running + (1 - m) * batch`` (Keras' ``momentum``;
        PyTorch's ``momentum`` is ``1 - m``).

    layer_norm : bool, default=False
        Layer normalization on every hidden layer, before the activation: each
        row is normalized over the layer's units (no batch statistics, so
        training and prediction behave alike at any batch size).

    l1 : float or array-like of float, default=0.0
        L1 penalty ``l1 * ||W||_1 / n_batch`` on the weights (same scaling and
        per-layer forms as ``alpha``).

    weight_decay : float, array-like of float or None, default=None
        Decoupled weight decay: weights shrink by ``1 - lr * weight_decay``
        before every update, for every stochastic solver (same per-layer forms
        as ``alpha``). None means the solver's default: 0, except 0.01 for
        ``solver='adamw'``.

    max_norm : float, array-like or None, default=None
        After every update, each hidden unit's incoming weight vector is
        rescaled so that its L2 norm is at most ``max_norm``. One value for
        every hidden layer, or one per hidden layer (None for none), or one per
        weight matrix to constrain the output layer too.

    activity_l1, activity_l2 : float or array-like of float, default=0.0
        Penalty ``(activity_l1 * sum|h| + activity_l2 * sum h**2) / n_batch``
        on the hidden layers' outputs ``h`` (after the activation): one value
        for every hidden layer, or one per hidden layer.

    input_noise : float, default=0.0
        Standard deviation of Gaussian noise added to the inputs while
        training (data augmentation).

    clip_grad_norm : float or None, default=None
        Before every update, rescale the whole gradient (every weight, bias and
        batch-norm parameter, penalties included) so that its L2 norm is at most
        ``clip_grad_norm``, as PyTorch's ``clip_grad_norm_``. Stochastic
        solvers only.

    on_divergence : {'raise', 'warn'}, default='raise'
        What to do when training diverges: the loss becomes non-finite or grows
        a thousandfold within one call (training stops and the weights of the
        last complete epoch are kept), or the network ends up giving the same
        output for every training row (dead or saturated units). ``'raise'``:
        :class:`~skreg.mlp.DivergenceError`; ``'warn'``: a ConvergenceWarning.

    kernel_initializer : {'auto', 'sklearn', 'he_normal', 'he_uniform', \
'glorot_normal', 'glorot_uniform', 'lecun_normal', 'lecun_uniform', \
'fan_in_uniform'}, default='auto'
        Weight initialization. ``'auto'``: scikit-learn's own scheme (Glorot
        uniform, uniform biases) for scikit-learn's activations, so the same
        ``random_state`` gives scikit-learn's initial weights; He normal for
        leaky ReLU and ELU; LeCun normal for SELU; and, for a hidden layer
        that feeds batch norm, ``'fan_in_uniform'`` (``U(+-1/sqrt(fan_in))``,
        PyTorch's default): batch norm cancels the scale of those weights, so
        their initial scale acts like an inverse learning rate, and this
        smaller one trains measurably better (see :mod:`skreg.mlp.initializers`).
        Other initializers start the biases at zero.

    dtype : {'float32', 'float64'} or None, default=None
        Computation dtype. None computes in the input's float dtype (float32
        stays float32, anything else is float64, as scikit-learn); fitted
        attributes and predictions follow it. ``'float32'`` is the fast path
        (about twice the speed on large data) at float32 precision."""

_COMMON_ATTRS = """
    loss_ : float
        Loss (including penalties) of the last epoch.

    best_loss_ : float or None
        Minimum training loss reached (None with early stopping).

    loss_curve_ : list of float
        Training loss of each epoch (stochastic solvers).

    validation_scores_ : list of float or None
        Validation score of each epoch with early stopping, else None.

    best_validation_score_ : float or None
        Best validation score with early stopping, else None.

    history_ : list of dict
        One record per epoch (per iteration for lbfgs): ``epoch``, ``loss``,
        ``val_loss`` and ``val_score`` (None without validation data),
        ``learning_rate`` (of the last update; None for lbfgs) and ``time``
        (seconds).

    t_ : int
        Number of training samples seen by the solver.

    coefs_ : list of ndarray
        Weight matrices; ``coefs_[i]`` has shape ``(n_in, n_out)``.

    intercepts_ : list of ndarray
        Bias vectors. With ``batch_norm=True`` the hidden layers' biases stay
        zero: batch norm subtracts the batch mean, which cancels any bias, and its
        ``beta`` (``bn_beta_``) plays that role.

    bn_gamma_, bn_beta_, bn_running_mean_, bn_running_var_ : list of ndarray
        Batch-norm scale, shift and running statistics per hidden layer
        (empty lists without batch norm).

    network_ : skreg.mlp.network.Network
        The fitted network: the one owner of the parameters and batch-norm
        statistics (``coefs_`` and the others are views of it). Its
        ``get_config()`` describes the architecture decided at the fresh fit;
        :meth:`state_dict` / :meth:`load_state_dict` move its state.

    optimizer_ : Optimizer or None
        The optimizer (with its state) of the last stochastic fit. Its config
        is never changed by training (a cycled momentum is state).

    schedule_ : Schedule or None
        The learning-rate schedule of the last stochastic fit.

    n_features_in_ : int
        Number of features seen during fit.

    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names, when X has string column names.

    n_iter_ : int
        Number of epochs (iterations for lbfgs) run by the last call.

    n_layers_ : int
        Number of layers (input + hidden + output).

    n_outputs_ : int
        Number of outputs.

    out_activation_ : str
        Output activation."""


class RegularizedMLPClassifier(ClassifierMixin, _BaseRegularizedMLP):
    _parameter_constraints: dict = {
        **_BaseRegularizedMLP._parameter_constraints,
        "class_weight": [StrOptions({"balanced"}), dict, None],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        dropout=0.0,
        batch_norm=False,
        batch_norm_momentum=0.9,
        layer_norm=False,
        l1=0.0,
        weight_decay=None,
        max_norm=None,
        activity_l1=0.0,
        activity_l2=0.0,
        input_noise=0.0,
        kernel_initializer="auto",
        clip_grad_norm=None,
        on_divergence="raise",
        class_weight=None,
        dtype=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.dropout = dropout
        self.batch_norm = batch_norm
        self.batch_norm_momentum = batch_norm_momentum
        self.layer_norm = layer_norm
        self.l1 = l1
        self.weight_decay = weight_decay
        self.max_norm = max_norm
        self.activity_l1 = activity_l1
        self.activity_l2 = activity_l2
        self.input_noise = input_noise
        self.kernel_initializer = kernel_initializer
        self.clip_grad_norm = clip_grad_norm
        self.on_divergence = on_divergence
        self.class_weight = class_weight
        self.dtype = dtype

    # ------------------------------------------------------------ hooks
    def _validate_input(self, X, y, incremental, reset):
        """Validate X, y; (re)fit the label binarizer; return X, Y, y."""
        X, y = self._check_Xy(X, y, reset, numeric_y=False)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=False)
        if not hasattr(self, "classes_") or (not self.warm_start and not incremental):
            self._label_binarizer = LabelBinarizer()
            with named("y"):
                self._label_binarizer.fit(y)
            self.classes_ = self._label_binarizer.classes_
        else:
            classes = unique_labels(y)
            if self.warm_start and not incremental:
                if set(classes) != set(self.classes_):
                    raise ValueError(
                        "warm_start can only be used where `y` has the same "
                        "classes as in the previous call to fit. Previously "
                        f"got {self.classes_}, `y` has {classes}"
                    )
            elif len(np.setdiff1d(classes, self.classes_, assume_unique=True)):
                raise ValueError(
                    "`y` has classes not in `self.classes_`. "
                    f"`self.classes_` has {self.classes_}. 'y' has {classes}."
                )
        # 0/1 indicators held as uint8 (a quarter of float32, like scikit-learn's
        # bool targets); the trainer casts each mini-batch into a float buffer.
        Y = self._label_binarizer.transform(y).astype(np.uint8)
        return X, Y, y

    def _validate_val(self, X_val, y_val):
        """Validate user-given validation data."""
        Xv, yv = self._check_val(X_val, y_val, numeric_y=False)
        if yv.ndim == 2 and yv.shape[1] == 1:
            yv = column_or_1d(yv)
        if yv.ndim == 1:
            unseen = np.setdiff1d(np.unique(yv), self.classes_)
            if unseen.size:
                raise ValueError(
                    f"y_val has classes not in classes_ {self.classes_}: {unseen[:5]}"
                )
        Yv = self._label_binarizer.transform(yv)
        dtype = self.network_.dtype
        return Xv.astype(dtype, copy=False), Yv.astype(dtype), yv

    def _loss_name(self):
        return (
            "log_loss"
            if self._label_binarizer.y_type_ == "multiclass"
            else ("binary_log_loss")
        )

    def _stratify_labels(self, Y):
        # binary only, on boolean indicators: scikit-learn's split and messages
        return Y.astype(bool) if Y.shape[1] == 1 else None

    def _class_weights(self, y_raw, incremental):
        if self.class_weight is None:
            return None
        if incremental and self.class_weight == "balanced":
            raise ValueError(
                "class_weight='balanced' is not supported for partial_fit; "
                "pass a dict of class weights instead."
            )
        return compute_sample_weight(self.class_weight, y_raw)

    def _decode(self, out):
        """Network output -> labels."""
        if self.n_outputs_ == 1:
            out = out.ravel()
        return self._label_binarizer.inverse_transform(out)

    def _score_output(self, out, y, sample_weight):
        return accuracy_score(y, self._decode(out), sample_weight=sample_weight)

    def _as_proba(self, out):
        """Network output -> probabilities of shape (n, n_classes), in the
        compute dtype."""
        if out.shape[1] == 1:
            return np.hstack([1 - out, out])
        if self.out_activation_ == "softmax":
            out /= out.sum(axis=1, keepdims=True)  # exact row sums in float32 too
        return out

    # ------------------------------------------------------------ API
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, *, X_val=None, y_val=None):
        """Fit the model to ``X`` and ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_classes)
            Class labels, or a label-indicator matrix for multilabel.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights; multiplied by the ``class_weight`` weights.
        X_val, y_val : array-like, default=None
            Validation data. When given, it is used instead of a
            ``validation_fraction`` split for early stopping and its loss and
            score are recorded in ``history_`` every epoch.

        Returns
        -------
        self : RegularizedMLPClassifier
            The fitted estimator.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.model_selection import train_test_split
        >>> from skreg import RegularizedMLPClassifier
        >>> X, y = load_iris(return_X_y=True)
        >>> X_tr, X_val, y_tr, y_val = train_test_split(X, y, random_state=0)
        >>> clf = RegularizedMLPClassifier(
        ...     (32,), early_stopping=True, n_iter_no_change=5,
        ...     learning_rate_init=0.01, random_state=0,
        ... ).fit(X_tr, y_tr, X_val=X_val, y_val=y_val)
        >>> clf.n_iter_ < 200
        True
        >>> sorted(clf.history_[0])
        ['epoch', 'learning_rate', 'loss', 'time', 'val_loss', 'val_score']
        >>> clf.score(X_val, y_val) == clf.best_validation_score_
        True
        """
        return self._fit(X, y, sample_weight, X_val, y_val, incremental=False)

    @available_if(_is_stochastic)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Run one epoch over ``X, y`` (online learning).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_classes)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights.
        classes : array-like of shape (n_classes,), default=None
            All classes; required on the first call.

        Returns
        -------
        self : RegularizedMLPClassifier
            The updated estimator.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from skreg import RegularizedMLPClassifier
        >>> X, y = load_iris(return_X_y=True)
        >>> clf = RegularizedMLPClassifier((16,), learning_rate_init=0.01,
        ...                                random_state=0)
        >>> for _ in range(50):
        ...     clf = clf.partial_fit(X, y, classes=[0, 1, 2])
        >>> clf.t_, clf.score(X, y) > 0.9
        (7500, True)
        """
        if not hasattr(self, "classes_"):
            if classes is None:
                raise ValueError(
                    "classes must be passed on the first call to partial_fit."
                )
            self._label_binarizer = LabelBinarizer()
            if type_of_target(y).startswith("multilabel"):
                self._label_binarizer.fit(y)
            else:
                self._label_binarizer.fit(classes)
            self.classes_ = self._label_binarizer.classes_
        elif classes is not None and not np.array_equal(
            np.unique(classes), self.classes_
        ):
            raise ValueError(
                f"`classes={classes}` is not the same as on the first call to "
                f"partial_fit, which was {self.classes_}."
            )
        return self._fit(X, y, sample_weight, incremental=True)

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Predicted labels (an indicator matrix for multilabel).
        """
        return self._decode(self._forward(X))

    def predict_proba(self, X):
        """Class probabilities (dropout off, batch norm in inference mode).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities ordered as ``classes_``.
        """
        return self._as_proba(self._forward(X))

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities ordered as ``classes_``.
        """
        proba = self.predict_proba(X)
        return np.log(proba, out=proba)

    def score(self, X, y, sample_weight=None):
        """Accuracy of :meth:`predict` on ``X`` against ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.
        y : array-like of shape (n_samples,) or (n_samples, n_classes)
            True labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights.

        Returns
        -------
        score : float
            The fraction of rows predicted right (exact match for multilabel).
        """
        pred, y = self._score_args(X, y, numeric_y=False)
        return float(accuracy_score(y, pred, sample_weight=sample_weight))

    def predict_proba_mc(self, X, n_samples=100, random_state=None):
        """Monte-Carlo dropout probabilities (Gal & Ghahramani, 2016).

        Dropout masks are sampled at every pass while batch normalization stays
        in inference mode; the fitted model is not changed. Average over the
        first axis for a prediction, take the standard deviation for its
        uncertainty.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.
        n_samples : int, default=100
            Number of stochastic forward passes.
        random_state : int, RandomState instance or None, default=None
            Seeds the dropout masks; the same value gives the same samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_rows, n_classes)
            One probability matrix per pass.

        Raises
        ------
        ValueError
            If the model has no dropout.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from skreg import RegularizedMLPClassifier
        >>> X, y = load_iris(return_X_y=True)
        >>> clf = RegularizedMLPClassifier((32,), dropout=0.3, max_iter=300,
        ...                                random_state=0).fit(X, y)
        >>> proba = clf.predict_proba_mc(X[:4], n_samples=50, random_state=0)
        >>> proba.shape
        (50, 4, 3)
        >>> mean, spread = proba.mean(axis=0), proba.std(axis=0)
        >>> bool((spread > 0).any())
        True
        """
        samples = [
            self._as_proba(out) for out in self._mc_forward(X, n_samples, random_state)
        ]
        return np.stack(samples)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags


class RegularizedMLPRegressor(RegressorMixin, _BaseRegularizedMLP):
    _parameter_constraints: dict = {
        **_BaseRegularizedMLP._parameter_constraints,
        "loss": [StrOptions({"squared_error", "poisson"})],
    }

    def __init__(
        self,
        loss="squared_error",
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        dropout=0.0,
        batch_norm=False,
        batch_norm_momentum=0.9,
        layer_norm=False,
        l1=0.0,
        weight_decay=None,
        max_norm=None,
        activity_l1=0.0,
        activity_l2=0.0,
        input_noise=0.0,
        kernel_initializer="auto",
        clip_grad_norm=None,
        on_divergence="raise",
        dtype=None,
    ):
        self.loss = loss
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.dropout = dropout
        self.batch_norm = batch_norm
        self.batch_norm_momentum = batch_norm_momentum
        self.layer_norm = layer_norm
        self.l1 = l1
        self.weight_decay = weight_decay
        self.max_norm = max_norm
        self.activity_l1 = activity_l1
        self.activity_l2 = activity_l2
        self.input_noise = input_noise
        self.kernel_initializer = kernel_initializer
        self.clip_grad_norm = clip_grad_norm
        self.on_divergence = on_divergence
        self.dtype = dtype

    # ------------------------------------------------------------ hooks
    def _validate_input(self, X, y, incremental, reset):
        """Validate X, y; return X, Y (2-D), y."""
        X, y = self._check_Xy(X, y, reset, numeric_y=True)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=False)
        if self.loss == "poisson" and np.any(y < 0):
            raise ValueError("loss='poisson' requires y >= 0; got negative values.")
        Y = y.reshape(-1, 1) if y.ndim == 1 else y
        return X, Y, y

    def _validate_val(self, X_val, y_val):
        """Validate user-given validation data."""
        Xv, yv = self._check_val(X_val, y_val, numeric_y=True)
        yv = yv.astype(np.float64, copy=False)
        Yv = yv.reshape(-1, 1) if yv.ndim == 1 else yv
        dtype = self.network_.dtype
        return Xv.astype(dtype, copy=False), Yv.astype(dtype), yv

    def _loss_name(self):
        return self.loss

    def _score_output(self, out, y, sample_weight):
        pred = out.ravel() if out.shape[1] == 1 else out
        return r2_score(y, pred, sample_weight=sample_weight)

    # ------------------------------------------------------------ API
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, *, X_val=None, y_val=None):
        """Fit the model to ``X`` and ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights.
        X_val, y_val : array-like, default=None
            Validation data. When given, it is used instead of a
            ``validation_fraction`` split for early stopping and its loss and
            R^2 are recorded in ``history_`` every epoch.

        Returns
        -------
        self : RegularizedMLPRegressor
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight, X_val, y_val, incremental=False)

    @available_if(_is_stochastic)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Run one epoch over ``X, y`` (online learning).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights.

        Returns
        -------
        self : RegularizedMLPRegressor
            The updated estimator.
        """
        return self._fit(X, y, sample_weight, incremental=True)

    def predict(self, X):
        """Predict targets (dropout off, batch norm in inference mode).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predictions.
        """
        out = self._forward(X)
        return out.ravel() if out.shape[1] == 1 else out

    def score(self, X, y, sample_weight=None):
        """Coefficient of determination R^2 of :meth:`predict` on ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            True targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights.

        Returns
        -------
        score : float
            R^2 of the predictions (uniform average over the outputs).
        """
        pred, y = self._score_args(X, y, numeric_y=True)
        return float(r2_score(y, pred, sample_weight=sample_weight))

    def predict_mc(self, X, n_samples=100, random_state=None):
        """Monte-Carlo dropout predictions.

        Dropout masks are sampled at every pass while batch normalization stays
        in inference mode; the fitted model is not changed.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.
        n_samples : int, default=100
            Number of stochastic forward passes.
        random_state : int, RandomState instance or None, default=None
            Seeds the dropout masks; the same value gives the same samples.

        Returns
        -------
        y : ndarray of shape (n_samples, n_rows) or (n_samples, n_rows, n_outputs)
            One prediction per pass.

        Raises
        ------
        ValueError
            If the model has no dropout.

        Examples
        --------
        >>> import numpy as np
        >>> from skreg import RegularizedMLPRegressor
        >>> X = np.linspace(-1, 1, 100).reshape(-1, 1)
        >>> reg = RegularizedMLPRegressor(hidden_layer_sizes=(32,), dropout=0.2,
        ...                               learning_rate_init=0.01, max_iter=300,
        ...                               random_state=0).fit(X, X.ravel() ** 2)
        >>> draws = reg.predict_mc(X[:3], n_samples=20, random_state=0)
        >>> draws.shape, draws.std(axis=0).shape
        ((20, 3), (3,))
        """
        samples = list(self._mc_forward(X, n_samples, random_state))
        out = np.stack(samples)
        return out[..., 0] if out.shape[2] == 1 else out


RegularizedMLPClassifier.__doc__ = f"""Multi-layer perceptron classifier with every \
regularization tool.

    A drop-in superset of :class:`sklearn.neural_network.MLPClassifier` in pure
    NumPy: same parameters, defaults and fitted attributes, plus dropout,
    batch normalization, L1, decoupled weight decay, max-norm, activity
    regularization, input noise, more activations, initializers, solvers and
    learning-rate schedules, class weights and Monte-Carlo dropout.

    Parameters
    ----------{_COMMON_PARAMS}

    class_weight : dict, 'balanced' or None, default=None
        Class weights multiplied into the sample weights (as in
        :func:`sklearn.utils.compute_sample_weight`).

    Attributes
    ----------
    classes_ : ndarray or list of ndarray
        Class labels.
{_COMMON_ATTRS}

    See Also
    --------
    RegularizedMLPRegressor : The regressor.
    sklearn.neural_network.MLPClassifier : scikit-learn's MLP.

    Notes
    -----
    With scikit-learn's parameters and ``random_state`` on float64 data, a
    whole fit reproduces scikit-learn's ``MLPClassifier`` (initial weights,
    shuffles, early-stopping split, updates, ``loss_curve_``, predictions) to
    rounding. Differences: learning-rate schedules apply to every solver
    (scikit-learn's ``learning_rate`` only to ``'sgd'``); batch-norm statistics
    ignore sample weights; the activity penalty is an unweighted mean over
    rows.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skreg import RegularizedMLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = RegularizedMLPClassifier(hidden_layer_sizes=(32,), dropout=0.1,
    ...                                batch_norm=True, learning_rate_init=0.01,
    ...                                max_iter=300, random_state=0).fit(X, y)
    >>> clf.score(X, y) > 0.9
    True
    >>> clf.predict_proba(X[:2]).shape
    (2, 3)
    >>> clf.predict_proba_mc(X[:2], n_samples=20, random_state=0).shape
    (20, 2, 3)
    """

RegularizedMLPRegressor.__doc__ = f"""Multi-layer perceptron regressor with every \
regularization tool.

    A drop-in superset of :class:`sklearn.neural_network.MLPRegressor` in pure
    NumPy; see :class:`RegularizedMLPClassifier` for the additions.

    Parameters
    ----------
    loss : {{'squared_error', 'poisson'}}, default='squared_error'
        Half squared error (identity output) or half Poisson deviance
        (exponential output, requires ``y >= 0``). Losses are summed over
        outputs.
{_COMMON_PARAMS}

    Attributes
    ----------{_COMMON_ATTRS}

    See Also
    --------
    RegularizedMLPClassifier : The classifier.
    sklearn.neural_network.MLPRegressor : scikit-learn's MLP.

    Notes
    -----
    As scikit-learn's, the squared error reported in ``loss_`` and
    ``loss_curve_`` averages over outputs while the updates follow the gradient
    of their sum. With ``solver='lbfgs'`` skreg minimizes that sum consistently
    (scikit-learn hands L-BFGS the average with the sum's gradient), so on
    multi-output targets its L-BFGS path differs from scikit-learn's; on one
    output they agree. See :class:`RegularizedMLPClassifier` for the other
    differences.

    Examples
    --------
    >>> import numpy as np
    >>> from skreg import RegularizedMLPRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(-1, 1, size=(200, 3))
    >>> y = X @ [1.0, -2.0, 0.5] + 0.05 * rng.randn(200)
    >>> reg = RegularizedMLPRegressor(hidden_layer_sizes=(32,), dropout=0.1,
    ...                               learning_rate_init=0.01, max_iter=300,
    ...                               random_state=0).fit(X, y)
    >>> reg.score(X, y) > 0.9
    True
    >>> reg.predict_mc(X[:5], n_samples=10, random_state=0).shape
    (10, 5)
    """
