"""The import graph of ``parley``: no circles, and no private name imported across
packages. A circle makes the order modules load in matter and hides which one owns a
helper; a private import across packages is a helper that has not found its home."""

from __future__ import annotations

import ast
from pathlib import Path

import parley

SRC = Path(parley.__file__).parent


def _modules() -> dict[str, Path]:
    mods = {}
    for p in SRC.rglob("*.py"):
        parts = ["parley", *p.relative_to(SRC).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        mods[".".join(parts)] = p
    return mods


def _owner(name: str, mods: dict[str, Path]) -> str:
    """The module that defines ``name`` (a module, or a name inside one)."""
    while name not in mods and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _top(module: str) -> str:
    """The package a module belongs to for the private-import rule: ``parley.store``,
    ``parley.cli``, or a top-level module such as ``parley.evaluate``."""
    return ".".join(module.split(".")[:2])


class _Imports(ast.NodeVisitor):
    """Every ``parley`` import of one module, at any depth (a function-level import is
    still a dependency), except under ``if TYPE_CHECKING:``."""

    def __init__(self, module: str, is_package: bool, mods: dict[str, Path]) -> None:
        self.module, self.mods = module, mods
        self.package = module if is_package else module.rsplit(".", 1)[0]
        self.targets: set[str] = set()
        self.private: list[str] = []

    def visit_If(self, node: ast.If) -> None:
        if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for n in node.orelse:
                self.visit(n)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] == "parley":
                self.targets.add(_owner(alias.name, self.mods))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")[: len(self.package.split(".")) - node.level + 1]
            source = ".".join([*base, node.module] if node.module else base)
        else:
            source = node.module or ""
        if source.split(".")[0] != "parley":
            return
        for alias in node.names:
            full = f"{source}.{alias.name}"
            target = full if full in self.mods else _owner(source, self.mods)
            self.targets.add(target)
            private = alias.name.startswith("_") and not alias.name.endswith("__")
            if private and _top(target) != _top(self.module):
                self.private.append(f"{self.module} imports {full}")


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = {}
    private: list[str] = []
    for name, path in mods.items():
        visitor = _Imports(name, path.name == "__init__.py", mods)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        graph[name] = {t for t in visitor.targets if t in mods and t != name}
        private += visitor.private
    return graph, private


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            w = next(children, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_walk_finds_every_module_and_known_edges() -> None:
    graph, _ = _graph()
    assert "parley.cli.store" in graph and "parley.store.db" in graph
    assert "parley.cli.common" in graph["parley.cli.store"]
    assert "parley.gold" in graph["parley.evaluate"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    graph, _ = _graph()
    assert _cycles(graph) == []


def test_no_private_imports_across_packages() -> None:
    _, private = _graph()
    assert private == []
