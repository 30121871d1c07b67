"""The site's pre-rendered diagrams are small and come out the same on every render.

The site rendered once per test run (`rendered_site`) is one drawing of every diagram;
`drawn_again` draws the posts' diagrams a second time, in a small project of their own with
the site's diagram options and filters, and each must be the same SVG, byte for byte.
Needs `quarto` and Chromium; without them these tests are skipped, as the reader's-view
test is.
"""

import re
import shutil

import pytest
import yaml
from conftest import text_of
from site_fixtures import render

from blogkit.diagrams import DIAGRAM, diagrams_in
from blogkit.notebooks import post_sources
from blogkit.paths import ROOT

SVG = re.compile(r'<svg\b[^>]*\bid="mermaid-figure-\d+".*?</svg>', re.DOTALL)
# The posts' flowcharts weigh 12 to 20 KB; one box drawn by rough.js (a rounded box in
# mermaid 11.12) adds about 35 KB.
BUDGET_BYTES = 24_000
# mermaid names a diagram after the time it was drawn: `mermaid-1796121587634`.
TIME_ID = re.compile(r"mermaid-\d{10,}")
DIAGRAM_OPTIONS = ("mermaid-format", "mermaid", "filters")
WITH_DIAGRAMS = [source for source in post_sources() if diagrams_in(text_of(source))]


def drawn(html):
    return SVG.findall(html.read_text(encoding="utf-8"))


def page_of(site, post):
    return site / "posts" / post.parent.name / "index.html"


@pytest.fixture(scope="module")
def drawn_again(rendered_site, tmp_path_factory):
    """{slug: the HTML page of the post's diagrams alone}, rendered apart from the site."""
    project = tmp_path_factory.mktemp("diagrams")
    html = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))["format"]["html"]
    options = {key: html[key] for key in DIAGRAM_OPTIONS if key in html}
    config = {"format": {"html": options}}
    (project / "_quarto.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    shutil.copytree(ROOT / "_filters", project / "_filters")
    shutil.copytree(ROOT / "_vendor", project / "_vendor")  # the fonts the filters add
    pages = {}
    for source in WITH_DIAGRAMS:
        cells = [m[0] for m in DIAGRAM.finditer(text_of(source))]
        page = project / f"{source.parent.name}.qmd"
        page.write_text(
            "---\ntitle: Diagrams\n---\n\n" + "\n\n".join(cells) + "\n", encoding="utf-8"
        )
        pages[source.parent.name] = page.with_suffix(".html")
    render(project)
    return pages


def test_the_page_draws_every_diagram_of_the_post(rendered_site, post):
    assert len(drawn(page_of(rendered_site, post))) == len(diagrams_in(text_of(post)))


def test_every_diagram_stays_under_its_size_budget(rendered_site, post):
    for number, svg in enumerate(drawn(page_of(rendered_site, post)), start=1):
        size = len(svg.encode("utf-8"))
        assert size < BUDGET_BYTES, (
            f"{post.parent.name}: diagram {number} is {size / 1000:.1f} KB of SVG "
            f"(budget {BUDGET_BYTES / 1000:.0f} KB); a rounded X(...) box?"
        )


def test_no_diagram_carries_an_id_made_of_the_time(rendered_site, post):
    for svg in drawn(page_of(rendered_site, post)):
        found = TIME_ID.search(svg)
        assert not found, f"{post.parent.name}: {found[0]} changes on every render"


def first_difference(one, other):
    return next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
        min(len(one), len(other)),
    )


@pytest.mark.parametrize("source", WITH_DIAGRAMS, ids=[s.parent.name for s in WITH_DIAGRAMS])
def test_a_second_render_draws_every_diagram_the_same(rendered_site, drawn_again, source):
    first = drawn(page_of(rendered_site, source))
    again = drawn(drawn_again[source.parent.name])
    assert len(again) == len(first) == len(diagrams_in(text_of(source)))
    for number, (one, other) in enumerate(zip(first, again, strict=True), start=1):
        at = first_difference(one, other)
        assert one == other, (
            f"{source.parent.name}: diagram {number} differs between two renders at byte {at}: "
            f"{one[at - 40 : at + 40]!r} / {other[at - 40 : at + 40]!r}"
        )
