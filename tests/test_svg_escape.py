"""The SVG writer escapes text and attributes exactly as ``xml.sax.saxutils`` does (it has its
own two functions, so that an export need not import that module and ``urllib`` with it)."""

from __future__ import annotations

from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr

from hypothesis import given, settings
from hypothesis import strategies as st

from exporters.svg import _attr, escape, xml_text

_texts = st.text(alphabet="ab&<>\"'\t\n\r\u2028 漢\x00;#") | st.text()


@settings(max_examples=1000, deadline=None)
@given(_texts)
def test_text_and_attributes_are_escaped_as_saxutils_does(value: str) -> None:
    assert escape(value) == sax_escape(value)
    assert _attr(value) == quoteattr(xml_text(value), {"\t": "&#9;"})


def test_an_export_does_not_import_saxutils() -> None:
    import subprocess
    import sys

    code = "import sys, exporters.svg, exporters.xlsx; print('xml.sax.saxutils' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"
