"""skreg.report: the offline HTML report and the progress lines."""

import io
import re
import sys

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from report_checks import check_png, check_report

from skreg.report import PLOT_HINT, Progress, Report


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _line_plot():
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [2, 0, 1])
    return fig


def test_report_writes_page_tables_and_images(tmp_path):
    report = Report("Title <b>", subtitle="sub & title")
    section = report.section("Scores")
    section.text("a < b")
    section.table(pd.DataFrame({"accuracy": [0.97, 0.5]}, index=["x", "y"]),
                  caption="Accuracy")  # fmt: skip
    section.items(["first", "second"])
    section.preformatted("verdict <fine>")
    display = section.plot("my plot", _line_plot, caption="a line")
    assert display is not None and not plt.get_fignums()  # drawn, then closed
    index = report.write(tmp_path / "new" / "folder")
    assert index == tmp_path / "new" / "folder" / "index.html"
    page = check_report(index.parent)
    assert page.images == ["img/my-plot.png"]
    assert page.headings == ["Scores"]
    text = index.read_text()
    # Text is escaped, never interpreted as markup.
    assert (
        "Title &lt;b&gt;" in text and "a &lt; b" in text and "sub &amp; title" in text
    )
    assert "<caption>Accuracy</caption>" in text and "0.97" in text
    assert "<li>first</li><li>second</li>" in text
    assert "verdict &lt;fine&gt;" in text


def test_plot_accepts_a_display_and_keeps_png_bytes(tmp_path):
    from skreg.plotting import plot_residuals

    report = Report("r")
    report.section("s").plot("residuals", lambda: plot_residuals([1, 2, 3], [1, 1, 4]))
    assert report.images["img/residuals.png"][:4] == b"\x89PNG"
    report.write(tmp_path)
    check_png(tmp_path / "img" / "residuals.png")


def test_duplicate_section_titles_get_distinct_anchors(tmp_path):
    report = Report("r")
    first, second = report.section("Same"), report.section("Same")
    assert first.anchor != second.anchor
    text = report.html()
    assert text.count('id="same') == 2
    assert f'href="#{second.anchor}"' in text


def test_without_matplotlib_the_page_says_how_to_get_plots(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    report = Report("r")
    called = []
    result = report.section("s").plot("p", lambda: called.append(1), caption="cap")
    assert result is None and called == [] and report.missing_plots == 1
    report.write(tmp_path)
    text = (tmp_path / "index.html").read_text()
    assert "pip install &quot;skreg[plot]&quot;" in text and "<img" not in text
    assert PLOT_HINT.startswith("plots need matplotlib")
    assert list((tmp_path / "img").iterdir()) == []


def test_write_refuses_a_file_as_folder(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(NotADirectoryError, match="out must be a folder; got a file"):
        Report("r").write(target)


def test_console_echo_of_tables_notes_and_truncation():
    console = io.StringIO()
    report = Report("r", console=console)
    section = report.section("Numbers")
    section.text("only on the page")
    section.note("a note")
    frame = pd.DataFrame({"v": range(5)})
    section.table(frame, caption="All", echo=2)
    section.table(frame, caption="Hidden", echo=False)
    out = console.getvalue()
    assert "== Numbers ==" in out and "  a note" in out and "All:" in out
    assert "only on the page" not in out and "Hidden" not in out
    assert "... 3 more rows in the report" in out
    assert "<th>4</th>" in report.html()  # the page has every row


def test_progress_lines_with_elapsed_time():
    stream = io.StringIO()
    progress = Progress(2, stream=stream)
    with progress.step("first"):
        pass
    with pytest.raises(RuntimeError), progress.step("second"):
        raise RuntimeError("boom")
    lines = stream.getvalue().splitlines()
    assert re.fullmatch(r"\[1/2\] first \.\.\. \d+\.\d s", lines[0])
    assert lines[1] == "[2/2] second ... failed"
    quiet = io.StringIO()
    with Progress(stream=quiet, quiet=True).step("x"):
        pass
    assert quiet.getvalue() == ""


def test_step_holds_tables_back_until_the_progress_line_is_complete():
    stream = io.StringIO()  # progress and console on one terminal
    report = Report("r", console=stream)
    with report.step("Lesson", Progress(1, stream=stream)) as section:
        section.table(pd.DataFrame({"v": [1]}), caption="Table")
    text = stream.getvalue()
    assert re.match(r"\[1/1\] Lesson \.\.\. \d+\.\d s\n\n== Lesson ==\nTable:", text)
    assert report.console is stream
