"""Cut a font down to some characters and write it as WOFF2 (fontTools; needs brotli)."""

from pathlib import Path


def subset_font(source, codepoints, output):
    """Write the glyphs of `codepoints` from `source` to `output` as WOFF2.

    Every OpenType layout feature is kept, and the MATH table with the glyphs it needs for
    the kept ones (display sizes, larger variants, the pieces of stretched brackets).
    Raises ValueError naming the code points that `source` has no glyph for.
    """
    from fontTools import subset as ft_subset

    codepoints = sorted(set(codepoints))
    if not codepoints or not all(isinstance(c, int) and c >= 0 for c in codepoints):
        raise ValueError(f"codepoints must be non-negative integers, got {codepoints!r}")
    options = ft_subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # MathML uses ssty (script sizes), dtls and flac
    options.name_IDs = ["*"]  # keep the copyright and licence entries
    options.hinting = False
    options.glyph_names = False
    options.notdef_outline = True
    font = ft_subset.load_font(str(source), options)
    missing = [c for c in codepoints if c not in font.getBestCmap()]
    if missing:
        raise ValueError(
            f"source has no glyph for {', '.join(f'U+{c:04X}' for c in missing)}: {source}"
        )
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    ft_subset.save_font(font, str(output), options)
    return Path(output)
