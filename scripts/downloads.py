"""Build each post's download zip (Quarto runs this after every render: post-render).

python scripts/downloads.py [OUTPUT_DIR]   # default: $QUARTO_PROJECT_OUTPUT_DIR or _site/
"""

import sys

from blogkit.downloads import main

if __name__ == "__main__":
    main(sys.argv[1:])
