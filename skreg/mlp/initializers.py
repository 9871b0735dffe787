"""Weight initializers: He, Glorot (Xavier) and LeCun, normal or uniform.

``"auto"`` picks He for the ReLU family and ELU, LeCun for SELU and, for the
other activations, scikit-learn's own Glorot-uniform scheme (including its
uniform bias init and the factor 2 for logistic), so a default network starts
like scikit-learn's MLP.
"""

import numpy as np

#: name -> (fan mode, scale, distribution); variance = scale / fan
INITIALIZERS = {
    "he_normal": ("in", 2.0, "normal"),
    "he_uniform": ("in", 2.0, "uniform"),
    "glorot_normal": ("avg", 1.0, "normal"),
    "glorot_uniform": ("avg", 1.0, "uniform"),
    "lecun_normal": ("in", 1.0, "normal"),
    "lecun_uniform": ("in", 1.0, "uniform"),
}

_AUTO = {
    "relu": "he_normal",
    "leaky_relu": "he_normal",
    "elu": "he_normal",
    "selu": "lecun_normal",
}


def resolve_initializer(name, activation):
    """Return the concrete initializer name for ``name`` (maybe ``"auto"``)."""
    if name == "auto":
        return _AUTO.get(activation, "sklearn")
    return name


def init_dense(name, activation, fan_in, fan_out, rng):
    """Return float64 ``(W, b)`` for a dense layer drawn from ``rng``."""
    name = resolve_initializer(name, activation)
    if name == "sklearn":
        factor = 2.0 if activation == "logistic" else 6.0
        bound = np.sqrt(factor / (fan_in + fan_out))
        W = rng.uniform(-bound, bound, (fan_in, fan_out))
        return W, rng.uniform(-bound, bound, fan_out)
    mode, scale, dist = INITIALIZERS[name]
    fan = fan_in if mode == "in" else (fan_in + fan_out) / 2.0
    var = scale / fan
    if dist == "normal":
        W = rng.normal(0.0, np.sqrt(var), (fan_in, fan_out))
    else:
        limit = np.sqrt(3.0 * var)
        W = rng.uniform(-limit, limit, (fan_in, fan_out))
    return W, np.zeros(fan_out)
