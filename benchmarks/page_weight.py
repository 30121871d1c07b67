"""What the first view of each rendered page downloads, gzip-compressed, file by file.

    quarto render && python benchmarks/page_weight.py [SITE_DIR]

Serves SITE_DIR (default: _site) on a loopback port, opens every page in headless Chromium
and counts every request made before any interaction, same-origin and third-party. Each
file's weight is its gzip size (what a compressing server sends; never more than the file).
Requests to other hosts are refused, so they are listed with their URL but weigh nothing
here: the site is meant to make none.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from site_fixtures import chromium, first_view, serve  # noqa: E402


def pages(site):
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "site_libs" not in p.parts
    )


def short(url, base):
    return url[len(base) :] if url.startswith(base) else url


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="_site", type=Path)
    site = parser.parse_args().site
    with serve(site) as base, chromium() as browser:
        for name in pages(site):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            view = first_view(page, base + name)
            page.close()
            print(
                f"\n{name}: {view.gzip_bytes / 1e6:.3f} MB gzip "
                f"({view.raw_bytes / 1e6:.3f} MB raw), {len(view.requests)} requests"
            )
            for request in sorted(view.requests, key=lambda r: -r.gzip_bytes):
                status = request.status if request.status is not None else "refused/failed"
                print(f"  {request.gzip_bytes / 1e3:9.1f} kB  {status}  {short(request.url, base)}")


if __name__ == "__main__":
    main()
