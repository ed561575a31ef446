"""Every query's time budget, checked inside the engine's own loops.

Whoosh 2.7.4's ``TimeLimitCollector`` ignores ``filter=`` (it walks the unfiltered matches)
and runs a timer thread per search, so the engine carries a ``Deadline`` instead and checks
it between documents, words and hits. Optional work (did-you-mean) stops quietly when its
share of the budget is spent; required work raises ``SearchTimedOut``, which the web app
answers with a 503 and Retry-After, so a hostile query never stalls a worker.
"""

from __future__ import annotations

from time import monotonic


class SearchTimedOut(Exception):
    """The required work of a query ran past its time budget."""

    def __init__(self, budget_s: float) -> None:
        super().__init__(f"the search took longer than its {budget_s:g} s budget; "
                         "try again, or use fewer or more specific words")
        self.budget_s = budget_s


class Deadline:
    """The moment by which a query must be done; ``check()`` raises SearchTimedOut after it."""

    def __init__(self, budget_s: float) -> None:
        self.budget_s = budget_s
        self._end = monotonic() + budget_s

    def expired(self) -> bool:
        return monotonic() >= self._end

    def check(self) -> None:
        if self.expired():
            raise SearchTimedOut(self.budget_s)

    def within(self, budget_s: float) -> Deadline:
        """A deadline for a part of the work: ``budget_s`` from now, but never after this one."""
        part = Deadline(budget_s)
        part._end = min(part._end, self._end)
        return part
