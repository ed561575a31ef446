"""The HTTP security headers, one policy for every response the app sends.

Pages, JSON, feeds, static files and error pages (404, 405, 500, 503) all pass through
``add_security_headers``: Flask runs ``after_request`` hooks for the responses of error
handlers too, so no route can forget them.

The Content-Security-Policy allows nothing inline: the pages load one script and one
stylesheet from this origin, and the templates carry no ``<script>`` body, no ``on*=``
handler and no ``style=""`` attribute (the timeline's bar heights are classes, see
``style.css``). Should markup from a page ever slip past escaping, the browser runs none of it.

``Referrer-Policy: no-referrer``: the searched words are in the page's address, and the
server's own name is often an internal host; neither is any business of the archived
sites an article links to. The app itself never reads a Referer, so nothing is lost.

Flask-Talisman was not used: its defaults (redirect to HTTPS, HSTS, secure cookies) do not fit a
service that is often reached over plain HTTP on a local network, and what is left is this table.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP level 2
}


def add_security_headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
