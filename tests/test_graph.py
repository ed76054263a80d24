"""The one connected-components routine (merging in the store and the Dask engine, the
evaluation's folds), checked against a plain union-find."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parley.graph import component_labels, groups


def _union_find(n: int, edges: list[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)
    return [root(i) for i in range(n)]


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]]]:
    n = draw(st.integers(0, 30))
    if n == 0:
        return 0, []
    node = st.integers(0, n - 1)
    return n, draw(st.lists(st.tuples(node, node), max_size=40))


@given(graphs())
def test_each_node_is_labelled_with_the_smallest_node_it_is_linked_to(
    graph: tuple[int, list[tuple[int, int]]],
) -> None:
    n, edges = graph
    labels = component_labels(n, [a for a, _ in edges], [b for _, b in edges])
    assert labels.tolist() == _union_find(n, edges)


@given(graphs())
def test_groups_are_in_node_order_and_cover_every_node(
    graph: tuple[int, list[tuple[int, int]]],
) -> None:
    n, edges = graph
    found = groups(n, [a for a, _ in edges], [b for _, b in edges])
    assert sorted(i for g in found for i in g) == list(range(n))
    assert all(g == sorted(g) for g in found)
    assert [g[0] for g in found] == sorted(g[0] for g in found)


def test_a_node_without_edges_is_a_group_of_its_own() -> None:
    assert groups(4, [0, 3], [3, 0]) == [[0, 3], [1], [2]]
    assert groups(0, [], []) == []
