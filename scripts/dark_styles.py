"""Switch off the dark theme's stylesheets in the rendered pages (Quarto runs this after every
render: post-render); the page switches them on for a reader who sees it dark.

python scripts/dark_styles.py [OUTPUT_DIR]   # default: $QUARTO_PROJECT_OUTPUT_DIR or _site/
"""

import sys

from blogkit.color_scheme import main

if __name__ == "__main__":
    main(sys.argv[1:])
