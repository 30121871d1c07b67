"""Build each post's companion notebook from its index.qmd, executed, with outputs.

python scripts/build_notebooks.py            # every post in posts/
python scripts/build_notebooks.py posts/NAME # one post
"""

import sys

from blogkit.notebooks import main

if __name__ == "__main__":
    main(sys.argv[1:])
