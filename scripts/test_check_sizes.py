"""The size check's inline-import rule: an import inside a function needs an `# inline:` reason."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("check_sizes", Path(__file__).with_name("check_sizes.py"))
check_sizes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_sizes)

SOURCE = """\
import os


def reasoned():
    from reportlab.pdfgen import canvas  # inline: reportlab is heavy
    # inline: tasks imports this module (cycle)
    from app.tasks import task
    return canvas, task


def silent():
    if os.environ:
        from app.models import Thing
    return Thing


class Holder:
    def method(self):
        import json  # a comment that gives no reason
        return json
"""


def test_only_imports_inside_functions_without_a_reason_are_reported():
    found = sorted(check_sizes.unexplained_inline_imports("inovasi/app/mod.py", SOURCE))
    assert found == ["inovasi/app/mod.py:13", "inovasi/app/mod.py:19"]
