"""Rebuild the site's icon font: Quarto's bootstrap-icons cut down to the icons the site shows.

    quarto render && python scripts/icon_font.py [SITE_DIR]

Quarto sends the whole Bootstrap Icons font (about 2,000 icons, 175 kB) for the two dozen
it can show. This reads the rendered site in SITE_DIR (default: _site): the icon font and
stylesheet Quarto copied into site_libs/bootstrap/, and every icon class named in the pages
and Quarto's scripts (a `bi-NAME` class, or a bare "NAME" in a script that builds the class
from it). It writes those icons' glyphs to _vendor/bootstrap-icons/bootstrap-icons-subset.woff2,
which _filters/fonts.lua gives every page in place of the whole font. Needs fonttools and
brotli (requirements.txt).
"""

import argparse
import re
import sys
from pathlib import Path

from blogkit.font_subset import subset_font
from blogkit.paths import ROOT

OUTPUT = ROOT / "_vendor" / "bootstrap-icons" / "bootstrap-icons-subset.woff2"
BOOTSTRAP = Path("site_libs") / "bootstrap"
ICON_RULE = re.compile(r'\.bi-([a-z0-9-]+)::before\s*\{\s*content:\s*"\\([0-9a-f]+)"')
CLASS_NAME = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)")
QUOTED_NAME = re.compile(r"[\"'`]([a-z0-9]+(?:-[a-z0-9]+)*)[\"'`]")
BUILT_CLASS = re.compile(r"bi-\$\{|[\"']bi-[\"']\s*\+")  # `bi-${icon}` or "bi-" + icon


def icon_codepoints(stylesheet):
    """{icon name: code point} from Bootstrap Icons' stylesheet text."""
    if not isinstance(stylesheet, str):
        raise TypeError(f"stylesheet must be str, not {type(stylesheet).__name__}")
    icons = {name: int(code, 16) for name, code in ICON_RULE.findall(stylesheet)}
    if not icons:
        raise ValueError("stylesheet defines no .bi-NAME::before { content: ... } rule")
    return icons


def names_in(text, known, builds_classes=False):
    """The icon names in `text`: `bi-NAME` classes, and bare "NAME" strings where the text
    builds class names from them (`builds_classes`). Only names in `known` count."""
    names = {n for n in CLASS_NAME.findall(text) if n in known}
    if builds_classes:
        names |= {n for n in QUOTED_NAME.findall(text) if n in known}
    return names


def site_icons(site):
    """{name: code point} of every icon the rendered site can show."""
    site = Path(site)
    stylesheet = site / BOOTSTRAP / "bootstrap-icons.css"
    if not stylesheet.exists():
        raise FileNotFoundError(f"no {stylesheet} (run quarto render first)")
    known = icon_codepoints(stylesheet.read_text(encoding="utf-8"))
    used = set()
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".js", ".css") or path == stylesheet:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        used |= names_in(
            text, known, builds_classes=path.suffix == ".js" and BUILT_CLASS.search(text)
        )
    return {name: known[name] for name in sorted(used)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=ROOT / "_site", type=Path)
    site = parser.parse_args(argv).site
    icons = site_icons(site)
    if not icons:
        sys.exit(f"no icons found in {site}")
    subset_font(site / BOOTSTRAP / "bootstrap-icons.woff", icons.values(), OUTPUT)
    size = OUTPUT.stat().st_size / 1e3
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {', '.join(icons)} ({size:.1f} kB)")
