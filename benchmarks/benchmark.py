"""How heavy the posts are: execution time, plotly chart sizes, notebook sizes.

    python benchmarks/benchmark.py [--runs N]

For each post: the time to execute its notebook against the time to execute an empty
notebook on the same kernel (kernel start-up included in both; median of N runs), the
JSON size and frame count of each plotly chart, and the executed notebook's size.
"""

import argparse
import json
import statistics
import time

import nbformat
from nbclient import NotebookClient

from blogkit.notebooks import KERNEL, notebook_path, post_sources, to_notebook

PLOTLY = "application/vnd.plotly.v1+json"


def execution_seconds(notebook, folder):
    start = time.perf_counter()
    NotebookClient(
        notebook, kernel_name=KERNEL, timeout=600, resources={"metadata": {"path": str(folder)}}
    ).execute()
    return time.perf_counter() - start


def median_seconds(make_notebook, folder, runs):
    return statistics.median(execution_seconds(make_notebook(), folder) for _ in range(runs))


def plotly_charts(notebook):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            figure = output.get("data", {}).get(PLOTLY)
            if figure:
                yield (
                    cell.id,
                    len(json.dumps(figure)),
                    len(figure.get("frames", [])),
                    len(output.data.get("text/html", "")),
                )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    for source in post_sources():
        folder = source.parent
        post = median_seconds(lambda s=source: to_notebook(s), folder, runs)
        empty = median_seconds(
            lambda: nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")]), folder, runs
        )
        print(f"\n{folder.name}")
        print(
            f"  execution, median of {runs}: post {post:.2f} s, empty notebook {empty:.2f} s,"
            f" ratio {post / empty:.2f}"
        )
        stored = nbformat.read(notebook_path(source), as_version=4)
        for cell_id, json_bytes, frames, html_bytes in plotly_charts(stored):
            print(
                f"  plotly chart in {cell_id}: {json_bytes / 1000:.1f} kB JSON, "
                f"{frames} frames, {html_bytes / 1000:.1f} kB HTML"
            )
        size = notebook_path(source).stat().st_size
        print(f"  executed notebook: {size / 1000:.1f} kB")


if __name__ == "__main__":
    main()
