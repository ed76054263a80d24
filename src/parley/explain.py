"""``parley extract --explain``: every field of an event with what its decision weighed."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from rich.tree import Tree

from parley.model import Event


def _cues(cues: list[Any]) -> str:
    return ", ".join(f"{name} {weight:+.2f}" for name, weight in cues)


def _field(tree: Tree, name: str, why: dict[str, Any]) -> None:
    node = tree.add(Text(f"{name}: {why.get('chosen')}"))
    for c in why.get("candidates", []):
        node.add(Text(f"{c['value']}  p={c['p']:.2f}  [{_cues(c['cues'])}]"))


def explanation_tree(doc: str, ev: Event) -> Tree:
    """A tree: the event, then each decided field with its options and strongest cues."""
    people = ", ".join(p.name for p in ev.participants) or ", ".join(ev.countries)
    tree = Tree(Text(f"{doc}: {ev.kind} {ev.status} [{people}] {ev.date or ''}"))
    why = ev.explanation
    for name in ("status", "participants", "date", "primary"):
        if name in why:
            _field(tree, name, why[name])
    loc = why.get("location", {})
    for part in ("country", "city"):
        if part in loc:
            _field(tree, f"location {part}", loc[part])
    for told in why.get("status", {}).get("tellings", []):
        tree.add(Text(f"told: {told}"))
    return tree
