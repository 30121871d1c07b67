"""Rebuild the site's icon font subset from the icons the rendered pages can show.

    quarto render && python scripts/icon_font.py [SITE]   # SITE: _site/ by default

See blogkit/icon_font.py.
"""

import sys

from blogkit.icon_font import main

if __name__ == "__main__":
    main(sys.argv[1:])
