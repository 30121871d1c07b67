"""The rendered site as a reader gets it: every page opened in Chromium, wide and on a phone.

The site is rendered once (`rendered_site`) and served from this machine; every request to
another host is refused and recorded, so nothing here depends on the network and a page that
needs a CDN fails instead of passing. Each page is read to its end, as a reader scrolls it;
the browser has no installed math font (site_fixtures.chromium). The checks of what a page
shows (markup, figures, charts, errors, axe-core's WCAG checks with contrast) run twice, for a
reader whose system is set to light mode and for one set to dark mode; section 7 checks the
light/dark toggle and that every chart follows it. The expected values come
from the posts' sources and notebooks (captions, alt texts, printed lines, charts, diagrams),
from the installed plotly package (the plotly.js version), from the site's own fonts (their
glyphs and math constants) and from WCAG 2 A/AA as axe-core checks it. A diagram's text
alternative is read from Chromium's accessibility tree, as a screen reader gets it.
Needs `quarto`, Chromium and the playwright package; without them these tests are skipped.
"""

import json
import re

import nbformat
import plotly.offline
import pytest
from conftest import text_of
from site_fixtures import CHARTS_DRAWN, NEXT_FRAME, chromium, first_view, scroll_through, serve

from blogkit.color_scheme import rules_not_restated
from blogkit.diagrams import diagrams_in
from blogkit.icon_font import site_icons
from blogkit.math_font import italic
from blogkit.notebooks import figures, has_exercises, notebook_path, post_sources
from blogkit.paths import ROOT, solutions_path
from blogkit.svg_text import smallest_text_px
from plot_utils import PAGE_COLORS, PAGE_COLORS_DARK, PLOTLY_DARK_LAYOUT

