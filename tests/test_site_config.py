"""The site's configuration and publishing workflow, read as YAML (no Quarto needed)."""

import re
import tomllib

import yaml

from blogkit.paths import ROOT


def load(path):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def front_matter(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


def anchored_matches(globs):
    """The files Quarto's root-anchored globs ("/posts/*/index.qmd") match."""
    assert all(glob.startswith("/") for glob in globs), (
        f"{globs}: a glob without a leading / matches recursively, and Quarto walks every "
        "folder for it (a virtual environment in the project folder costs seconds)"
    )
    return {path for glob in globs for path in ROOT.glob(glob[1:])}


def test_the_pages_are_the_qmd_files_and_only_them():
    # Every .qmd of the project (a recursive search, skipping the folders Quarto skips: hidden
    # or starting with _) is a page; the companion notebooks beside the posts are not, or
    # they would be second pages.
    qmd = {
        path
        for path in ROOT.rglob("*.qmd")
        if not any(part.startswith((".", "_")) for part in path.relative_to(ROOT).parts)
    }
    assert anchored_matches(load("_quarto.yml")["project"]["render"]) == qmd
    assert "*.ipynb" in load("posts/_metadata.yml")["resources"]  # ...but still downloadable
    posts = {path for path in qmd if path.parent.parent == ROOT / "posts"}
    assert anchored_matches([front_matter("index.qmd")["listing"]["contents"]]) == posts
    assert anchored_matches(load("_quarto.yml")["project"]["resources"]) == set(
        (ROOT / "js").glob("*.js")
    )


def test_site_has_what_a_published_blog_needs():
    website = load("_quarto.yml")["website"]
    assert website["site-url"].startswith("https://")
    assert website["description"]  # the RSS feed needs it
    assert website["open-graph"] and website["twitter-card"]
    listing = front_matter("index.qmd")["listing"]
    assert listing["feed"] is True
    assert listing["sort"] == "date desc"


def test_posts_fold_their_code_behind_a_code_toggle():
    html = load("posts/_metadata.yml")["format"]["html"]
    assert html["code-fold"] is True and html["code-summary"] == "Code"


def workflow():
    data = load(".github/workflows/publish.yml")
    return data, data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` key as True


def steps(job):
    return workflow()[0]["jobs"][job]["steps"]


def test_workflow_runs_on_pushes_to_main_and_on_pull_requests():
    _, triggers = workflow()
    assert "main" in str(triggers["push"]["branches"])
    assert "pull_request" in triggers


def test_workflow_tests_every_python_the_readme_and_the_package_promise():
    matrix = workflow()[0]["jobs"]["test"]["strategy"]["matrix"]
    claim = re.search(r"Python (3\.\d+) to (3\.\d+)", (ROOT / "README.md").read_text())
    assert claim, "the README states the supported Python versions"
    low, high = (int(v.split(".")[1]) for v in claim.groups())
    assert matrix["python-version"] == [f"3.{minor}" for minor in range(low, high + 1)]
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == f">={claim[1]}"
    assert {"python-version": claim[1], "versions": "oldest"} in matrix["include"]
    commands = [s.get("run", "") for s in steps("test")]
    for command in (
        "pip install -r requirements.txt",
        "ruff check .",
        "python -m pytest",
        "pip install -r requirements.txt -c constraints-oldest.txt",
    ):
        assert command in commands


def test_oldest_constraints_pin_every_lower_bound():
    bounds = dict(
        re.findall(r"^([\w.-]+)>=([\d.]+)", (ROOT / "requirements.txt").read_text(), re.MULTILINE)
    )
    pins = dict(
        re.findall(
            r"^([\w.-]+)==([\d.]+)$", (ROOT / "constraints-oldest.txt").read_text(), re.MULTILINE
        )
    )
    assert bounds and pins == bounds


def test_workflow_publishes_with_the_quarto_actions_only_from_main():
    data, _ = workflow()
    job = data["jobs"]["publish"]
    assert job["needs"] == "test"
    assert job["permissions"]["contents"] == "write"
    uses = {s.get("uses", "").split("@")[0]: s for s in job["steps"]}
    assert "quarto-dev/quarto-actions/setup" in uses
    publish = uses["quarto-dev/quarto-actions/publish"]
    assert publish["with"]["target"] == "gh-pages"
    assert "pull_request" in publish["if"] and "refs/heads/main" in publish["if"]
    render = [s for s in job["steps"] if s.get("run") == "quarto render"]
    assert render and "pull_request" in render[0]["if"]
