"""An offline HTML report, and one-line progress steps, for ``skreg demo`` / ``study``.

:class:`Report` collects sections of text, tables and plots, echoes the tables
to the console as it goes, and writes a folder that opens without a network::

    out/index.html      one section per lesson; no script, no external URL
    out/img/*.png       the plots, referenced relatively (img/name.png)

Plots are drawn by a callable when matplotlib is installed; without it the
section says how to get them (``pip install "skreg[plot]"``) and everything else
is still written. :class:`Progress` prints one line per step with its elapsed
time.
"""

from __future__ import annotations

import html
import io
import re
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import skreg

__all__ = ["PLOT_HINT", "Progress", "Report", "Section", "matplotlib_available"]

PLOT_HINT = 'plots need matplotlib: pip install "skreg[plot]"'

_CSS = """
body { font-family: sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2em; }
.subtitle, footer, figcaption, .note { color: #555; }
nav ul { columns: 2; }
section { border-top: 1px solid #ccc; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: right; }
th { background: #f3f3f3; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.3em 0; }
figure { display: inline-block; margin: 1em 1em 1em 0; vertical-align: top; }
img { max-width: 100%; border: 1px solid #eee; }
pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; }
"""


def matplotlib_available():
    """True when ``matplotlib.pyplot`` can be imported.

    Examples
    --------
    >>> from skreg.report import matplotlib_available
    >>> isinstance(matplotlib_available(), bool)
    True
    """
    try:
        import matplotlib.pyplot  # noqa: F401
    except ImportError:
        return False
    return True


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "section"


class Section:
    """One part of a :class:`Report`: a heading, then text, tables and plots.

    Build it with :meth:`Report.section`. Tables and notes are also printed to the
    report's console stream (when it has one); plain text goes to the HTML only.

    Examples
    --------
    >>> import pandas as pd
    >>> from skreg.report import Report
    >>> report = Report("demo")
    >>> section = report.section("Lasso vs Ridge")
    >>> section.text("L1 zeroes coefficients.")
    >>> section.table(pd.DataFrame({"n_nonzero": [13, 7]}, index=["ridge", "lasso"]))
    >>> [kind for kind, _ in section.parts]
    ['text', 'table']
    """

    def __init__(self, report, title):
        self.report = report
        self.title = title
        self.anchor = _slug(title)
        self.parts = []

    def _echo(self, text):
        if self.report.console is not None:
            print(text, file=self.report.console)

    def text(self, paragraph):
        """Add a paragraph to the HTML page (not printed)."""
        self.parts.append(("text", str(paragraph)))

    def note(self, line):
        """Add a short line to the page and print it indented."""
        self.parts.append(("note", str(line)))
        self._echo(f"  {line}")

    def items(self, lines):
        """Add a bulleted list to the page and print it as ``  - line``."""
        lines = [str(line) for line in lines]
        self.parts.append(("items", lines))
        for line in lines:
            self._echo(f"  - {line}")

    def table(self, frame, *, caption=None, float_format="{:.4g}".format, echo=True):
        """Add a DataFrame as an HTML table and print it as text.

        ``echo`` is True (print it all), False (HTML only) or a number of rows
        to print, followed by how many more the page holds.
        """
        self.parts.append(("table", (frame, caption, float_format)))
        if echo is False:
            return
        if caption:
            self._echo(f"{caption}:")
        shown = frame if echo is True else frame.head(int(echo))
        self._echo(shown.to_string(float_format=float_format))
        if len(shown) < len(frame):
            self._echo(f"  ... {len(frame) - len(shown)} more rows in the report")

    def preformatted(self, text):
        """Add monospace text (e.g. a printed diagnosis) and print it."""
        self.parts.append(("pre", str(text)))
        self._echo(str(text))

    def plot(self, name, draw, *, caption=""):
        """Draw a figure now and keep it as ``img/<name>.png``.

        ``draw`` is called without arguments and returns a skreg display (with
        ``figure_``) or a matplotlib Figure. Without matplotlib nothing is drawn
        and the page says how to install it. Returns the display, or None.
        """
        if not matplotlib_available():
            self.report.missing_plots += 1
            self.parts.append(("note", f"[{caption or name}: {PLOT_HINT}]"))
            return None
        import matplotlib.pyplot as plt

        display = draw()
        figure = getattr(display, "figure_", display)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        plt.close(figure)
        filename = f"img/{_slug(name)}.png"
        self.report.images[filename] = buffer.getvalue()
        self.parts.append(("image", (filename, caption or name)))
        return display

    def _html(self):
        out = [f'<section id="{self.anchor}">', f"<h2>{html.escape(self.title)}</h2>"]
        for kind, value in self.parts:
            out.append(_PART_HTML[kind](value))
        out.append("</section>")
        return "\n".join(out)


def _table_html(value):
    frame, caption, float_format = value
    table = frame.to_html(float_format=float_format, border=0, na_rep="")
    if caption:
        table = table.replace(">", f">\n<caption>{html.escape(caption)}</caption>", 1)
    return table


