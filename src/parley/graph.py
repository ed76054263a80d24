"""Connected components: which items are linked, directly or through others.

Merging groups reports that share a block (a pair of people and a month) before it
clusters them, in the store batch by batch and in the Dask engine over a whole corpus;
the evaluation groups gold documents that share an engagement. All ask the same question
of a graph given as edges, and answer it here with scipy's linear-time routine (tens of
millions of edges in seconds), so the groups cannot differ between the paths that
compute them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Nodes = npt.NDArray[np.int64] | Sequence[int]


def component_labels(n: int, u: Nodes, v: Nodes) -> npt.NDArray[np.int64]:
    """For nodes ``0 .. n-1`` linked by the edges ``u[i] - v[i]``, each node's component
    named by its smallest node, so the labels do not depend on the order of the edges."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if n == 0:
        return np.zeros(0, dtype=np.int64)
    rows = np.asarray(u, dtype=np.int64)
    cols = np.asarray(v, dtype=np.int64)
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    smallest = np.full(count, n, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(n, dtype=np.int64))
    return smallest[labels]


def groups(n: int, u: Nodes, v: Nodes) -> list[list[int]]:
    """The components of nodes ``0 .. n-1``, each in node order, in the order of their
    first nodes."""
    out: dict[int, list[int]] = {}
    for node, label in enumerate(component_labels(n, u, v).tolist()):
        out.setdefault(label, []).append(node)
    return list(out.values())
