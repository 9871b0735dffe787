"""Checks shared by the tests of the report folders (demo, study, Report)."""

from html.parser import HTMLParser
from pathlib import Path

import matplotlib.image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Elements that never have an end tag in HTML.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}  # fmt: skip


class _PageChecker(HTMLParser):
    """Checks that tags nest and close, and collects every src/href."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.urls, self.images = [], [], [], []
        self.headings, self._in_h2 = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if name in attrs:
                self.urls.append(attrs[name])
        if tag == "img":
            self.images.append(attrs.get("src"))
        if tag not in _VOID:
            self.stack.append(tag)
        self._in_h2 = tag == "h2"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self.headings.append(data.strip())


def check_png(path):
    """A real PNG: signature, readable back, not tiny, not blank."""
    path = Path(path)
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, path
    image = matplotlib.image.imread(path)
    assert image.shape[0] >= 100 and image.shape[1] >= 100, (path, image.shape)
    assert image.std() > 0.01, f"{path} is blank"


def check_report(folder):
    """index.html is well formed, offline, and its images exist; return the parse."""
    folder = Path(folder)
    text = (folder / "index.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    page = _PageChecker()
    page.feed(text)
    page.close()
    assert page.errors == [] and page.stack == [], (page.errors, page.stack)
    for url in page.urls:
        assert not url.startswith(("http:", "https:", "//", "file:", "/")), url
    for src in page.images:
        assert not Path(src).is_absolute() and ".." not in Path(src).parts, src
        check_png(folder / src)
    assert "<script" not in text.lower()
    assert "http://" not in text and "https://" not in text
    return page
