"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019)."""

from skreg.mlp.optimizers.adam import Adam


class AdamW(Adam):
    """Adam whose weights shrink by ``1 - lr * weight_decay`` before each step.

    The update rule is Adam's; the decay is applied by the Dense layers (their
    ``weight_decay``), so with ``solver='adamw'`` the estimator's
    ``weight_decay=None`` means 0.01, PyTorch's default, instead of 0.

    Parameters
    ----------
    beta_1 : float, default=0.9
    beta_2 : float, default=0.999
    epsilon : float, default=1e-8
    """

    default_weight_decay = 0.01
