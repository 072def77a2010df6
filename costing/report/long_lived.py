"""Keeping Python's cycle collector off the objects that live for the whole report build.

By the time a report's HTML is laid out as a PDF, this process holds about 220,000 objects that
live until it ends: the modules of pandas, matplotlib, nbconvert and WeasyPrint, and the costing.
(The same objects were scanned again by full collections while they were imported and costed: 0.18 s.)
WeasyPrint then makes hundreds of thousands of short-lived boxes, and each full collection they
trigger walks every one of the long-lived objects again: 0.3 s of a 2.3 s PDF at 5,000 people
(measured with ``gc.callbacks``; 0.07 s with them frozen). :func:`gc.freeze` moves what exists now
into a generation the collector never scans (Python's documented use for objects that live for
the rest of the process); :func:`gc.unfreeze` on the way out gives them back to it, so a batch that
builds many reports in one process collects each report's costing once that report is done.
"""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def long_lived_objects_frozen():
    """Within the block, the collector scans only objects made inside it; on leaving, everything is
    collectable again (garbage frozen meanwhile is collected at the next full collection, at the latest when
    the next report in the same process enters this block: it collects before it freezes).
    Inside, :func:`gc.freeze` may be called again where a stage has made more that lives to the end (the
    report build does after the costing and the exporters' imports); leaving unfreezes all of it."""
    if gc.get_freeze_count():   # the caller froze objects of its own: its choice, left as it is
        yield
        return
    gc.collect()   # what an earlier report in this process left (a batch worker's): collected, not frozen with the rest
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# The same for a report notebook's kernel: a line run at its boot, after the notebook's modules are
# imported (costing.report.execute.preload_arguments), so its cells' charts and tables are not slowed
# by scanning pandas' and matplotlib's module objects. The kernel ends with its notebook.
KERNEL_LINE = "import gc as _gc; _gc.freeze(); del _gc"


def freeze_for_exit() -> None:
    """Freeze everything as the process ends, so that the interpreter's last full collection, on its way out, skips
    it (the operating system frees it all with the process anyway): that collection walked every object of the
    command again, 0.35 s of a 5,000-person ``costing report`` and 0.05-0.1 s of ``costing project`` at 100,000
    people. Only for a process about to exit (the command line's entry point): frozen objects are never collected."""
    gc.freeze()


YOUNG_COLLECTION_EVERY = 10_000
"""Allocations (net of those freed) between collections of the youngest objects in a command's process;
Python's default is 700."""


def collect_less_often() -> None:
    """Let the collector look at new objects every :data:`YOUNG_COLLECTION_EVERY` allocations instead of 700, for
    the command line's process only: most of what a command allocates is pandas', numpy's, pydantic's and the
    engine's modules and models being imported, and nearly all of it lives to the end, so frequent young
    collections walk the same survivors again and again while they are made. Measured on ``costing project`` at
    100,000 people (ten runs against ten, alternating): -3% of the wall time (0.035 s), the same as with the
    collector off, with the same peak memory; what is garbage in a cycle waits a little longer to be collected.
    A long-running ``costing serve`` gets the same setting: its collector still runs, every 10,000 allocations."""
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
