"""Strip outputs from notebooks before committing them.

Usage, from the repository root::

    python notebooks/strip_outputs.py notebooks/*.ipynb

Clears every code cell's outputs and execution count, and the per-cell run
metadata that Jupyter and nbclient record (timings, collapsed/scrolled views), so
that a notebook's diff shows only its source. Needs nothing but nbformat.
"""

import sys

import nbformat

#: cell metadata that records a run or a view, not the lesson
RUN_METADATA = ("execution", "collapsed", "scrolled")


def strip(nb):
    """Remove outputs, execution counts and run metadata from ``nb`` in place."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in RUN_METADATA:
            cell.metadata.pop(key, None)
    return nb


def main(argv=None):
    """Strip each notebook named in ``argv``; rewrite only those that change."""
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        before = nbformat.writes(nb)
        if nbformat.writes(strip(nb)) != before:
            nbformat.write(nb, path)
            print(f"stripped {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
