"""The cyclic garbage collector, paused for the CLI's start-up: imports create ~200,000
objects and no cycles to free, and the collector's passes over them cost a one-document run
more than its conversion's. ``main`` pauses it, ``run`` resumes it once the run's modules are
imported."""

from __future__ import annotations

import gc

_paused: list[bool] = []  # main paused the cyclic collector; resume_collection restarts it


def resume_collection() -> None:
    """Restart the cyclic garbage collector that ``pause_collection`` paused for the start-up (the
    imports and the plan): call it once the modules the run needs are imported. What the
    start-up made is frozen first (``gc.freeze``), so the run's collections do not walk the
    modules' objects again and again; ``main`` unfreezes them when it returns."""
    if _paused and _paused.pop():
        gc.freeze()
        gc.enable()


def pause_collection() -> None:
    """Pause the collector (remembering whether it was on) until ``resume_collection``."""
    _paused.append(gc.isenabled())
    gc.disable()
