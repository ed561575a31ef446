"""Every query's time budget, checked inside an engine's own loops.

An engine that does the work itself (the embedded one; Whoosh 2.7.4's ``TimeLimitCollector``
ignores ``filter=`` and runs a timer thread per search) carries a ``Deadline`` and checks it
between documents, words and hits. Optional work (did-you-mean) stops quietly when its
share of the budget is spent; required work raises ``SearchTimedOut``, which the web app
answers with a 503 and Retry-After, so a hostile query never stalls a worker.

The budget is counted in the CPU time of the thread that runs the query, not in wall time:
on a busy server (8 threads, 2 cores, one GIL) an ordinary query may wait several times its
own cost for its turn, and must not be stopped for that; what is bounded is the work a single
query can make the server do.
"""

from __future__ import annotations

from time import thread_time

from search.engine import SearchTimedOut


class Deadline:
    """How much CPU time the current thread may still spend on a query; ``check()`` raises
    SearchTimedOut once it is spent. Create and check it in the thread that runs the query."""

    def __init__(self, budget_s: float) -> None:
        self.budget_s = budget_s
        self._end = thread_time() + budget_s

    def expired(self) -> bool:
        return thread_time() >= self._end

    def check(self) -> None:
        if self.expired():
            raise SearchTimedOut(self.budget_s)

    def within(self, budget_s: float) -> Deadline:
        """A deadline for a part of the work: ``budget_s`` from now, but never after this one."""
        part = Deadline(budget_s)
        part._end = min(part._end, self._end)
        return part
