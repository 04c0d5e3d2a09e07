"""``benchmarks/synthetic.py``'s generator for the tests (the folder is not a package)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

__all__ = ["synthetic_plan"]


def _synthetic() -> Callable[..., str]:
    where = Path(__file__).resolve().parent.parent / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("synthetic", where)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generator: Callable[..., str] = module.synthetic_plan
    return generator


#: ``synthetic_plan(size, seed=...)``: the benchmarks' plan text of ``size`` initiatives.
synthetic_plan = _synthetic()
