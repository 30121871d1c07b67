"""The blog's own machinery: posts as notebooks, their downloads, proofreading, page data.

Posts, scripts and tests import it from here; `pip install -e .` (requirements.txt) makes it
importable from any folder.
"""
