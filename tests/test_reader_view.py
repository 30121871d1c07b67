"""The rendered site as a reader gets it: every page opened in Chromium, wide and on a phone.

The site is rendered once (`rendered_site`) and served from this machine; every request to
another host is refused and recorded, so nothing here depends on the network and a page that
needs a CDN fails instead of passing. The expected values come from the posts' sources and
notebooks (captions, alt texts, printed lines, charts, diagrams), from the installed plotly
package (the plotly.js version) and from WCAG 2 A/AA as axe-core checks it. A diagram's text
alternative is read from Chromium's accessibility tree, as a screen reader gets it.
Needs `quarto`, Chromium and the playwright package; without them these tests are skipped.
"""

import json
import re
from pathlib import Path

import nbformat
import plotly.offline
import pytest
from build_notebooks import cell_options, is_figure, is_python, notebook_path, post_sources
from diagram_source import diagrams_in
from site_fixtures import chromium, first_view, serve

ROOT = Path(__file__).resolve().parent.parent
PLOTLY = "application/vnd.plotly.v1+json"
BUNDLE = ROOT / "_vendor" / "plotly.js-cartesian-dist-min"
WIDE, PHONE = 1280, 390
# The smallest text a diagram may draw, in CSS pixels, at either width.
MIN_DIAGRAM_TEXT_PX = 10
# Generous: the posts' first views weigh about 0.95 MB (benchmarks/page_weight.py).
CEILING_GZIP_BYTES = 1_250_000
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Quarto and markdown syntax that a reader should never see as text.
MARKUP = re.compile(
    r"\{#|#\||:::|```|\$\$|\\(frac|text|hat|sum|operatorname)\b|\]\(|\{=html\}"
    r"|\{\.|fig-(alt|cap)\s*="
)

POSTS = {f"posts/{source.parent.name}/index.html": source for source in post_sources()}
PAGES = ["index.html", "about.html", *POSTS]

# One pass over a loaded page: what the tests read, as the browser shows it.
READ_PAGE = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.width, r.height]; };
  const main = document.querySelector("main");
  return {
    text: main.innerText,
    scrollWidth: document.documentElement.scrollWidth,
    figures: [...document.querySelectorAll("main div.quarto-float[id^='fig-']")].map(f => ({
      id: f.id,
      caption: (f.querySelector("figcaption") || {innerText: ""}).innerText,
      alts: [...f.querySelectorAll("img")].map(i => i.getAttribute("alt")),
      diagrams: [...f.querySelectorAll("svg[id^='mermaid-figure']")].map(s => s.id),
      drawn: [...f.querySelectorAll("img, svg.main-svg, svg[id^='mermaid-figure']")]
               .every(e => box(e)[0] > 0 && box(e)[1] > 0
                           && (e.tagName !== "IMG" || e.naturalWidth > 0)),
    })),
    charts: [...document.querySelectorAll(".plotly-graph-div")].map(d => ({
      drawn: !!d.querySelector("svg.main-svg") && box(d)[0] > 0,
      types: (d._fullData || []).map(t => t.type),
      width: box(d)[0],
    })),
    plotlyVersion: window.Plotly ? Plotly.version : null,
    plotlyTraces: window.Plotly ? Object.keys(Plotly.PlotSchema.get().traces) : [],
    diagrams: [...document.querySelectorAll("svg[id^='mermaid-figure']")].map(s => ({
      width: box(s)[0], height: box(s)[1], text: s.textContent.trim().length,
      nodes: s.querySelectorAll("g.node").length,
      // Text as drawn: its CSS font size times the scale at which the SVG is shown.
      textPx: [...s.querySelectorAll("foreignObject *, text")]
        .filter(e => !e.children.length && e.textContent.trim())
        .map(e => { const m = e.closest("foreignObject, text").getScreenCTM();
                    return parseFloat(getComputedStyle(e).fontSize) * Math.hypot(m.a, m.b); }),
    })),
    equations: [...document.querySelectorAll("main math")].map(m => box(m)[0]),
    tables: [...document.querySelectorAll("main table")].map(t => box(t)[1]),
    // A diagram may be wider than a phone inside the box it scrolls in; the box may not.
    images: [...document.querySelectorAll("main img, main svg[id^='mermaid-figure']")]
              .map(i => box(i.tagName === "IMG" ? i : i.parentElement)[0]),
    unreachableScrollers: [...document.querySelectorAll("main *")].filter(el => {
      const overflow = getComputedStyle(el).overflowX;
      return /auto|scroll/.test(overflow) && el.scrollWidth > el.clientWidth + 1
             && el.offsetParent !== null && el.tabIndex < 0 && !el.querySelector("a, button");
    }).map(el => el.tagName + "." + el.className),
  };
}"""


def accessible_names(page, selector):
    """{id: accessible name} of the elements matching `selector`, from Chromium's
    accessibility tree."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    names = {}
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        attributes = cdp.send("DOM.getAttributes", {"nodeId": node})["attributes"]
        element_id = dict(zip(attributes[::2], attributes[1::2], strict=True)).get("id")
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
        names[element_id] = tree["nodes"][0].get("name", {}).get("value", "")
    cdp.detach()
    return names


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]]


