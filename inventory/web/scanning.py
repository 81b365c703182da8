"""What the browser's scan check knows: the patterns of the codes Relais prints.

A keyboard-wedge scanner types a code and presses Enter into whatever field has the focus. The
page script (static/scanning.js) catches such a burst in a field that is not a scan field when
it matches one of these patterns, instead of saving a code as a tool name or a serial number.
Each pattern is defined by the domain that writes the code; this only gathers them.
"""

from __future__ import annotations

from inventory.devices import tags
from inventory.loans.service import REFERENCE_PATTERN


def scan_patterns() -> list[str]:
    """Regular expressions (read alike by Python and JavaScript) of whole printed codes."""
    return [tags.asset_tag_pattern(), tags.document_number_pattern(), REFERENCE_PATTERN]
