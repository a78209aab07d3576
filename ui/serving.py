"""How the app is served to many askers at once: Gradio's queue settings and the per-event costs
of Gradio that would otherwise grow with the number of events served.

Why this exists (measured with bench/profile_serve.py, bench/bench_concurrency.py): an answer is
a few milliseconds of work, but every event Gradio 6.31 runs also

* rebuilds a pandas table of up to the last 10,000 events to refresh its monitoring summary
  (``Queue.compute_analytics_summary``, once per event by default, in a worker thread): a cost
  that grows with the server's age. ``GRADIO_ANALYTICS_CACHE_FREQUENCY`` makes it once per
  :data:`ANALYTICS_EVERY` events instead;
* tries ``import matplotlib`` twice (``utils.MatplotlibBackendMananger``). Not installed here,
  and a failed import is not remembered, so each try searches every ``sys.path`` folder again
  on the event loop's thread. A module known to be missing is marked missing once
  (``sys.modules[name] = None`` makes the import fail at once, as it would anyway);
* with ``status_update_rate="auto"`` sends every waiting asker a new queue estimate each time
  any event starts: with 50 waiting that is 50 messages per answer, each a socket write on the
  event loop that then waits for the GIL. Estimates every :data:`STATUS_EVERY_S` seconds keep
  the page's queue display without that.

Settings an operator set in the environment win (``setdefault``).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

__all__ = ["ANALYTICS_EVERY", "QUEUE_SETTINGS", "STATUS_EVERY_S", "prepare_gradio"]

ANALYTICS_EVERY = 1000  # events between two refreshes of Gradio's monitoring summary
STATUS_EVERY_S = 1.0  # seconds between two queue estimates sent to waiting askers
# Imports Gradio attempts on every event, whether or not the package is installed.
OPTIONAL_IMPORTS_PER_EVENT = ("matplotlib",)
QUEUE_SETTINGS: dict[str, Any] = {"default_concurrency_limit": 4, "status_update_rate": STATUS_EVERY_S}


def prepare_gradio() -> None:
    """Set what must be set before the app's queue is created (``Blocks.queue``)."""
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(ANALYTICS_EVERY))
    for name in OPTIONAL_IMPORTS_PER_EVENT:
        if name not in sys.modules and importlib.util.find_spec(name) is None:
            sys.modules[name] = None  # type: ignore[assignment]  # "known missing": ImportError at once
