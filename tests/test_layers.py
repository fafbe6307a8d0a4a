"""The package's layers, read from its imports: no upward import, no cycle.

Every ``import`` and ``from … import`` in tonecheck/ is read with ``ast`` — at the top of a
module and inside functions alike (tonecheck imports spaCy-heavy modules lazily, and a lazy
import is still a dependency). Only imports under ``if TYPE_CHECKING:`` are left out: they
never run. A module may import from its own layer or a lower one; the packages that share a
layer do not import each other.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tonecheck"
# lowest first: a message's way from text to output
LAYERS = [("runtime", "results"), ("nlp", "inputs"), ("rulebook", "team"), ("match",), ("engine",),
          ("batch", "service"), ("cli",)]
LAYER_OF = {package: i for i, layer in enumerate(LAYERS) for package in layer}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imported(path: Path) -> set[str]:
    """The tonecheck modules a module imports (a name imported from a package counts as its
    submodule when there is one), run-time imports only."""
    found: set[str] = set()
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name.startswith("tonecheck"))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                if base.startswith("tonecheck"):
                    for alias in child.names:
                        sub = f"{base}.{alias.name}"
                        found.add(sub if _exists(sub) else base)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(here)
    return found


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


GRAPH = {module_name(p): imported(p) for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int | None:
    """The layer of a module (None for the package's façade and tonecheck/__main__)."""
    parts = module.split(".")
    return LAYER_OF.get(parts[1]) if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYER_OF) else None


def test_every_subpackage_has_a_layer():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(LAYER_OF)
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == [], "a module outside the layers"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if layer(m) is not None))
def test_no_import_from_a_higher_layer_or_a_sibling(module):
    mine = layer(module)
    wrong = []
    for target in sorted(GRAPH[module]):
        theirs = layer(target)
        if target == "tonecheck":
            wrong.append(f"{target} (the façade imports the layers, not the other way round)")
        elif theirs is not None and theirs > mine:
            wrong.append(f"{target} (layer {theirs} above {mine})")
        elif theirs == mine and target.split(".")[1] != module.split(".")[1]:
            wrong.append(f"{target} (a sibling package of the same layer)")
    assert wrong == []


def test_no_import_cycle():
    """Tarjan's strongly connected components over the run-time import graph: every one is a
    single module."""
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
            if target not in GRAPH:
                continue
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            connect(node)
    assert cycles == []


def test_the_reader_sees_lazy_imports():
    """The graph is only as good as its reader: a lazy import inside a function is found."""
    assert "tonecheck.results.fixes" in GRAPH["tonecheck.results.findings"] or \
        "tonecheck.results.warmth" in GRAPH["tonecheck.results.findings"]
    assert "tonecheck.nlp.pipeline" in GRAPH["tonecheck.engine.linter"]  # imported inside a method
