"""The rendered site as a reader gets it: every page opened in Chromium, wide and on a phone.

The site is rendered once (`rendered_site`) and served from this machine; every request to
another host is refused and recorded, so nothing here depends on the network and a page that
needs a CDN fails instead of passing. The expected values come from the posts' sources and
notebooks (captions, alt texts, printed lines, charts, diagrams), from the installed plotly
package (the plotly.js version) and from WCAG 2 A/AA as axe-core checks it.
Needs `quarto`, Chromium and the playwright package; without them these tests are skipped.
"""

import json
import re

import nbformat
import plotly.offline
import pytest
from site_fixtures import chromium, first_view, serve

from blogkit.notebooks import CLAIM, figures, has_exercises, notebook_path, post_sources
from blogkit.paths import ROOT, solutions_path

PLOTLY = "application/vnd.plotly.v1+json"
BUNDLE = ROOT / "_vendor" / "plotly.js-cartesian-dist-min"
WIDE, PHONE = 1280, 390
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
      drawn: [...f.querySelectorAll("img, svg.main-svg")].every(e => box(e)[0] > 0 && box(e)[1] > 0
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
      width: box(s)[0], height: box(s)[1], text: s.textContent.trim().length })),
    // An equation in a closed solution is not drawn until it is opened (see 7. below).
    equations: [...document.querySelectorAll("main math")].map(m => ({
      width: box(m)[0], folded: !!m.closest(".callout-collapse:not(.show)") })),
    tables: [...document.querySelectorAll("main table")].map(t => box(t)[1]),
    images: [...document.querySelectorAll("main img, main svg[id^='mermaid-figure']")]
              .map(i => box(i)[0]),
    unreachableScrollers: [...document.querySelectorAll("main *")].filter(el => {
      const overflow = getComputedStyle(el).overflowX;
      return /auto|scroll/.test(overflow) && el.scrollWidth > el.clientWidth + 1
             && el.offsetParent !== null && el.tabIndex < 0 && !el.querySelector("a, button");
    }).map(el => el.tagName + "." + el.className),
  };
}"""


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
    """(label, caption, alt, is_image) of every figure, in the post's order: a cell with a
    fig- label, or a figure div (blogkit.notebooks.figures). The alt is None where the
    chart's code composes its text alternative (with_alt)."""
    text = POSTS[post_page].read_text(encoding="utf-8")
    found = figures(text)
    where = {label: re.search(rf"(#\| label: |\{{#){label}\b", text).start() for label in found}
    outputs = {c.source.rstrip("\n"): c.get("outputs", []) for c in notebook(post_page).cells}
    cells = []
    for label in sorted(found, key=where.get):
        caption, alt, source = found[label]
        shown = outputs[source.rstrip("\n")]
        is_image = any("image/png" in o.get("data", {}) for o in shown)
        cells.append((label, caption, alt, is_image))
    return cells


def caption_pattern(caption):
    """The caption as the page shows it: a claimed phrase without its claim; its inline
    values and its math may read any way."""
    pieces = re.split(r"`\{python\}[^`]*`|\$[^$]*\$", squash(CLAIM.sub(r"\1", caption)))
    return re.compile(".+?".join(re.escape(piece) for piece in pieces), re.DOTALL)


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
    for number, (label, caption, alt, is_image) in enumerate(expected, start=1):
        figure = shown[label]
        assert caption_pattern(f"Figure {number}: {caption}").fullmatch(
            squash(figure["caption"])
        ), (label, figure["caption"])
        assert figure["drawn"], f"{label} is not drawn"
        assert figure["alts"] == ([alt] if is_image else []), f"{label}: alt is not the fig-alt"


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
    assert len(page["diagrams"]) == source.count("```{mermaid}")
    for diagram in page["diagrams"]:
        assert diagram["width"] > 100 and diagram["height"] > 100 and diagram["text"] > 0
    assert len(page["equations"]) >= source.count("$$") // 2 > 0
    assert all(e["width"] > 0 for e in page["equations"] if not e["folded"])
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
        for notebook in (notebook_path(source), solutions_path(source)):
            if notebook == notebook_path(source) or has_exercises(source):
                assert (folder / notebook.name).exists()
                assert not (folder / f"{notebook.stem}.html").exists()


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


@pytest.mark.parametrize("name", PAGES)
def test_phone_never_scrolls_the_page_sideways(views, name):
    page = views[name, PHONE]["page"]
    assert page["scrollWidth"] <= PHONE
    assert all(width <= PHONE for width in page["images"])
    assert all(chart["width"] <= PHONE for chart in page["charts"])