_PART_HTML = {
    "text": lambda v: f"<p>{html.escape(v)}</p>",
    "note": lambda v: f'<p class="note">{html.escape(v)}</p>',
    "items": lambda v: (
        "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in v) + "</ul>"
    ),
    "pre": lambda v: f"<pre>{html.escape(v)}</pre>",
    "table": _table_html,
    "image": lambda v: (
        f'<figure><img src="{html.escape(v[0])}" alt="{html.escape(v[1])}">'
        f"<figcaption>{html.escape(v[1])}</figcaption></figure>"
    ),
}


class Report:
    """An HTML report written to a folder that opens offline.

    Parameters
    ----------
    title : str
        Page title and top heading.
    subtitle : str, default=""
        One line under the title.
    console : file-like or None, default=None
        Where section headings, tables and notes are echoed as plain text
        (e.g. ``sys.stdout``); None prints nothing.

    Attributes
    ----------
    sections : list of Section
    images : dict of str to bytes
        PNG data by relative path (``img/<name>.png``).
    missing_plots : int
        Plots skipped because matplotlib is not installed.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from skreg.report import Report
    >>> report = Report("My study")
    >>> report.section("Scores").table(pd.DataFrame({"accuracy": [0.97]}))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     index = report.write(folder)
    ...     print(index.name, "<h2>Scores</h2>" in index.read_text())
    index.html True
    """

    def __init__(self, title, *, subtitle="", console=None):
        self.title = title
        self.subtitle = subtitle
        self.console = console
        self.sections = []
        self.images = {}
        self.missing_plots = 0

    def section(self, title):
        """Start a new section (printed as a heading) and return it."""
        section = Section(self, title)
        taken = {s.anchor for s in self.sections}
        while section.anchor in taken:
            section.anchor += "-2"
        self.sections.append(section)
        if self.console is not None:
            print(f"\n== {title} ==", file=self.console)
        return section

    @contextmanager
    def step(self, title, progress):
        """A new section that is also one progress step.

        What the section prints is held back until the step's line is complete,
        so that progress lines and tables do not interleave on a terminal.
        """
        console, buffer = self.console, io.StringIO()
        self.console = None if console is None else buffer
        try:
            with progress.step(title):
                yield self.section(title)
        finally:
            self.console = console
            if console is not None:
                console.write(buffer.getvalue())
                console.flush()

    def html(self):
        """The whole page as a string."""
        toc = "".join(
            f'<li><a href="#{s.anchor}">{html.escape(s.title)}</a></li>'
            for s in self.sections
        )
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
        return "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="en">',
                '<head><meta charset="utf-8">',
                f"<title>{html.escape(self.title)}</title>",
                f"<style>{_CSS}</style></head>",
                "<body>",
                f"<h1>{html.escape(self.title)}</h1>",
                f'<p class="subtitle">{html.escape(self.subtitle)}</p>',
                f"<nav><ul>{toc}</ul></nav>",
                *(s._html() for s in self.sections),
                f"<footer><p>Written by skreg {skreg.__version__} on {stamp}."
                "</p></footer>",
                "</body>",
                "</html>",
                "",
            ]
        )

    def write(self, out):
        """Write ``index.html`` and the PNGs under ``out``; return the index path.

        The folder is created when missing; files of an earlier report with the
        same names are replaced.
        """
        out = Path(out)
        if out.exists() and not out.is_dir():
            raise NotADirectoryError(f"out must be a folder; got a file: {out}")
        (out / "img").mkdir(parents=True, exist_ok=True)
        for filename, data in self.images.items():
            (out / filename).write_bytes(data)
        index = out / "index.html"
        index.write_text(self.html(), encoding="utf-8")
        return index


class Progress:
    """Numbered steps, one line each with its elapsed time.

    Parameters
    ----------
    total : int or None, default=None
        Number of steps, shown as ``[i/total]``; may be set later.
    stream : file-like or None, default=None
        Where the lines go; None means standard error, so that standard output
        holds only the results.
    quiet : bool, default=False
        Print nothing.

    Examples
    --------
    >>> import io
    >>> from skreg.report import Progress
    >>> stream = io.StringIO()
    >>> progress = Progress(2, stream=stream)
    >>> with progress.step("fit"):
    ...     pass
    >>> stream.getvalue().startswith("[1/2] fit ... ")
    True
    """

    def __init__(self, total=None, *, stream=None, quiet=False):
        self.total = total
        self.stream = stream
        self.quiet = quiet
        self.done = 0
        self.start = time.perf_counter()

    def _print(self, text, end="\n"):
        if not self.quiet:
            stream = sys.stderr if self.stream is None else self.stream
            print(text, end=end, file=stream, flush=True)

    @contextmanager
    def step(self, label):
        """Print ``[i/n] label ...`` now and the elapsed seconds when done."""
        self.done += 1
        count = f"{self.done}/{self.total}" if self.total else f"{self.done}"
        self._print(f"[{count}] {label} ... ", end="")
        began = time.perf_counter()
        try:
            yield
        except BaseException:
            self._print("failed")
            raise
        self._print(f"{time.perf_counter() - began:.1f} s")

    def elapsed(self):
        """Seconds since this object was created."""
        return time.perf_counter() - self.start
