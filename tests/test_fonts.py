"""The site's own fonts (no Quarto needed): the math and icon subsets in _vendor/, what they
keep, their licences, and the scripts that rebuild them (scripts/math_font.py, icon_font.py).

The reader's-view test checks, on the rendered pages, that they hold every glyph drawn there
and that the equations are drawn right with them.
"""

import re

import pytest
from conftest import assert_rejects
from fontTools.ttLib import TTFont

from blogkit.font_subset import subset_font
from blogkit.icon_font import icon_codepoints, names_in
from blogkit.math_font import italic, math_characters
from blogkit.paths import ROOT

MATH = ROOT / "_vendor" / "stix-two-math"
ICONS = ROOT / "_vendor" / "bootstrap-icons"
MATH_FONT = MATH / "stix-two-math-subset.woff2"
ICON_FONT = ICONS / "bootstrap-icons-subset.woff2"


def vertical_construction(font, char):
    """The MATH table's variants and assembly parts for `char`, as glyph names."""
    variants = font["MATH"].table.MathVariants
    glyph = font.getBestCmap()[ord(char)]
    coverage = variants.VertGlyphCoverage.glyphs
    assert glyph in coverage, f"{char} has no vertical variants"
    construction = variants.VertGlyphConstruction[coverage.index(glyph)]
    sizes = [v.VariantGlyph for v in construction.MathGlyphVariantRecord]
    parts = (
        [p.glyph for p in construction.GlyphAssembly.PartRecords]
        if construction.GlyphAssembly
        else []
    )
    return glyph, sizes, parts


def height(font, glyph):
    from fontTools.pens.boundsPen import BoundsPen

    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[glyph].draw(pen)
    return pen.bounds[3] - pen.bounds[1]


# ------------------------------------------------------------------ the math font


def test_math_font_is_a_woff2_with_its_math_table():
    font = TTFont(MATH_FONT)
    assert font.flavor == "woff2"
    assert "MATH" in font
    assert font["MATH"].table.MathConstants.DisplayOperatorMinHeight > 0


def test_the_sum_keeps_a_larger_display_variant():
    font = TTFont(MATH_FONT)
    glyph, sizes, _ = vertical_construction(font, "\u2211")
    larger = [g for g in sizes if g != glyph]
    assert larger and height(font, larger[-1]) > 1.2 * height(font, glyph)


@pytest.mark.parametrize("char", ["(", ")", "[", "]", "\u221a"])
def test_brackets_and_the_radical_keep_their_sizes_and_stretching_pieces(char):
    font = TTFont(MATH_FONT)
    glyph, sizes, parts = vertical_construction(font, char)
    assert len(sizes) > 3, f"{char}: only {len(sizes)} sizes"
    assert parts, f"{char} cannot stretch past its largest size"
    order = set(font.getGlyphOrder())
    assert set(sizes) | set(parts) <= order, f"{char}: variants missing from the font"
    assert height(font, sizes[-1]) > 2 * height(font, glyph)


def test_math_font_ships_its_licence():
    licence = (MATH / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "STIX Fonts Project Authors" in licence
    copyright_ = TTFont(MATH_FONT)["name"].getDebugName(0)
    assert "STIX Fonts Project Authors" in copyright_


def test_math_stylesheet_puts_installed_math_fonts_first_and_the_subset_last():
    css = (MATH / "stix-two-math.css").read_text(encoding="utf-8")
    stack = re.search(r"math \{\s*font-family: ([^;]+);", css)[1]
    families = [f.strip().strip('"') for f in stack.split(",")]
    assert families[-2:] == ["STIX Two Math subset", "math"]
    assert {"STIX Two Math", "Latin Modern Math", "Cambria Math"} <= set(families[:-2])
    assert f'url("{MATH_FONT.name}")' in css


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("x", "\U0001d465"),
        ("A", "\U0001d434"),
        ("h", "\u210e"),
        ("\u03b8", "\U0001d703"),
        ("\u2202", "\U0001d715"),
        ("1", None),
        ("+", None),
    ],
)
def test_italic_is_the_mathematical_italic_letter(char, expected):
    # Code points from Unicode's Mathematical Alphanumeric Symbols block.
    assert italic(char) == expected


def test_italic_rejects_anything_but_one_character():
    assert_rejects(lambda: italic("xy"), ValueError, "char must be one character")
    assert_rejects(lambda: italic(7), ValueError, "char must be one character")


def test_math_characters_reads_what_mathml_draws():
    html = (
        "<p>a</p><math display='block'><semantics><mrow><mi>x</mi><mo>=</mo>"
        "<msqrt><mn>2</mn></msqrt><mi mathvariant='normal'>e</mi><mi>mean</mi>"
        "<mtext>MSE</mtext></mrow><annotation encoding='application/x-tex'>\\zeta</annotation>"
        "</semantics></math><p>q</p>"
    )
    assert math_characters(html) == set("x=2emeanMSE") | {"\U0001d465", "\u221a"}
    assert math_characters("<p>no equations</p>") == set()
    assert_rejects(lambda: math_characters(b"<math/>"), TypeError, "html must be str")


# ------------------------------------------------------------------ the icon font


def test_icon_font_is_a_small_woff2_of_a_few_icons():
    font = TTFont(ICON_FONT)
    assert font.flavor == "woff2"
    assert 2 <= len(font.getBestCmap()) < 60
    assert ICON_FONT.stat().st_size < 10_000


def test_icon_font_ships_its_licence_and_replaces_the_whole_font():
    assert "The MIT License" in (ICONS / "LICENSE").read_text(encoding="utf-8")
    css = (ICONS / "bootstrap-icons-subset.css").read_text(encoding="utf-8")
    assert 'font-family: "bootstrap-icons"' in css  # the family Quarto's icon classes use
    assert f'url("{ICON_FONT.name}")' in css


STYLESHEET = '.bi-rss::before { content: "\\f521"; }\n.bi-github::before { content: "\\f3ed"; }'


def test_icon_codepoints_reads_the_icon_stylesheet():
    assert icon_codepoints(STYLESHEET) == {"rss": 0xF521, "github": 0xF3ED}
    assert_rejects(lambda: icon_codepoints(""), ValueError, "stylesheet defines no")
    assert_rejects(lambda: icon_codepoints(None), TypeError, "stylesheet must be str")


def test_names_in_finds_classes_and_names_scripts_build_classes_from():
    known = icon_codepoints(STYLESHEET)
    assert names_in('<i class="bi bi-rss"></i> bi-unknown', known) == {"rss"}
    script = 'const icon = "github"; el.className = `bi bi-${icon}`;'
    assert names_in(script, known) == set()
    assert names_in(script, known, builds_classes=True) == {"github"}


# ------------------------------------------------------------------ subsetting


def test_subset_font_names_the_characters_the_source_lacks(tmp_path):
    assert_rejects(
        lambda: subset_font(ICON_FONT, [0x41], tmp_path / "out.woff2"),
        ValueError,
        "source has no glyph for U+0041",
    )
    assert_rejects(
        lambda: subset_font(ICON_FONT, [], tmp_path / "out.woff2"), ValueError, "codepoints must"
    )


def test_subset_font_keeps_exactly_the_glyphs_asked_for(tmp_path):
    kept = sorted(TTFont(ICON_FONT).getBestCmap())[:2]
    out = subset_font(ICON_FONT, kept, tmp_path / "two.woff2")
    assert sorted(TTFont(out).getBestCmap()) == kept
