"""The import contract of our own finds cycles between modules, and only those."""

import grimp

from tests.architecture.contracts import _cycles


def graph_of(*imports):
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported)
    return graph


def test_a_chain_that_comes_back_is_a_cycle():
    graph = graph_of(("app.a", "app.b"), ("app.b", "app.c"), ("app.c", "app.a"), ("app.c", "app.d"))
    assert _cycles(graph, set(graph.modules)) == [["app.a", "app.b", "app.c"]]


def test_a_page_importing_selectors_that_import_a_sibling_model_is_no_cycle():
    """The shape the goals app uses: models/__init__ → models/pages → selectors →
    models/indicators. No module imports back, so nothing is reported."""
    graph = graph_of(
        ("goals.models", "goals.models.pages"),
        ("goals.models", "goals.models.indicators"),
        ("goals.models.pages", "goals.selectors"),
        ("goals.selectors", "goals.models.indicators"),
    )
    assert _cycles(graph, set(graph.modules)) == []


def test_two_separate_cycles_are_both_named():
    graph = graph_of(("x.a", "x.b"), ("x.b", "x.a"), ("y.a", "y.b"), ("y.b", "y.a"))
    assert _cycles(graph, set(graph.modules)) == [["x.a", "x.b"], ["y.a", "y.b"]]
