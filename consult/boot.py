"""Start-up bookkeeping shared by the two ways the web app starts (`pimh serve`, and a server
calling `consult.app:app_factory`)."""
from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Building the app makes about 200,000 objects that live as long as the process (modules,
    routes, models, schemas). With the cyclic garbage collector on, its full collections walk all of
    them again while they are being made: a tenth of start-up's CPU (issue 23). It is off while
    the block runs; what was made is then frozen (moved out of the collector's generations), so
    no collection walks it again later either, on start-up or under every request's collections.

    Only the first build in a process pauses and freezes: a freeze keeps whatever is alive at that
    moment, garbage cycles included, so a process that builds again (the tests) must not repeat it."""
    if "consult.domains" in sys.modules or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
