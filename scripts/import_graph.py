"""Print the import graph of dx-roadmap at package level, and how deep the module graph is.

Usage: ``python scripts/import_graph.py [ROOT]`` (ROOT: a checkout, the current one by default).
It reads the source with grimp (installed with import-linter) and prints, deterministically:

- how many modules and imports each top-level package has;
- every edge between packages (a module's package is the package it stands in), with how many
  module imports make it up, and the packages that import each other (a cycle of two);
- the depth: the longest chain of imports between modules, cycles counted once (each group of
  modules that import each other in a cycle is one step), and that chain.

docs/architecture.md shows its output before and after the core was reshaped.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import grimp

PACKAGES = ("roadmap", "exporters", "tui")


def package_of(module: str, packages: set[str]) -> str:
    """The package ``module`` stands in (a package's ``__init__`` stands in the package)."""
    return module if module in packages else module.rpartition(".")[0] or module


def strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def longest_chain(nodes: list[str], edges: dict[str, set[str]]) -> list[str]:
    """The longest import chain (importer first) over the graph with its cycles collapsed."""
    components = strongly_connected(nodes, edges)
    component_of = {member: number for number, group in enumerate(components) for member in group}
    # Tarjan yields components in reverse topological order: imported ones come first
    best: list[list[str]] = []
    for number, group in enumerate(components):
        chain: list[str] = []
        for member in group:
            for child in edges[member]:
                other = component_of[child]
                if other != number and len(best[other]) > len(chain):
                    chain = best[other]
        name = group[0] if len(group) == 1 else f"{{{', '.join(group)}}}"
        best.append([name, *chain])
    return max(best, key=len, default=[])


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else ".").resolve()
    sys.path.insert(0, str(root))
    present = tuple(name for name in PACKAGES if (root / name / "__init__.py").exists())
    graph = grimp.build_graph(*present, cache_dir=None)
    modules = sorted(graph.modules)
    packages = {
        module for module in modules if (root / module.replace(".", "/") / "__init__.py").exists()
    }
    edges: dict[str, set[str]] = {module: set() for module in modules}
    package_edges: Counter[tuple[str, str]] = Counter()
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in edges:
                continue
            edges[module].add(imported)
            source, target = package_of(module, packages), package_of(imported, packages)
            if source != target:
                package_edges[(source, target)] += 1
    print(f"# import graph of {', '.join(present)}")
    for top in present:
        inside = [module for module in modules if module.split(".")[0] == top]
        imports = sum(len(edges[module]) for module in inside)
        groups = {package_of(module, packages) for module in inside}
        print(f"{top}: {len(inside)} modules in {len(groups)} packages, {imports} imports")
    print()
    print("## package edges (importer -> imported: module imports)")
    for (source, target), count in sorted(package_edges.items()):
        print(f"{source} -> {target}: {count}")
    mutual = sorted(
        (source, target)
        for source, target in package_edges
        if source < target and (target, source) in package_edges
    )
    print()
    print("## packages that import each other")
    for source, target in mutual:
        print(f"{source} <-> {target}")
    if not mutual:
        print("(none)")
    chain = longest_chain(modules, edges)
    print()
    print(f"## depth: {len(chain)} modules in the longest import chain (cycles counted once)")
    print(" -> ".join(chain))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