@pytest.fixture(scope="module")
def views(rendered_site):
    """Every page at both widths: its first view, what it shows and its axe violations."""
    seen = {}
    with serve(rendered_site) as base, chromium() as browser:
        for name in PAGES:
            for width in (WIDE, PHONE):
                page = browser.new_page(viewport={"width": width, "height": 900})
                view = first_view(page, base + name)
                seen[name, width] = {
                    "view": view,
                    "base": base,
                    "page": page.evaluate(READ_PAGE),
                    "names": accessible_names(page, "main svg[id^='mermaid-figure']"),
                    "axe": axe_violations(page),
                }
                page.close()
    return seen


def notebook(post_page):
    return nbformat.read(notebook_path(POSTS[post_page]), as_version=4)


def plotly_outputs(post_page):
    return [
        o.data[PLOTLY]
        for c in notebook(post_page).cells
        for o in c.get("outputs", [])
        if PLOTLY in o.get("data", {})
    ]


def figure_cells(post_page):
    """(label, caption, alt, kind) of every figure, in the post's order. kind is "image",
    "chart" or "diagram"; a diagram's alt is its accTitle (see tests/test_structure.py)."""
    cells = []
    for cell in notebook(post_page).cells:
        if is_python(cell) and is_figure(cell.source):
            options = cell_options(cell.source)
            is_image = any("image/png" in o.get("data", {}) for o in cell.outputs)
            kind = "image" if is_image else "chart"
            cells.append((options["label"], options["fig-cap"], options["fig-alt"], kind))
        elif cell.cell_type == "markdown":
            for diagram in diagrams_in(cell.source):
                label = str(diagram.options.get("label", ""))
                if label.startswith("fig-"):
                    caption, alt = diagram.options["fig-cap"], diagram.statement("accTitle")
                    cells.append((label, caption, alt, "diagram"))
    return cells


def squash(text):
    return " ".join(text.split())


# ------------------------------------------------------------------ 1. correct


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_no_markup(views, name):
    for width in (WIDE, PHONE):
        text = views[name, width]["page"]["text"]
        assert text.strip(), f"{name} shows no text"
        found = MARKUP.search(text)
        assert not found, f"{name} shows markup {found[0]!r}: ...{text[found.start() - 80 :][:200]}"


@pytest.mark.parametrize("name", POSTS)
def test_post_shows_every_line_its_notebook_prints(views, name):
    # innerText is what a reader sees: `->` stays `->`, not the HTML source's `-&gt;`.
    text = views[name, WIDE]["page"]["text"]
    printed = [
        line
        for cell in notebook(name).cells
        for o in cell.get("outputs", [])
        if o.output_type == "stream"
        for line in o.text.splitlines()
        if line.strip()
    ]
    assert printed, "the notebook prints something"
    for line in printed:
        assert line.rstrip() in text, f"{line!r} is not on the page"


@pytest.mark.parametrize("name", POSTS)
def test_every_figure_has_its_number_caption_and_alt_text(views, name):
    expected = figure_cells(name)
    shown = {f["id"]: f for f in views[name, WIDE]["page"]["figures"]}
    assert [label for label, *_ in expected] == list(shown), "figures and their order"
    names = views[name, WIDE]["names"]
    for number, (label, caption, alt, kind) in enumerate(expected, start=1):
        figure = shown[label]
        assert squash(figure["caption"]) == squash(f"Figure {number}: {caption}"), label
        assert figure["drawn"], f"{label} is not drawn"
        assert figure["alts"] == ([alt] if kind == "image" else []), (
            f"{label}: alt is not the fig-alt"
        )
        if kind == "diagram":
            (svg,) = figure["diagrams"]
            assert squash(names[svg]) == squash(alt), (
                f"{label}: a screen reader does not get accTitle"
            )


