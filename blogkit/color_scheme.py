"""Dark mode's stylesheets, downloaded only by the readers who see the page dark.

Quarto writes the dark theme's stylesheets into every page's head as `rel="stylesheet"`, so
every reader downloads them (some 68 kB gzip) and its script then switches them off for a
light page. After rendering, `defer_dark_styles` turns them off in the page itself
(`rel="disabled-stylesheet"`, which browsers do not download); `_includes/color-scheme.html`
turns them on again in the head, before the page is drawn, for a reader whose page is dark.
"""

import os
import re
from pathlib import Path

from blogkit.paths import ROOT

DARK_LINK = re.compile(r'<link\b[^>]*\bclass="quarto-color-scheme quarto-color-alternate"[^>]*>')


def defer_dark_styles(html):
    """`html` with its dark-mode stylesheet links switched off."""
    return DARK_LINK.sub(
        lambda link: link[0].replace('rel="stylesheet"', 'rel="disabled-stylesheet"', 1), html
    )


def main(arguments):
    site = Path(
        arguments[0] if arguments else os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", ROOT / "_site")
    )
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        deferred = defer_dark_styles(html)
        if deferred != html:
            page.write_text(deferred, encoding="utf-8")
