"""The one place that touches scikit-learn internals or version differences."""
