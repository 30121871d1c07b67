"""Switch off both themes' stylesheets in the rendered pages (Quarto runs this after every
render: post-render); each page switches on the one its reader sees.

python scripts/theme_styles.py [OUTPUT_DIR]   # default: $QUARTO_PROJECT_OUTPUT_DIR or _site/
"""

import sys

from blogkit.color_scheme import main

if __name__ == "__main__":
    main(sys.argv[1:])
