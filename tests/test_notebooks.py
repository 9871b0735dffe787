"""The notebooks run top to bottom against this checkout and are committed clean.

Each notebook is executed by a fresh ipykernel ``python3`` kernel (the one that
ipykernel installs into every environment) with matplotlib's Agg backend; a failing
cell fails the test with that cell's error. Committed notebooks hold no outputs:
``python notebooks/strip_outputs.py notebooks/*.ipynb`` strips them.
"""

import os
import re
import runpy
from pathlib import Path

import nbclient
import nbformat
import pytest
from nbclient.exceptions import CellExecutionError, CellTimeoutError

import skreg

ROOT = Path(__file__).parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
STRIPPER = runpy.run_path(str(NOTEBOOK_DIR / "strip_outputs.py"))
CELL_TIMEOUT = 120  # seconds; every notebook runs in well under a minute in total
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def _kernel_env():
    """Environment of the kernel: this checkout's skreg, Agg, one BLAS thread."""
    env = dict(os.environ)
    paths = [str(ROOT)] + [p for p in [env.get("PYTHONPATH")] if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["MPLBACKEND"] = "Agg"
    # The notebooks multiply tiny matrices: extra BLAS threads only spin, and on a
    # busy machine they make the small fits ten to fifty times slower.
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


def _guard_cell():
    """A first cell asserting that the kernel imports the skreg under test."""
    expected = str(Path(skreg.__file__).resolve())
    return nbformat.v4.new_code_cell(
        "from pathlib import Path\nimport skreg\n"
        f"assert str(Path(skreg.__file__).resolve()) == {expected!r}, skreg.__file__"
    )


def _failed_cell(nb):
    """Index (in the user's notebook) of the cell with an error output, or None."""
    for index, cell in enumerate(nb.cells):
        outputs = cell.get("outputs", [])
        if any(out.get("output_type") == "error" for out in outputs):
            return index - 1  # the guard cell comes first
    return None


def run_notebook(nb, cwd):
    """Execute ``nb`` (its first cell being the guard) in ``cwd``, in place.

    A failing or timed-out cell fails the calling test with the cell's source and
    error, without ANSI colours and without nbclient's own traceback.
    """
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        startup_timeout=60,
        resources={"metadata": {"path": str(cwd)}},
    )
    try:
        client.execute(env=_kernel_env())
    except (CellExecutionError, CellTimeoutError) as err:
        message = ANSI_ESCAPE.sub("", str(err))
    else:
        return
    # Failing outside the except block keeps nbclient's traceback out of the report.
    where = _failed_cell(nb)
    where = "a cell" if where is None else f"cell {where}"
    pytest.fail(f"{where} failed:\n{message}", pytrace=False)


def test_there_are_four_notebooks_or_more():
    assert len(NOTEBOOKS) >= 4, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count)
    ]
    assert not dirty, (
        f"{path.name}: code cells {dirty} hold outputs or execution counts; run "
        f"python notebooks/strip_outputs.py notebooks/{path.name}"
    )
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path):
    committed = nbformat.read(path, as_version=4)
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, _guard_cell())
    run_notebook(nb, tmp_path)
    assert any(cell.get("outputs") for cell in nb.cells[1:]), "nothing was shown"

    # Stripping the executed notebook gives back the committed one, cell for cell.
    del nb.cells[0]
    executed = tmp_path / path.name
    nbformat.write(nb, executed)
    assert STRIPPER["main"]([str(executed)]) == 0
    assert nbformat.read(executed, as_version=4).cells == committed.cells


def test_failing_cell_fails_with_its_error(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _guard_cell(),
        nbformat.v4.new_code_cell("rate = 1.5"),
        nbformat.v4.new_code_cell(
            "raise ValueError(f'dropout must be in [0, 1); got dropout={rate}')"
        ),
        nbformat.v4.new_code_cell("print('reached')"),
    ]
    match = r"(?s)cell 1 failed:.*ValueError: dropout must be in \[0, 1\); got dropout"
    with pytest.raises(pytest.fail.Exception, match=match) as failure:
        run_notebook(nb, tmp_path)
    assert "\x1b[" not in str(failure.value)
    assert not nb.cells[3].outputs


def test_strip_outputs_cli(tmp_path, capsys):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1 + 1")
    cell.execution_count = 1
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    cell.metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00Z"}
    nb.cells = [cell, nbformat.v4.new_markdown_cell("text")]
    path = tmp_path / "run.ipynb"
    nbformat.write(nb, path)

    assert STRIPPER["main"]([str(path)]) == 0
    assert capsys.readouterr().out == f"stripped {path}\n"
    stripped = nbformat.read(path, as_version=4).cells[0]
    assert stripped.outputs == [] and stripped.execution_count is None
    assert "execution" not in stripped.metadata and stripped.source == "1 + 1"

    assert STRIPPER["main"]([str(path)]) == 0  # already clean: left untouched
    assert capsys.readouterr().out == ""
    assert STRIPPER["main"]([]) == 2
