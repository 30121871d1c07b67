"""The site leads to its source, and every rendered post offers its download.

The configuration tests read YAML and need no Quarto; the rendered ones use `rendered_site`
and are skipped where the quarto command is missing.
"""

import re

import yaml

from blogkit.downloads import archive_bytes, archive_name
from blogkit.paths import ROOT

CONFIG = ROOT / "_quarto.yml"


def website():
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["website"]


def repo_url():
    return website()["repo-url"]


def links(html, href):
    """The inner HTML of every <a> on the page that points at `href`."""
    return re.findall(rf'<a [^>]*href="{re.escape(href)}"[^>]*>(.*?)</a>', html, re.DOTALL)


def test_repository_address_is_written_once_and_used_everywhere():
    url = repo_url()
    assert url.startswith("https://")
    # Written once; the navbar and the About page use YAML aliases of it.
    assert CONFIG.read_text(encoding="utf-8").count(url) == 1
    assert yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["blog-repo-url"] == url
    assert {"source", "issue"} <= set(website()["repo-actions"])


def test_navbar_links_the_repository_with_an_accessible_name():
    items = [item for item in website()["navbar"]["right"] if item.get("href") == repo_url()]
    assert len(items) == 1
    assert items[0]["icon"] and items[0]["aria-label"].strip()  # an icon alone has no name


def test_about_page_links_the_repository_from_the_configuration():
    about = (ROOT / "about.qmd").read_text(encoding="utf-8")
    assert "]({{< meta blog-repo-url >}})" in about
    assert "pip install -r requirements.txt" in about and "jupyter lab" in about


def test_site_builds_the_downloads_after_rendering():
    project = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["project"]
    assert "scripts/downloads.py" in project["post-render"]
    assert all((ROOT / script).is_file() for script in project["post-render"])


def post_page(site, post):
    return (site / "posts" / post.parent.name / "index.html").read_text(encoding="utf-8")


def test_rendered_post_offers_its_download(rendered_site, post):
    # What the site carries is byte for byte the zip test_downloads.py runs.
    name = archive_name(post.parent)
    download = rendered_site / "posts" / post.parent.name / name
    assert download.is_file(), f"the rendered site has no {name}"
    assert download.read_bytes() == archive_bytes(post.parent)
    assert links(post_page(rendered_site, post), name), f"the page does not link {name}"


def test_rendered_post_leads_to_its_source(rendered_site, post):
    html = post_page(rendered_site, post)
    url = repo_url()
    navbar = links(html, url)
    assert navbar and re.search(r'aria-label="[^"]+"', navbar[0]), "navbar icon without a name"
    source = f"{url}/blob/main/posts/{post.parent.name}/index.qmd"
    assert links(html, source), "no 'View source' link to the post's index.qmd"
    assert links(html, f"{url}/issues/new"), "no 'Report an issue' link"


def test_rendered_about_page_links_the_repository(rendered_site):
    about = (rendered_site / "about.html").read_text(encoding="utf-8")
    assert len(links(about, repo_url())) >= 2  # the navbar icon and the text's link