# ------------------------------------------------------------------ 7. folded solutions

WITH_EXERCISES = [name for name, source in POSTS.items() if has_exercises(source)]
FOLDS = "main .callout-header[data-bs-toggle='collapse']"
READ_FOLDS = """selector => [...document.querySelectorAll(selector)].map(header => {
  const body = document.getElementById(header.getAttribute("aria-controls"));
  const shown = el => !!el && el.offsetParent !== null && el.getBoundingClientRect().height > 0;
  return {
    role: header.getAttribute("role"), tabIndex: header.tabIndex,
    name: header.getAttribute("aria-label"), expanded: header.getAttribute("aria-expanded"),
    open: shown(body),
    code: [...body.querySelectorAll("pre code")].filter(shown).length,
    outputs: [...body.querySelectorAll(".cell-output")].filter(shown).length,
    equations: [...body.querySelectorAll("math")].map(m => m.getBoundingClientRect().width),
  };
})"""


def printed_lines(notebook):
    return [
        line.rstrip()
        for cell in notebook.cells
        for o in cell.get("outputs", [])
        if o.output_type == "stream"
        for line in o.text.splitlines()
        if line.strip()
    ]


def solution_lines(post_page):
    """The lines only the solutions print (the solutions notebook's, not the post's)."""
    source = POSTS[post_page]
    shown = set(printed_lines(nbformat.read(notebook_path(source), as_version=4)))
    solved = nbformat.read(solutions_path(source), as_version=4)
    return [line for line in printed_lines(solved) if line not in shown]


@pytest.fixture(scope="module")
def folds(rendered_site):
    """Each post with exercises at both widths: its solutions closed, then opened one by one
    (the first with a click, the second with Enter, the third with Space, the rest with
    clicks), what the page shows then, and its axe violations with every solution open."""
    seen = {}
    with serve(rendered_site) as base, chromium() as browser:
        for name in WITH_EXERCISES:
            for width in (WIDE, PHONE):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(base + name, wait_until="load")
                page.wait_for_load_state("networkidle")
                closed = {
                    "folds": page.evaluate(READ_FOLDS, FOLDS),
                    "text": page.inner_text("main"),
                }
                headers = page.locator(FOLDS)
                for index in range(headers.count()):
                    header = headers.nth(index)
                    header.scroll_into_view_if_needed()
                    if index in (1, 2):
                        header.focus()
                        page.keyboard.press("Enter" if index == 1 else " ")
                    else:
                        header.click()
                    page.wait_for_function(
                        "h => h.getAttribute('aria-expanded') === 'true'"
                        " && !document.querySelector('.collapsing')",
                        arg=header.element_handle(),
                    )
                seen[name, width] = {
                    "closed": closed,
                    "open": {
                        "folds": page.evaluate(READ_FOLDS, FOLDS),
                        "text": page.inner_text("main"),
                    },
                    "scrollWidth": page.evaluate("document.documentElement.scrollWidth"),
                    "axe": axe_violations(page),
                }
                page.close()
    return seen


def test_every_post_with_exercises_is_checked_here():
    assert WITH_EXERCISES, "the posts have exercises"


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_solutions_are_closed_until_the_reader_opens_them(folds, name):
    for width in (WIDE, PHONE):
        closed = folds[name, width]["closed"]
        assert closed["folds"], f"{name} has folded solutions"
        for fold in closed["folds"]:
            assert not fold["open"] and fold["expanded"] == "false", (name, width, fold)
            # a button the keyboard reaches, named by its title
            assert fold["role"] == "button" and fold["tabIndex"] == 0, (name, width, fold)
            assert fold["name"] == "Solution", (name, width, fold)
        for line in solution_lines(name):
            assert line not in closed["text"], f"{line!r} is shown before the solution is opened"


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_an_opened_solution_shows_its_code_and_output(folds, name):
    for width in (WIDE, PHONE):
        opened = folds[name, width]["open"]
        for fold in opened["folds"]:
            assert fold["open"] and fold["expanded"] == "true", (name, width, fold)
            assert fold["code"] >= 1 and fold["outputs"] >= 1, (name, width, fold)
            assert all(width > 0 for width in fold["equations"]), (name, width, fold)
        lines = solution_lines(name)
        assert lines, "the solutions print their results"
        for line in lines:
            assert line in opened["text"], f"{line!r} is not shown by the opened solution"


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_opened_solutions_are_accessible_and_fit_a_phone(folds, name):
    for width in (WIDE, PHONE):
        assert folds[name, width]["axe"] == [], (name, width)
    assert folds[name, PHONE]["scrollWidth"] <= PHONE
