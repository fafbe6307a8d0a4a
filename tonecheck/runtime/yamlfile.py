"""YAML as tonecheck reads it (rule files, team configuration): PyYAML's safe loader, with
aliases held to a size.

A safe loader still follows aliases, and a few lines that alias a list of aliases nine times
("billion laughs") stand for a billion values. Loading them shares the lists and costs
nothing, but whatever then walks the value (an error message's repr, the rule cache's round
trip through JSON) ran for a minute and took gigabytes. So the composed document is measured
first, each alias counted as everything it stands for, and one that stands for more than
``MAX_VALUES`` values, or holds itself, is refused before anything is built from it.
"""

from __future__ import annotations

MAX_VALUES = 100_000  # the largest rule file has about 1,500; a team file a few dozen


class TooLarge(ValueError):
    """A YAML document whose aliases stand for too many values (the caller names the file)."""


def load(text: str, fast: bool = False):
    """(the document's node, its data) of a YAML text, or (None, None) for an empty one;
    ``fast``: libyaml's parser where installed. Raises yaml.YAMLError, TooLarge."""
    import yaml  # only a YAML file needs it: most starts read none

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        measure(node)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def measure(root) -> int:
    """How many values the node stands for with every alias expanded, each shared node counted
    once and its size remembered (a walk as long as the file, however far the aliases reach)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise TooLarge("a YAML alias holds itself")
        open_nodes.add(key)
        children = node.value if isinstance(node.value, list) else []
        total = 1 + sum(size(part) for child in children
                        for part in (child if isinstance(child, tuple) else (child,)))
        open_nodes.discard(key)
        if total > MAX_VALUES:
            raise TooLarge(f"YAML aliases expand to more than {MAX_VALUES:,} values")
        sizes[key] = total
        return total

    return size(root)
