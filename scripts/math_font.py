"""Rebuild the site's math font subset from the rendered pages' math.

    python scripts/math_font.py STIX_TWO_MATH_FONT [SITE]   # SITE: _site/ by default

See blogkit/math_font.py.
"""

import sys

from blogkit.math_font import main

if __name__ == "__main__":
    main(sys.argv[1:])
