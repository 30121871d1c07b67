"""What each rendered page downloads, gzip-compressed, file by file: first view and whole page.

    quarto render && python benchmarks/page_weight.py [SITE_DIR] [--width PX] [--dark]

Serves SITE_DIR (default: _site) on a loopback port and opens every page in headless
Chromium (without an installed math font, as on most readers' machines). The first view is
every request made before the reader scrolls; the whole page adds what scrolling through to
the end brings (plotly.js, as charts come near). Each file's weight is its gzip size (what a
compressing server sends; never more than the file). Requests to other hosts are refused, so
they are listed with their URL but weigh nothing here: the site is meant to make none.
With --dark, the reader's system is set to dark mode (the page downloads the dark stylesheets
instead of the light Bootstrap theme).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from site_fixtures import chromium, first_view, scroll_through, serve  # noqa: E402


def pages(site):
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "site_libs" not in p.parts
    )


def short(url, base):
    return url[len(base) :] if url.startswith(base) else url


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="_site", type=Path)
    parser.add_argument("--width", type=int, default=1280, help="viewport width in px")
    parser.add_argument("--dark", action="store_true", help="a reader in dark mode")
    args = parser.parse_args()
    if args.width < 200:
        parser.error(f"--width must be at least 200 px, got {args.width}")
    with serve(args.site) as base, chromium() as browser:
        for name in pages(args.site):
            page = browser.new_page(
                viewport={"width": args.width, "height": 800},
                color_scheme="dark" if args.dark else "light",
            )
            view = first_view(page, base + name)
            scroll_through(page, view)
            page.close()
            later = view.requests[len(view.first_view) :]
            print(
                f"\n{name}: first view {view.first_view_gzip_bytes / 1e6:.3f} MB gzip "
                f"({view.first_view_raw_bytes / 1e6:.3f} MB raw, {len(view.first_view)} requests); "
                f"whole page {view.gzip_bytes / 1e6:.3f} MB gzip "
                f"({view.raw_bytes / 1e6:.3f} MB raw, {len(view.requests)} requests)"
            )
            for heading, requests in (("first view", view.first_view), ("on scrolling", later)):
                print(f"  {heading}:")
                for request in sorted(requests, key=lambda r: -r.gzip_bytes):
                    status = request.status if request.status is not None else "refused/failed"
                    url = short(request.url, base)
                    print(f"  {request.gzip_bytes / 1e3:9.1f} kB  {status}  {url}")


if __name__ == "__main__":
    main()