PLOTLY = "application/vnd.plotly.v1+json"
BUNDLE = ROOT / "_vendor" / "plotly.js-cartesian-dist-min"
MATH_FONT = ROOT / "_vendor" / "stix-two-math" / "stix-two-math-subset.woff2"
ICON_FONT = ROOT / "_vendor" / "bootstrap-icons" / "bootstrap-icons-subset.woff2"
WIDE, PHONE = 1280, 390
# The smallest text a diagram may draw, in CSS pixels, at either width; and any figure on a
# phone (plot_utils.MIN_TEXT_PX, which the static charts are sized for).
MIN_DIAGRAM_TEXT_PX = MIN_FIGURE_TEXT_PX = 10
# What a page may cost, gzip-compressed (benchmarks/page_weight.py lists it file by file):
# before the reader scrolls, and once the whole page is read (plotly.js included).
FIRST_VIEW_GZIP_BYTES = 350_000
WHOLE_PAGE_GZIP_BYTES = 900_000
# plotly-on-demand.js starts loading a chart 1.5 screens before it enters the viewport.
CHART_LEAD_SCREENS = 1.5
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Quarto and markdown syntax that a reader should never see as text.
MARKUP = re.compile(
    r"\{#|#\||:::|```|\$\$|\\(frac|text|hat|sum|operatorname)\b|\]\(|\{=html\}"
    r"|\{\.|fig-(alt|cap)\s*=|\{python\}|claim="
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
      described: [...f.querySelectorAll("[aria-describedby$='-alt']")].map(
        e => (document.getElementById(e.getAttribute("aria-describedby")) || {}).textContent),
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
    // An equation in a closed solution is not drawn until it is opened (see 7. below).
    equations: [...document.querySelectorAll("main math")].map(m => ({
      width: box(m)[0], folded: !!m.closest(".callout-collapse:not(.show)") })),
    tables: [...document.querySelectorAll("main table")].map(t => box(t)[1]),
    // A diagram may be wider than a phone inside the box it scrolls in; the box may not.
    images: [...document.querySelectorAll("main img, main svg[id^='mermaid-figure']")]
              .map(i => box(i.tagName === "IMG" ? i : i.parentElement)[0]),
    unreachableScrollers: [...document.querySelectorAll("main *")].filter(el => {
      const overflow = getComputedStyle(el).overflowX;
      return /auto|scroll/.test(overflow) && el.scrollWidth > el.clientWidth + 1
             && el.offsetParent !== null && el.tabIndex < 0 && !el.querySelector("a, button");
    }).map(el => el.tagName + "." + el.className),
    fontFaces: [...document.fonts].map(f => ({family: f.family, status: f.status})),
    mathFontFamily: document.querySelector("math")
                      ? getComputedStyle(document.querySelector("math")).fontFamily : null,
    icons: [...document.querySelectorAll("[class^='bi-'], [class*=' bi-']")].map(el =>
             getComputedStyle(el, "::before").content.codePointAt(1)),
  };
}"""

# Every character the equations draw: the text of the token elements (not the TeX kept in
# <annotation>), a one-letter <mi> without mathvariant (drawn in italic) marked as such, and
# the radical of each square root.
MATH_TEXT = """() => {
  const tokens = [...document.querySelectorAll("math mi, math mo, math mn, math mtext, math ms")]
    .filter(t => !t.closest("annotation, annotation-xml"));
  return {
    upright: tokens.map(t => t.textContent.trim()).join(""),
    italic: tokens.filter(t => t.localName === "mi" && !t.hasAttribute("mathvariant")
                               && [...t.textContent.trim()].length === 1)
                  .map(t => t.textContent.trim()),
    roots: document.querySelectorAll("math msqrt, math mroot").length,
  };
}"""

# How the display equations are drawn: each display-style sum (its height against the body
# text's size, where its limits sit) and each bracket that encloses a matrix or a fraction.
DISPLAY_MATH = """() => {
  const box = el => el.getBoundingClientRect();
  const bodySize = parseFloat(getComputedStyle(document.querySelector("main p")).fontSize);
  // An equation in a closed solution is not drawn until it is opened (see 7. below).
  const shown = el => !el.closest(".callout-collapse:not(.show)");
  const sums = [...document.querySelectorAll("main math[display='block'] munderover")]
    .filter(u => shown(u) && u.firstElementChild.textContent.trim() === "\u2211")
    .map(u => {
      const [sum, under, over] = [...u.children].map(box);
      const middle = r => (r.left + r.right) / 2;
      return {height: sum.height / bodySize, below: under.top >= sum.bottom - 0.5,
              above: over.bottom <= sum.top + 0.5,
              centred: Math.abs(middle(under) - middle(sum)) < sum.width / 2
                       && Math.abs(middle(over) - middle(sum)) < sum.width / 2};
    });
  const fences = [...document.querySelectorAll("main math[display='block'] mo[stretchy='true']")]
    .filter(shown)
    .map(mo => ({
      fence: mo.textContent.trim(),
      height: box(mo).height,
      encloses: Math.max(0, ...[...mo.parentElement.children]
                         .filter(c => c.matches("mtable, mfrac")).map(c => box(c).height)),
    }))
    .filter(f => f.encloses > 0);
  return {sums, fences};
}"""

# Every figure (matplotlib images, plotly charts, diagrams) and every live section: the text
# it draws, each piece at its size on screen (its CSS font size times the scale its SVG is
# drawn at; HTML inside a diagram's foreignObject takes the scale of that), and its images
# with the width they are shown at (their text is outlines, measured from the SVG file).
FIGURE_TEXT = """() => [...document.querySelectorAll(
    "main div.quarto-float[id^='fig-'], main .gd-section")].map(figure => ({
  id: figure.id,
  images: [...figure.querySelectorAll("img")].map(i => ({
    src: i.getAttribute("src"), shown: i.getBoundingClientRect().width})),
  texts: [...figure.querySelectorAll("*")]
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
                 && e.getClientRects().length && getComputedStyle(e).visibility !== "hidden"
                 && !e.closest(".visually-hidden"))
    .map(e => {
      const host = e instanceof SVGElement ? e : e.closest("svg foreignObject");
      const m = host ? host.getScreenCTM() : null;
      return [e.textContent.trim().slice(0, 40),
              parseFloat(getComputedStyle(e).fontSize) * (m ? Math.hypot(m.a, m.b) : 1),
              !!host];
    }),
}))"""

# Each plotly colour bar (its whole box: title, bar and labels) and the plot it colours.
COLOUR_BARS = """() => [...document.querySelectorAll(".plotly-graph-div")].flatMap(chart => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; };
  const figure = chart.closest("[id^='fig-']");
  return [...chart.querySelectorAll("g.colorbar rect.cbbg")].map(bar => ({
    figure: figure ? figure.id : chart.id, bar: box(bar),
    plot: box(chart.querySelector(".draglayer .xy rect.nsewdrag"))}));
})"""

# The chart areas' distances from the top of the page, in screens (before any scrolling).
CHART_DEPTHS = """() => [...document.querySelectorAll(".plotly-graph-div")].map(d =>
  d.getBoundingClientRect().top / window.innerHeight)"""


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
def browser_and_site(rendered_site):
    """The served site and one browser for the whole module (Playwright's sync API allows one
    at a time)."""
    with serve(rendered_site) as base, chromium() as browser:
        yield browser, base


def read_every_page(browser, base, scheme):
    """Every page at both widths, for a reader whose system is set to `scheme` ("light" or
    "dark"): its first view, what it shows and its axe violations."""
    seen = {}
    for name in PAGES:
        for width in (WIDE, PHONE):
            page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
            view = first_view(page, base + name)
            chart_depths = page.evaluate(CHART_DEPTHS)
            scroll_through(page, view)
            seen[name, width] = {
                "view": view,
                "base": base,
                "chart_depths": chart_depths,
                "page": page.evaluate(READ_PAGE),
                "names": accessible_names(page, "main svg[id^='mermaid-figure']"),
                "math_text": page.evaluate(MATH_TEXT),
                "display_math": page.evaluate(DISPLAY_MATH),
                "axe": axe_violations(page),
                "dark": page.evaluate("document.body.classList.contains('quarto-dark')"),
                "themes": page.evaluate(THEME_LINKS),
                # last: long after each chart's last drawing (colour bars fit after it)
                "figure_text": page.evaluate(FIGURE_TEXT),
                "colour_bars": page.evaluate(COLOUR_BARS),
            }
            page.close()
    return seen


@pytest.fixture(scope="module")
def views(browser_and_site):
    """Every page at both widths, light (as most readers' systems are set)."""
    return read_every_page(*browser_and_site, "light")


@pytest.fixture(scope="module")
def dark_views(browser_and_site):
    """Every page at both widths, for a reader whose system is set to dark mode."""
    return read_every_page(*browser_and_site, "dark")


SCHEMES = ["light", "dark"]


@pytest.fixture(params=SCHEMES)
def scheme_views(request):
    """The pages as read in light mode, then in dark mode (the tests that take this run in
    both)."""
    seen = request.getfixturevalue("views" if request.param == "light" else "dark_views")
    assert all(view["dark"] == (request.param == "dark") for view in seen.values())
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
    """(label, caption, alt, kind) of every figure, in the post's order.

    kind is "image", "chart" or "diagram". The caption is cut before its first inline value,
    formula, claim or emphasis, which the page shows drawn. A chart's alt text is composed by
    its code and stands in the page as the chart's description (aria-describedby): its alt is
    None here; a diagram's alt is its accTitle (see tests/test_structure.py).
    """
    text = text_of(POSTS[post_page])
    diagrams = {str(d.options.get("label")): d for d in diagrams_in(text)}
    cells = []
    for label, (caption, alt, source) in figures(text).items():
        if label in diagrams:
            kind, alt = "diagram", diagrams[label].statement("accTitle")
        else:
            kind = "chart" if "with_alt(" in source else "image"
        cells.append((label, CAPTION_MARKUP.split(caption)[0], alt, kind))
    return cells


# Where a caption's text stops being what the page shows word for word.
CAPTION_MARKUP = re.compile(r"`\{python\}|\$|\[|\*")


def squash(text):
    return " ".join(text.split())


# ------------------------------------------------------------------ 1. correct


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_no_markup(scheme_views, name):
    for width in (WIDE, PHONE):
        text = scheme_views[name, width]["page"]["text"]
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
def test_every_figure_has_its_number_caption_and_alt_text(scheme_views, name):
    expected = figure_cells(name)
    shown = {f["id"]: f for f in scheme_views[name, WIDE]["page"]["figures"]}
    assert [label for label, *_ in expected] == list(shown), "figures and their order"
    names = scheme_views[name, WIDE]["names"]
    for number, (label, caption, alt, kind) in enumerate(expected, start=1):
        figure = shown[label]
        shown_caption = squash(figure["caption"]).replace("’", "'")  # the page's typography
        assert shown_caption.startswith(squash(f"Figure {number}: {caption}")), label
        assert not MARKUP.search(shown_caption), f"{label}: {shown_caption}"
        assert figure["drawn"], f"{label} is not drawn"
        if kind == "chart":
            (description,) = figure["described"]
            assert len(description.split()) >= 5, f"{label}: the chart has no text alternative"
        else:
            assert figure["alts"] == ([alt] if kind == "image" else []), (
                f"{label}: alt is not the fig-alt"
            )
        if kind == "diagram":
            (svg,) = figure["diagrams"]
            assert squash(names[svg]) == squash(alt), (
                f"{label}: a screen reader does not get accTitle"
            )


@pytest.mark.parametrize("name", POSTS)
def test_every_chart_diagram_table_and_equation_is_drawn(scheme_views, name):
    page = scheme_views[name, WIDE]["page"]
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
def test_first_view_weighs_at_most_350_kb(scheme_views, name):
    for width in (WIDE, PHONE):
        view = scheme_views[name, width]["view"]
        assert len(view.first_view) > 5, "the page loaded its styles and scripts"
        assert view.first_view_gzip_bytes <= FIRST_VIEW_GZIP_BYTES, (
            f"{name} at {width} px: first view {view.first_view_gzip_bytes / 1e6:.3f} MB gzip; "
            "see benchmarks/page_weight.py"
        )


@pytest.mark.parametrize("name", PAGES)
def test_whole_page_read_to_its_end_weighs_at_most_900_kb(scheme_views, name):
    for width in (WIDE, PHONE):
        view = scheme_views[name, width]["view"]
        assert view.gzip_bytes <= WHOLE_PAGE_GZIP_BYTES, (
            f"{name} at {width} px: {view.gzip_bytes / 1e6:.3f} MB gzip after scrolling "
            "through the page; see benchmarks/page_weight.py"
        )


def requested(requests, file_name):
    return [r.url for r in requests if r.url.split("?")[0].endswith("/" + file_name)]


@pytest.mark.parametrize("name", POSTS)
def test_plotlyjs_is_fetched_once_and_only_as_a_chart_comes_near(views, name):
    if not plotly_outputs(name):
        pytest.skip(f"{name} has no plotly chart")
    for width in (WIDE, PHONE):
        seen = views[name, width]
        near = [d for d in seen["chart_depths"] if d < 1 + CHART_LEAD_SCREENS]
        assert near == [], f"a chart starts within {1 + CHART_LEAD_SCREENS} screens ({width} px)"
        assert requested(seen["view"].first_view, "plotly-cartesian.min.js") == [], width
        assert len(requested(seen["view"].requests, "plotly-cartesian.min.js")) == 1, width
        assert all(chart["drawn"] for chart in seen["page"]["charts"]), width


def open_post_top(browser_and_site, name, fragment=""):
    browser, base = browser_and_site
    page = browser.new_page(viewport={"width": WIDE, "height": 900})
    view = first_view(page, base + name + fragment)
    return page, view


def charts_drawn(page):
    return page.evaluate("""() => [...document.querySelectorAll('.plotly-graph-div')]
                                   .map(d => !!d.querySelector('svg.main-svg'))""")


@pytest.mark.parametrize("name", POSTS)
def test_keyboard_focus_inside_a_chart_draws_it_without_scrolling(browser_and_site, name):
    if not plotly_outputs(name):
        pytest.skip(f"{name} has no plotly chart")
    page, view = open_post_top(browser_and_site, name)
    assert not any(charts_drawn(page)), "no chart is drawn before the reader gets near"
    # The first focusable element inside the last chart's figure (its anchor link), focused
    # as Tab would, but without the scrolling that would let the viewport draw it.
    focused = page.evaluate("""() => {
      const chart = [...document.querySelectorAll('.plotly-graph-div')].pop();
      const area = chart.closest("[id^='fig-']");
      const target = area.querySelector("a[href], button, [tabindex]");
      target.focus({preventScroll: true});
      return document.activeElement === target && window.scrollY === 0;
    }""")
    assert focused, "the chart's figure has a focusable element, focused at the page's top"
    page.wait_for_function("""() => [...document.querySelectorAll('.plotly-graph-div')].pop()
                                     .querySelector('svg.main-svg')""")
    assert page.evaluate("window.scrollY") == 0
    assert view.console_errors == [] and view.page_errors == []
    page.close()


@pytest.mark.parametrize("name", POSTS)
def test_a_link_to_a_chart_opens_it_drawn(browser_and_site, name):
    labels = [label for label, *_ in figure_cells(name)]
    for label in labels:
        page, view = open_post_top(browser_and_site, name, f"#{label}")
        if not page.locator(f"#{label} .plotly-graph-div").count():
            page.close()
            continue
        page.locator(f"#{label} .plotly-graph-div svg.main-svg").first.wait_for()
        assert view.console_errors == [] and view.page_errors == [], label
        page.close()


@pytest.mark.parametrize("name", POSTS)
def test_printing_draws_every_chart(browser_and_site, name):
    if not plotly_outputs(name):
        pytest.skip(f"{name} has no plotly chart")
    page, view = open_post_top(browser_and_site, name)
    assert not any(charts_drawn(page))
    page.emulate_media(media="print")
    note = page.evaluate("""() => getComputedStyle(
      document.querySelector('.plotly-graph-div'), '::before').content""")
    assert "print the page again" in note, "paper says why a chart is missing from this print"
    page.pdf()  # Chromium's print: fires beforeprint
    page.wait_for_function(CHARTS_DRAWN)
    assert view.console_errors == [] and view.page_errors == []
    page.close()


# ------------------------------------------------------------------ fonts


@pytest.mark.parametrize("name", PAGES)
def test_icons_come_from_the_sites_subset_not_the_whole_font(views, name):
    from fontTools.ttLib import TTFont

    glyphs = TTFont(ICON_FONT).getBestCmap()
    for width in (WIDE, PHONE):
        seen = views[name, width]
        assert requested(seen["view"].requests, "bootstrap-icons.woff") == [], width
        assert requested(seen["view"].requests, ICON_FONT.name), width
        shown = seen["page"]["icons"]
        assert shown, "the page shows icons (the navbar's)"
        assert set(shown) <= set(glyphs), f"icons without a glyph: {set(shown) - set(glyphs)}"


def test_every_icon_quarto_can_show_is_in_the_subset(rendered_site):
    # Also the icons Quarto's scripts add later (search results, copy buttons).
    from fontTools.ttLib import TTFont

    glyphs = TTFont(ICON_FONT).getBestCmap()
    missing = {n: c for n, c in site_icons(rendered_site).items() if c not in glyphs}
    assert missing == {}, "rebuild it: python scripts/icon_font.py (see README)"


@pytest.mark.parametrize("name", POSTS)
def test_equations_are_drawn_in_the_sites_math_font(views, name):
    # The browser has no installed math font: the page's own is the one it uses.
    for width in (WIDE, PHONE):
        page = views[name, width]["page"]
        faces = {f["family"].strip('"'): f["status"] for f in page["fontFaces"]}
        assert faces.get("STIX Two Math subset") == "loaded", width
        assert "STIX Two Math subset" in page["mathFontFamily"], width
        assert requested(views[name, width]["view"].requests, MATH_FONT.name), width


def test_pages_without_equations_download_no_math_font(views):
    for name in PAGES:
        if name not in POSTS:
            assert not requested(views[name, WIDE]["view"].requests, MATH_FONT.name), name


@pytest.mark.parametrize("name", POSTS)
def test_math_font_has_every_character_the_equations_draw(views, name):
    from fontTools.ttLib import TTFont

    glyphs = TTFont(MATH_FONT).getBestCmap()
    text = views[name, WIDE]["math_text"]
    drawn = set(text["upright"]) | {italic(c) or c for c in text["italic"]}
    drawn |= {"\u221a"} if text["roots"] else set()
    missing = sorted(f"{c} U+{ord(c):04X}" for c in drawn if ord(c) not in glyphs)
    assert missing == [], "rebuild it: python scripts/math_font.py (see README)"


@pytest.mark.parametrize("name", POSTS)
def test_display_sums_are_display_size_with_limits_above_and_below(views, name):
    for width in (WIDE, PHONE):
        sums = views[name, width]["display_math"]["sums"]
        assert sums, "the post displays a sum"
        for sum_ in sums:
            # A text-size sum is about one body text size high (0.98 without a math font).
            assert sum_["height"] >= 1.25, (width, sum_)
            assert sum_["below"] and sum_["above"] and sum_["centred"], (width, sum_)


def test_brackets_stretch_over_the_matrix_or_fraction_they_enclose(views):
    fences = [
        (name, width, fence)
        for name in POSTS
        for width in (WIDE, PHONE)
        for fence in views[name, width]["display_math"]["fences"]
    ]
    assert fences, "the posts display a bracketed matrix or fraction"
    for name, width, fence in fences:
        # Without a math font a bracket stays one line high: 16 px around a 69 px matrix.
        assert fence["height"] >= 0.95 * fence["encloses"], (name, width, fence)


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


# The trace types of plotly.js's smallest official bundle, plotly.js-basic-dist-min (its
# README); the next one up is the cartesian bundle.
BASIC_BUNDLE_TRACES = {"scatter", "bar", "pie"}


def test_vendored_bundle_is_the_smallest_that_draws_every_chart():
    # Runs without Quarto: the vendored bundle's README lists its trace types.
    readme = (BUNDLE / "README.md").read_text(encoding="utf-8")
    bundled = set(re.findall(r"`(\w+)`", readme.split("Contains trace modules", 1)[1]))
    used = {
        t.get("type", "scatter") for name in POSTS for f in plotly_outputs(name) for t in f["data"]
    }
    assert used <= bundled, f"the cartesian bundle lacks {used - bundled}"
    assert used - BASIC_BUNDLE_TRACES, "the basic bundle draws every chart: vendor it instead"


@pytest.mark.parametrize("name", POSTS)
def test_post_runs_the_vendored_plotlyjs(views, name):
    page = views[name, WIDE]["page"]
    if plotly_outputs(name):
        assert page["plotlyVersion"] == plotly.offline.get_plotlyjs_version()


# ------------------------------------------------------------------ 4. clean


@pytest.mark.parametrize("name", PAGES)
def test_page_logs_no_errors(scheme_views, name):
    for width in (WIDE, PHONE):
        view = scheme_views[name, width]["view"]
        assert view.console_errors == [] and view.page_errors == [], (name, width)


# ------------------------------------------------------------------ 5. accessible


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_a_or_aa_violations(scheme_views, name):
    # Contrast included: axe computes it for the page's colours in each mode.
    for width in (WIDE, PHONE):
        assert scheme_views[name, width]["axe"] == [], (name, width)


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


def figure_text_sizes(rendered_site, post_page, figure):
    """(what, CSS px) of every piece of text `figure` draws: the DOM's, and for each SVG
    image, its smallest text at the width the page shows it."""
    sizes = [(text, size) for text, size, _ in figure["texts"]]
    for image in figure["images"]:
        if image["src"].endswith(".svg"):
            svg = (rendered_site / post_page).parent.joinpath(image["src"]).read_text("utf-8")
            sizes.append((f"text in {image['src']}", smallest_text_px(svg, image["shown"])))
    return sizes


@pytest.mark.parametrize("name", POSTS)
def test_no_figure_draws_text_smaller_than_10_px_on_a_phone(views, rendered_site, name):
    figures = views[name, PHONE]["figure_text"]
    assert figures, f"{name} has figures"
    small = []
    for figure in figures:
        drawn = [t for t in figure["texts"] if t[2]] + [i for i in figure["images"]]
        assert drawn, f"{figure['id']}: no chart, diagram or image text found"
        text, size = min(figure_text_sizes(rendered_site, name, figure), key=lambda t: t[1])
        if size < MIN_FIGURE_TEXT_PX:
            small.append(f"{figure['id']}: {text!r} at {size:.1f} px")
    assert small == [], f"{name} at {PHONE} px: " + "; ".join(small)


def contours(name):
    return [t for f in plotly_outputs(name) for t in f["data"] if t.get("type") == "contour"]


WITH_COLOUR_BARS = [name for name in POSTS if contours(name)]


def test_a_post_has_a_chart_with_a_colour_bar():
    assert WITH_COLOUR_BARS, "the colour-bar check below has a chart to check"


@pytest.mark.parametrize("name", WITH_COLOUR_BARS)
def test_colour_bars_fit_their_plot(views, name):
    for width in (PHONE, WIDE):
        assert len(views[name, width]["colour_bars"]) == len(contours(name)), width
        for colour_bar in views[name, width]["colour_bars"]:
            (top, bottom), (plot_top, plot_bottom) = colour_bar["bar"], colour_bar["plot"]
            assert plot_top - 2 <= top and bottom <= plot_bottom + 2, (
                f"{colour_bar['figure']} at {width} px: the colour bar spans {top:.0f} to "
                f"{bottom:.0f} px, its plot {plot_top:.0f} to {plot_bottom:.0f}"
            )
            assert bottom - top >= 0.9 * (plot_bottom - plot_top), (colour_bar, width)


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


WAYS_TO_OPEN = ("click", "Enter", " ")  # then round again: click, Enter, Space, ...
OPENED = (
    "h => h.getAttribute('aria-expanded') === 'true'"
    " && document.getElementById(h.getAttribute('aria-controls')).matches('.show')"
    " && !document.querySelector('.collapsing')"
)


def open_fold(page, header, way):
    """Open a closed solution with a click or a key; whether it opened within 5 s."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    header.scroll_into_view_if_needed()
    if way == "click":
        header.click()
    else:
        header.focus()
        page.keyboard.press(way)
    try:
        page.wait_for_function(OPENED, arg=header.element_handle(), timeout=5000)
    except PlaywrightTimeout:
        return False
    return True


@pytest.fixture(scope="module")
def folds(browser_and_site):
    """Each post with exercises at both widths: its solutions as the page first shows them,
    then opened one by one (with a click, Enter and Space in turn), what the page shows then,
    and its axe violations with every solution open."""
    browser, base = browser_and_site
    seen = {}
    for name in WITH_EXERCISES:
        for width in (WIDE, PHONE):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(base + name, wait_until="load")
            page.wait_for_load_state("networkidle")
            closed = {"folds": page.evaluate(READ_FOLDS, FOLDS), "text": page.inner_text("main")}
            headers = page.locator(FOLDS)
            opened = []
            for index in range(headers.count()):
                way = WAYS_TO_OPEN[index % len(WAYS_TO_OPEN)]
                was_open = headers.nth(index).get_attribute("aria-expanded") == "true"
                opened.append((way, was_open or open_fold(page, headers.nth(index), way)))
            seen[name, width] = {
                "closed": closed,
                "opened": opened,
                "open": {
                    "folds": page.evaluate(READ_FOLDS, FOLDS),
                    "text": page.inner_text("main"),
                },
                "scrollWidth": page.evaluate("document.documentElement.scrollWidth"),
                "display_math": page.evaluate(DISPLAY_MATH),
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
def test_solutions_open_with_a_click_enter_or_space(folds, name):
    for width in (WIDE, PHONE):
        opened = folds[name, width]["opened"]
        assert {way for way, _ in opened} == set(WAYS_TO_OPEN), "every way is tried"
        assert all(done for _, done in opened), (name, width, opened)


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_an_opened_solution_shows_its_code_and_output(folds, name):
    for width in (WIDE, PHONE):
        opened = folds[name, width]["open"]
        for fold in opened["folds"]:
            assert fold["open"] and fold["expanded"] == "true", (name, width, fold)
            assert fold["code"] >= 1 and fold["outputs"] >= 1, (name, width, fold)
            assert all(width > 0 for width in fold["equations"]), (name, width, fold)
        for sum_ in folds[name, width]["display_math"]["sums"]:  # as the page's others
            assert sum_["height"] >= 1.25, (width, sum_)
            assert sum_["below"] and sum_["above"] and sum_["centred"], (width, sum_)
        lines = solution_lines(name)
        assert lines, "the solutions print their results"
        for line in lines:
            assert line in opened["text"], f"{line!r} is not shown by the opened solution"


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_opened_solutions_are_accessible_and_fit_a_phone(folds, name):
    for width in (WIDE, PHONE):
        assert folds[name, width]["axe"] == [], (name, width)
    assert folds[name, PHONE]["scrollWidth"] <= PHONE


# ------------------------------------------------------------------ 7. dark mode

DARK_STYLES = ("bootstrap-dark-", "quarto-syntax-highlighting-dark-")
THEME_LINKS = """() => Object.fromEntries([...document.querySelectorAll("link#quarto-bootstrap")]
  .map(l => [l.dataset.mode, new URL(l.getAttribute("href"), document.baseURI).href]))"""


def dark_style_requests(requests):
    return [r.url for r in requests if any(s in r.url for s in DARK_STYLES)]


@pytest.mark.parametrize("name", PAGES)
def test_each_reader_downloads_only_the_theme_they_see(views, dark_views, name):
    for width in (WIDE, PHONE):
        light, dark = views[name, width]["view"], dark_views[name, width]["view"]
        themes = views[name, width]["themes"]
        assert set(themes) == {"light", "dark"}, themes
        assert dark_style_requests(light.requests) == [], "a light page never downloads them"
        assert len(dark_style_requests(dark.first_view)) == len(DARK_STYLES)
        assert themes["light"] in {r.url for r in light.first_view}
        assert themes["light"] not in {r.url for r in dark.requests}, "nor a dark one these"
        # dark mode costs nothing more: no second rendering of a figure
        extra = {r.url for r in dark.requests} - {r.url for r in light.requests}
        assert extra == set(dark_style_requests(dark.requests)), extra


def test_the_dark_bootstrap_theme_restates_every_rule_of_the_light_one(views, rendered_site):
    """Why a dark page leaves the light Bootstrap theme off: every one of its declarations is
    restated by the dark theme, loaded after it, so under the dark theme it changes nothing."""
    themes = views["index.html", WIDE]["themes"]
    base = views["index.html", WIDE]["base"]
    css = {
        mode: (rendered_site / url.removeprefix(base)).read_text() for mode, url in themes.items()
    }
    assert len(css["light"]) > 100_000, "the whole light theme"
    assert rules_not_restated(css["light"], css["dark"]) == set()


# Quarto's toggle, and what the page's colours are: its background, and each kind of chart's.
TOGGLE = "a.quarto-color-scheme-toggle:visible"
COLOURS = """() => {
  const css = (el, property) => el ? getComputedStyle(el)[property] : null;
  return {
    dark: document.body.classList.contains("quarto-dark"),
    background: css(document.body, "backgroundColor"),
    plotly: [...document.querySelectorAll(".plotly-graph-div")].map(d => ({
      paper: d._fullLayout.paper_bgcolor,
      traces: d._fullData.map(t => [(t.line || {}).color, (t.marker || {}).color]
                                  .map(c => typeof c === "string" ? c.toUpperCase() : null)),
    })),
    live: [...document.querySelectorAll("[id$='-controls'] svg *")]
            .flatMap(e => [e.getAttribute("fill"), e.getAttribute("stroke")])
            .filter(c => c && c.startsWith("#")).map(c => c.toUpperCase()),
    images: [...document.querySelectorAll("main img.figure-img")].map(i => ({
      filter: css(i, "filter"), data: !!i.closest(".colours-are-data")})),
    diagrams: [...document.querySelectorAll("svg[id^='mermaid-figure'] .flowchart-link")]
                .map(p => css(p, "stroke")),
  };
}"""


def colours(page):
    return page.evaluate(COLOURS)


def toggle(page, to_dark):
    # At the top, where the navbar with the toggle is shown (scrolling down hides it).
    page.evaluate("window.scrollTo(0, 0)")
    page.locator(TOGGLE).first.click()
    # The first switch to a theme downloads its stylesheets: wait until they have loaded.
    page.wait_for_function(
        """dark => document.body.classList.contains("quarto-dark") === dark
                 && [...document.querySelectorAll(".plotly-graph-div")]
                      .every(d => (d.dataset.scheme || "light") === (dark ? "dark" : "light"))
                 && [...document.querySelectorAll("link[rel=stylesheet]")].every(l => l.sheet)""",
        arg=to_dark,
    )
    page.evaluate(NEXT_FRAME)


@pytest.mark.parametrize("system", SCHEMES)
def test_mode_starts_from_the_system_setting_and_the_toggle_is_remembered(browser_and_site, system):
    browser, base = browser_and_site
    dark = system == "dark"
    context = browser.new_context(viewport={"width": WIDE, "height": 900}, color_scheme=system)
    page = context.new_page()
    page.goto(base + "about.html", wait_until="load")
    assert colours(page)["dark"] == dark, "the first visit follows the system setting"
    toggle(page, not dark)
    for url in (base + "about.html", base + "index.html"):  # a reload, and another page
        page.goto(url, wait_until="load")
        shown = colours(page)
        assert shown["dark"] == (not dark), f"{url}: the reader's choice is remembered"
        enabled = page.evaluate("""() => [...document.querySelectorAll(
            "link.quarto-color-scheme.quarto-color-alternate")].map(l => l.rel)""")
        assert set(enabled) == {"stylesheet" if not dark else "disabled-stylesheet"}
    context.close()
    # A reader who never chose starts from the system setting again.
    fresh = browser.new_page(color_scheme=system)
    fresh.goto(base + "about.html", wait_until="load")
    assert colours(fresh)["dark"] == dark
    fresh.close()


@pytest.mark.parametrize("name", POSTS)
def test_every_chart_follows_the_mode(browser_and_site, name):
    browser, base = browser_and_site
    light_to_dark = {PAGE_COLORS[k].upper(): PAGE_COLORS_DARK[k].upper() for k in PAGE_COLORS}
    context = browser.new_context(viewport={"width": WIDE, "height": 900}, color_scheme="light")
    page = context.new_page()
    view = first_view(page, base + name)
    scroll_through(page, view)
    light = colours(page)
    toggle(page, True)
    dark = colours(page)
    toggle(page, False)
    again = colours(page)

    assert not light["dark"] and dark["dark"] and light["background"] != dark["background"]
    assert again == light, "back in light mode, every chart has its own colours again"
    for before, after in zip(light["plotly"], dark["plotly"], strict=True):
        assert after["paper"] == PLOTLY_DARK_LAYOUT["paper_bgcolor"] != before["paper"]
        for old, new in zip(before["traces"], after["traces"], strict=True):
            assert [light_to_dark.get(c, c) for c in old] == new, (old, new)
    palette = {c.upper() for c in PAGE_COLORS.values()}
    changed = {c for c in palette if light_to_dark[c] != c}
    assert light["live"] and set(light["live"]) <= palette | {"#FFFFFF"}
    assert dark["live"] and not set(dark["live"]) & changed, "the live charts redraw dark"
    for before, after in zip(light["images"], dark["images"], strict=True):
        assert before["filter"] == "none"
        # a figure's colours turn to the dark page, unless they are its data (a heatmap's)
        assert (after["filter"] == "none") == after["data"], after
    for before, after in zip(light["diagrams"], dark["diagrams"], strict=True):
        assert before != after, "a diagram's lines are light on the dark page"
    assert view.console_errors == [] and view.page_errors == []
    context.close()
