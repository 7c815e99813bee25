"""Start worker processes together ("spawn": nothing inherited but their arguments) and collect
what each reports."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from typing import Any


def run_together(
    target: Callable[..., None],
    args: list[tuple[Any, ...]],
    *,
    timeout: float,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[list[dict[str, Any]], float]:
    """Run ``target(*a, barrier, results)`` for each ``a`` in ``args``, in its own process. Each
    waits on ``barrier`` once ready, then puts one dict on ``results``. ``meanwhile`` runs here
    once they have all started. Their reports, and the seconds from the start to the last one."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(args) + 1)
    results: Any = ctx.Queue()
    processes = [ctx.Process(target=target, args=(*a, barrier, results)) for a in args]
    for process in processes:
        process.start()
    try:
        barrier.wait(timeout=120)
        started = time.monotonic()
        if meanwhile is not None:
            meanwhile()
        outputs = [results.get(timeout=timeout) for _ in processes]
        elapsed = time.monotonic() - started
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    return outputs, elapsed
