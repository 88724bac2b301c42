"""Print: plan booklets and newsletter editions typeset as PDF by WeasyPrint."""
