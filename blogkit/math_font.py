"""Rebuild the site's math font: STIX Two Math cut down to what the posts' equations draw.

    quarto render
    npm pack @fontsource/stix-two-math@5.3.0 && tar xzf fontsource-stix-two-math-5.3.0.tgz
    python scripts/math_font.py package/files/stix-two-math-latin-400-normal.woff2 [SITE_DIR]

Reads every <math> of the rendered pages in SITE_DIR (default: _site) and writes
_vendor/stix-two-math/stix-two-math-subset.woff2 (WOFF2) with the glyphs of the characters
they draw: each character as written, the italic form a one-letter <mi> is drawn in, and the
radical sign of a square root. fontTools keeps the MATH table and closes the glyph set over
it, so the display-size operators, the larger variants and the pieces that stretch brackets
come along with their base characters. Needs fonttools and brotli (requirements.txt).
"""

import argparse
import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from blogkit.font_subset import subset_font
from blogkit.paths import ROOT

OUTPUT = ROOT / "_vendor" / "stix-two-math" / "stix-two-math-subset.woff2"
TOKENS = {"mi", "mo", "mn", "mtext", "ms"}
HIDDEN = {"annotation", "annotation-xml"}  # the TeX source Quarto keeps beside the MathML
RADICALS = {"msqrt", "mroot"}  # drawn with U+221A, which is not in the page's text
SPACES = " \u00a0"


def italic(char):
    """The mathematical italic form of `char` (the glyph of a one-letter <mi>), or None."""
    if not isinstance(char, str) or len(char) != 1:
        raise ValueError(f"char must be one character, got {char!r}")
    if char == "h":
        return "\u210e"  # PLANCK CONSTANT: the italic h's place in Unicode
    name = unicodedata.name(char, "")
    latin = re.fullmatch(r"LATIN (CAPITAL|SMALL) LETTER ([A-Z])", name)
    if latin:
        name = f"{latin[1]} {latin[2]}"
    elif name.startswith("GREEK "):
        name = name.removeprefix("GREEK ").replace("LETTER ", "")
    elif name not in ("PARTIAL DIFFERENTIAL", "NABLA", "LATIN SMALL LETTER DOTLESS I"):
        return None
    name = name.replace("LATIN SMALL LETTER DOTLESS", "SMALL DOTLESS")
    try:
        return unicodedata.lookup(f"MATHEMATICAL ITALIC {name}")
    except KeyError:
        return None


class _MathCharacters(HTMLParser):
    """The characters the <math> elements of one HTML page draw."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.characters = set()
        self.open = []  # [tag, attributes, text] of the open elements inside <math>

    def handle_starttag(self, tag, attrs):
        if tag == "math" or self.open:
            self.open.append([tag, dict(attrs), []])
            if tag in RADICALS:
                self.characters.add("\u221a")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data):
        if self.open and not any(tag in HIDDEN for tag, _, _ in self.open):
            self.open[-1][2].append(data)

    def handle_endtag(self, tag):
        if not self.open:
            return
        name, attributes, parts = self.open.pop()
        while name != tag and self.open:  # an element left open: close it too
            name, attributes, parts = self.open.pop()
        text = "".join(parts).strip()
        if name in TOKENS:
            self.characters.update(text)
            if name == "mi" and len(text) == 1 and "mathvariant" not in attributes:
                self.characters.add(italic(text) or text)


def math_characters(html):
    """Every character the <math> elements of `html` draw (as text of a page)."""
    if not isinstance(html, str):
        raise TypeError(f"html must be str, not {type(html).__name__}")
    parser = _MathCharacters()
    parser.feed(html)
    parser.close()
    return parser.characters


def site_math_characters(site):
    """The characters every page of the rendered site draws in its equations."""
    pages = [p for p in Path(site).rglob("*.html") if "site_libs" not in p.parts]
    if not pages:
        raise FileNotFoundError(f"site has no pages: {site} (run quarto render first)")
    characters = set()
    for page in pages:
        characters |= math_characters(page.read_text(encoding="utf-8"))
    return characters | set(SPACES) if characters else set()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="STIX Two Math (OTF, TTF, WOFF or WOFF2)")
    parser.add_argument("site", nargs="?", default=ROOT / "_site", type=Path)
    args = parser.parse_args(argv)
    characters = site_math_characters(args.site)
    if not characters:
        sys.exit(f"no equations found in {args.site}")
    subset_font(args.source, (ord(c) for c in characters), OUTPUT)
    size = OUTPUT.stat().st_size / 1e3
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(characters)} characters, {size:.1f} kB")
