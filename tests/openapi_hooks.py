"""schemathesis hooks of ``tests/test_web_openapi.py``: the two request rules that no JSON Schema can state.

OpenAPI describes each parameter on its own. Two rules of ``/api/search`` span two parameters: ``from``
may not be after ``to``, and ``page × page_size`` may not pass ``config.MAX_RESULT_WINDOW``. A request
that is valid parameter by parameter but breaks one of them gets the documented 400 naming ``from`` or
``page``; schemathesis, which cannot know the rule, reports it as a rejected valid request. This hook
drops exactly those reports, and only after checking that the request really breaks the rule the 400
names. Every check still runs on every response.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData

from search import config


def breaks_a_rule(query: dict[str, Any], param: str) -> bool:
    """True when the query breaks the cross-parameter rule of ``param`` (the one a 400 named)."""
    try:
        if param == "page":
            page_size = int(query.get("page_size") or config.DEFAULT_PAGE_SIZE)
            return int(query.get("page") or 1) * page_size > config.MAX_RESULT_WINDOW
        if param == "from":
            return date.fromisoformat(str(query["from"])) > date.fromisoformat(str(query["to"]))
    except (KeyError, TypeError, ValueError):
        return False
    return False


@schemathesis.hook
def filter_failure(
    context: schemathesis.HookContext, failure: Any, case: schemathesis.Case, response: schemathesis.Response
) -> bool:
    """Keep every failure but a 400 that a cross-parameter rule explains."""
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 400:
        return True
    try:
        param = response.json()["error"]["param"]
    except (ValueError, KeyError, TypeError):
        return True
    return not breaks_a_rule(dict(case.query or {}), param)
