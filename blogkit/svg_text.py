"""How large a matplotlib SVG draws its text, once a page shows it at some width.

Matplotlib writes text into an SVG as outlines, not as text: each glyph is a path in <defs>,
scaled to TEXT_UNITS units to the em, and each character is a <use> of it inside groups whose
transforms place and scale it. A character's font size, in the SVG's own units, is the scale
of all the transforms above it (rotation set aside) times TEXT_UNITS. A page shows the image
at some width: in CSS px, the size is that times the shown width over the viewBox's width.
"""

import math
import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"
# matplotlib.textpath.TextToPath.FONT_SCALE: a glyph's path after its own transform
# (scale(1/64), from FreeType's 64ths) is TEXT_UNITS units to the em.
TEXT_UNITS = 100
GLYPH_TRANSFORM = "scale(0.015625)"
CSS_PX_PER_PT = 4 / 3  # the SVG's width and height are in pt; a browser shows it at 96 px/in


def _compose(first, then):
    """The 2 x 2 matrix (a, b, c, d), column-major as SVG writes it, of `first` x `then`."""
    a, b, c, d = first
    return (
        a * then[0] + c * then[1],
        b * then[0] + d * then[1],
        a * then[2] + c * then[3],
        b * then[2] + d * then[3],
    )


def _matrix(transform):
    """The 2 x 2 linear part of an SVG transform attribute (translations do not scale)."""
    matrix = (1.0, 0.0, 0.0, 1.0)
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", transform or ""):
        values = [float(v) for v in re.split(r"[\s,]+", args.strip()) if v]
        if name == "translate":
            continue
        if name == "scale":
            sx = values[0]
            sy = values[1] if len(values) > 1 else sx
            m = (sx, 0.0, 0.0, sy)
        elif name == "rotate":
            r = math.radians(values[0])
            m = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r))
        elif name == "matrix":
            m = tuple(values[:4])
        else:
            raise ValueError(f"unexpected SVG transform {name}()")
        matrix = _compose(matrix, m)
    return matrix


def text_sizes(svg_text):
    """The font size of every character a matplotlib SVG draws, in the SVG's units (pt)."""
    root = ET.fromstring(svg_text)
    outlines = {
        path.get("id")
        for path in root.iter(SVG + "path")
        if path.get("transform") == GLYPH_TRANSFORM
    }
    found = []

    def walk(element, matrix):
        matrix = _compose(matrix, _matrix(element.get("transform")))
        target = (element.get(HREF) or "").lstrip("#")
        if element.tag == SVG + "use" and target in outlines:
            scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))
            found.append(scale * TEXT_UNITS)
        for child in element:
            walk(child, matrix)

    walk(root, (1.0, 0.0, 0.0, 1.0))
    return found


def view_box_width(svg_text):
    """The width of the SVG's viewBox: the units that its shown width spans."""
    return float(ET.fromstring(svg_text).get("viewBox").split()[2])


def natural_width_px(svg_text):
    """The width a browser gives the image where nothing narrows it, in CSS px."""
    width = ET.fromstring(svg_text).get("width")
    number = float(re.match(r"[\d.]+", width)[0])
    return number * CSS_PX_PER_PT if width.endswith("pt") else number


def smallest_text_px(svg_text, shown_width_px):
    """The size of the smallest text in CSS px, with the image shown `shown_width_px` wide."""
    return min(text_sizes(svg_text)) * shown_width_px / view_box_width(svg_text)
