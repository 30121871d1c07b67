"""Every link and download in every post leads to a file that exists.

A post's download zip is the exception: it is built when the site renders, and
test_downloads.py checks it (test_site_links.py on the rendered site).
"""

import re

from blogkit.downloads import archive_name
from blogkit.notebooks import read_post

LINK = re.compile(r"\]\(([^)\s]+)\)")


def local_links(post):
    """Targets of the post's markdown links that are files of the site, not web addresses."""
    markdown = "\n".join(c.source for c in read_post(post).cells if c.cell_type == "markdown")
    targets = (m[1].split("#")[0] for m in LINK.finditer(markdown))
    return [t for t in targets if t and not re.match(r"[a-z]+:", t)]


def test_every_local_link_resolves(post):
    for target in local_links(post):
        if target == archive_name(post.parent):
            continue
        assert (post.parent / target).resolve().is_file(), (
            f"{post.parent.name}: the link to {target} leads nowhere"
        )


def test_link_check_reads_the_links():
    # The first post links its download and the sequel; a check that found none would pass.
    from conftest import post_named

    links = local_links(post_named("linear-regression-from-scratch"))
    assert "../knowing-when-to-stop/index.qmd" in links
    assert "linear-regression-from-scratch.zip" in links