@pytest.mark.parametrize("name", POSTS)
def test_every_chart_diagram_table_and_equation_is_drawn(views, name):
    page = views[name, WIDE]["page"]
    figures = plotly_outputs(name)
    assert len(page["charts"]) == len(figures), "one drawn chart per plotly output"
    for chart, figure in zip(page["charts"], figures, strict=True):
        assert chart["drawn"]
        assert chart["types"] == [t.get("type", "scatter") for t in figure["data"]]
    used = {t.get("type", "scatter") for f in figures for t in f["data"]}
    assert used <= set(page["plotlyTraces"]), "the plotly.js bundle lacks a trace type"

    source = POSTS[name].read_text(encoding="utf-8")
    written = diagrams_in(source)
    assert len(page["diagrams"]) == len(written) == source.count("```{mermaid}")
    for diagram, chart in zip(page["diagrams"], written, strict=True):
        assert diagram["width"] > 100 and diagram["height"] > 100 and diagram["text"] > 0
        if chart.is_flowchart:  # every box, not the diagram's style shown as text instead
            assert diagram["nodes"] == len({box for box, *_ in chart.boxes()})
    assert len(page["equations"]) >= source.count("$$") // 2 > 0
    assert all(width > 0 for width in page["equations"])
    assert all(height > 0 for height in page["tables"])


def test_home_page_lists_every_post_and_the_feed(views):
    text = views["index.html", WIDE]["page"]["text"]
    for source in post_sources():
        title = re.search(r'^title: "(.*)"$', source.read_text(encoding="utf-8"), re.M)[1]
        assert title in text


def test_notebooks_are_downloads_not_pages(rendered_site):
    assert (rendered_site / "index.xml").exists()  # the RSS feed
    for source in post_sources():
        folder = rendered_site / "posts" / source.parent.name
        assert (folder / notebook_path(source).name).exists()
        assert not (folder / f"{notebook_path(source).stem}.html").exists()


# ------------------------------------------------------------------ 2. light


@pytest.mark.parametrize("name", PAGES)
def test_first_view_stays_under_a_generous_weight_ceiling(views, name):
    view = views[name, WIDE]["view"]
    assert len(view.requests) > 5, "the page loaded its styles and scripts"
    assert view.gzip_bytes < CEILING_GZIP_BYTES, (
        f"{name}: {view.gzip_bytes / 1e6:.2f} MB gzip; see benchmarks/page_weight.py"
    )


# ------------------------------------------------------------------ 3. private and pinned


@pytest.mark.parametrize("name", PAGES)
def test_page_asks_no_other_host_for_anything(views, name):
    for width in (WIDE, PHONE):
        seen = views[name, width]
        assert seen["view"].other_hosts(seen["base"]) == []
        failed = [r.url for r in seen["view"].requests if r.status not in (200, 304)]
        assert failed == [], "every request is served by the site"


def vendored_version():
    header = (BUNDLE / "plotly-cartesian.min.js").read_text(encoding="utf-8")[:300]
    version = re.search(r"plotly\.js \(cartesian - minified\) v(\d+\.\d+\.\d+)", header)
    package = json.loads((BUNDLE / "package.json").read_text(encoding="utf-8"))
    assert version and version[1] == package["version"], "the bundle is its package's file"
    return package["version"]


def test_vendored_plotlyjs_is_the_version_plotly_writes_figures_for():
    # Runs without Quarto: after a plotly upgrade, replace _vendor/ (see README).
    assert vendored_version() == plotly.offline.get_plotlyjs_version()


@pytest.mark.parametrize("name", POSTS)
def test_post_runs_the_vendored_plotlyjs(views, name):
    page = views[name, WIDE]["page"]
    if plotly_outputs(name):
        assert page["plotlyVersion"] == plotly.offline.get_plotlyjs_version()


# ------------------------------------------------------------------ 4. clean


@pytest.mark.parametrize("name", PAGES)
def test_page_logs_no_errors(views, name):
    for width in (WIDE, PHONE):
        view = views[name, width]["view"]
        assert view.console_errors == [] and view.page_errors == [], (name, width)


# ------------------------------------------------------------------ 5. accessible


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_a_or_aa_violations(views, name):
    for width in (WIDE, PHONE):
        assert views[name, width]["axe"] == [], (name, width)


@pytest.mark.parametrize("name", PAGES)
def test_keyboard_reaches_every_block_that_scrolls(views, name):
    for width in (WIDE, PHONE):
        assert views[name, width]["page"]["unreachableScrollers"] == [], (name, width)


# ------------------------------------------------------------------ 6. small screens


@pytest.mark.parametrize("name", POSTS)
def test_diagram_text_is_never_drawn_smaller_than_the_minimum(views, name):
    for width in (WIDE, PHONE):
        for diagram in views[name, width]["page"]["diagrams"]:
            assert diagram["textPx"], "the diagram's text is found"
            smallest = min(diagram["textPx"])
            assert smallest >= MIN_DIAGRAM_TEXT_PX, (
                f"{name} at {width} px: diagram text drawn at {smallest:.1f} px"
            )


@pytest.mark.parametrize("name", PAGES)
def test_phone_never_scrolls_the_page_sideways(views, name):
    page = views[name, PHONE]["page"]
    assert page["scrollWidth"] <= PHONE
    assert all(width <= PHONE for width in page["images"])
    assert all(chart["width"] <= PHONE for chart in page["charts"])
