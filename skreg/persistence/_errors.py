"""The one exception a refused model file raises."""

__all__ = ["UnsafeFileError"]


class UnsafeFileError(ValueError):
    """A file that :func:`skreg.load` refuses: not a skreg model file, corrupted,
    from a newer format, or describing something outside the allowed classes.

    Nothing from a refused file has been executed or turned into an estimator.
    """


UnsafeFileError.__module__ = "skreg.persistence"  # where users import it from
