"""Parsing with lxml and turning element trees into paragraphs of clean text.

The one text routine, :func:`paragraphs`, walks a subtree in document order (iteratively, so a
pathologically deep page cannot blow the stack) and starts a new paragraph at every block-level
boundary and ``<br>``; inline markup (``<b>``, ``<a>``, ``<font>``...) joins its text into the
surrounding paragraph.  Callers decide what to leave out with a ``skip`` predicate and can gate
the text on comment markers (the BBC's ``<!-- S BO -->`` ... ``<!-- E BO -->``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Optional

from lxml import etree

from indexer.extract.text import clean_text

HtmlElement = etree._Element

# Elements whose content is never article text.
NON_CONTENT_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "svg", "math", "canvas", "video", "audio", "map", "area", "title", "meta",
    "link", "base", "select", "option", "optgroup", "textarea", "input", "button", "label",
    "datalist", "param", "source", "track", "img", "picture", "noembed", "xml",
})

# Elements that start and end a paragraph.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "xmp", "noframes", "option",
})


def parse_html(text: str):
    """Parse a decoded page with lxml's (libxml2) HTML parser; None when there is no document.

    Comments are kept: templates use them as markers.  The plain ``lxml.etree`` element
    classes are used rather than ``lxml.html``'s, whose Python-level class lookup costs more
    than the parse itself on big pages.
    """
    # lxml refuses str input with an XML encoding declaration; bytes + explicit utf-8 sidesteps
    # that and makes libxml2 ignore the page's (already handled) charset declarations.
    text = _CLOSING_DOCUMENT.sub("", repair_html_tag(repair_title(text)))
    data = text.encode("utf-8", "surrogatepass")
    if not data.strip():
        return None
    root = etree.fromstring(data, parser=_PARSER)
    if root is not None and not isinstance(root.tag, str):
        return None
    return root


_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def repair_title(text: str) -> str:
    """Close a ``<title>`` that swallows markup (damaged pages: the parser would put the whole
    page into the title) at the first tag inside it."""
    opening = _TITLE_OPEN.search(text, 0, 200000)
    if not opening:
        return text
    start = opening.end()
    closing = _TITLE_CLOSE.search(text, start)
    end = closing.start() if closing else len(text)
    markup = _MARKUP.search(text, start, end)
    if markup is None:
        return text
    return text[:markup.start()] + "</title>" + text[markup.start():]


# libxml2 stops adding content after a </body> or </html>; pages that embed an ad's whole
# document, or that were spliced together, have them mid-page.  The parser needs neither.
_CLOSING_DOCUMENT = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)

_HTML_OPEN = re.compile(r"<html\b[^>]*>", re.IGNORECASE)


def repair_html_tag(text: str) -> str:
    """Replace a damaged ``<html ...>`` start tag (self-closed, or with unbalanced quotes, as
    when a page was cut and spliced) by a plain ``<html>``: libxml2 would drop the document."""
    match = _HTML_OPEN.search(text, 0, 5000)
    if not match:
        return text
    tag = match.group(0)
    if tag.endswith("/>") or tag.count('"') % 2 or tag.count("'") % 2 and '"' not in tag:
        return text[:match.start()] + "<html>" + text[match.end():]
    return text


_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=True,
                           huge_tree=True, default_doctype=False, no_network=True)


def inside(element, subtrees: set | frozenset, root) -> bool:
    """Whether ``element`` is one of ``subtrees`` or below one of them (looking no higher than ``root``)."""
    if not subtrees:
        return False
    if element in subtrees:
        return True
    for ancestor in element.iterancestors():
        if ancestor is root:
            return False
        if ancestor in subtrees:
            return True
    return False


def has_class(element, name: str) -> bool:
    cls = element.get("class")
    return bool(cls) and name in cls.split()


def inline_text(element) -> str:
    """All the text under an element as one line (no paragraph structure), skipping scripts and styles."""
    return clean_text(" ".join(_texts(element)))


def _texts(element) -> Iterable[str]:
    walker = etree.iterwalk(element, events=("start", "end", "comment"))
    skipped = None
    for event, node in walker:
        if event == "comment":
            if node is not element and node.tail:
                yield node.tail
            continue
        if event == "start":
            if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "template"):
                skipped = node
                walker.skip_subtree()
                continue
            if node.text:
                yield node.text
        else:
            if skipped is node:
                skipped = None
            if node is not element and node.tail:
                yield node.tail


Gate = Callable[[str], Optional[bool]]
"""Given a comment's text: True opens the gate, False closes it, None leaves it as it is."""


MARK = "\x00mark"
"""Sentinel put among the paragraphs where ``mark(element)`` was true (see :func:`paragraphs`)."""
GATE_CLOSED = "\x00gate-closed"
"""Sentinel put among the paragraphs where the gate closed, when marking is on."""


def paragraphs(
    root,
    skip: Callable[[HtmlElement], bool] | None = None,
    gate: Gate | None = None,
    gate_open: bool = True,
    mark: Callable[[HtmlElement], bool] | None = None,
) -> list[str]:
    """The text under ``root`` as a list of cleaned paragraphs, in document order.

    ``skip(element)`` returning True leaves the element's content out (its tail text stays).
    With ``gate``, text only counts while the gate is open; comments open and close it.
    Elements in :data:`NON_CONTENT_TAGS` are always left out.
    With ``mark``, the list also holds :data:`MARK` where an element (seen while the gate is
    open) satisfies ``mark``, and :data:`GATE_CLOSED` where the gate closes, for callers that
    post-process sections; callers must remove them.
    """
    out: list[str] = []
    parts: list[str] = []
    is_open = gate_open

    def flush() -> None:
        if parts:
            text = clean_text("".join(parts))
            if text:
                out.append(text)
            parts.clear()

    walker = etree.iterwalk(root, events=("start", "end", "comment"))
    skipped = None
    for event, node in walker:
        if event == "comment":
            if gate is not None:
                decision = gate(node.text or "")
                if decision is not None and decision != is_open:
                    flush()
                    is_open = decision
                    if mark is not None and not is_open:
                        out.append(GATE_CLOSED)
            if is_open and node.tail:
                parts.append(node.tail)
            continue
        if event == "start":
            tag = node.tag
            if not isinstance(tag, str):  # processing instruction or entity
                skipped = node
                walker.skip_subtree()
                continue
            tag = tag.lower()
            if tag in NON_CONTENT_TAGS or (skip is not None and skip(node)):
                skipped = node
                walker.skip_subtree()
                if tag in BLOCK_TAGS:
                    flush()
                continue
            if tag in BLOCK_TAGS or tag == "br":
                flush()
            if mark is not None and is_open and mark(node):
                flush()
                out.append(MARK)
            if is_open and node.text:
                parts.append(node.text)
            continue
        # end event
        if skipped is node:
            skipped = None
        elif isinstance(node.tag, str) and node.tag.lower() in BLOCK_TAGS:
            flush()
        if node is not root and is_open and node.tail:
            parts.append(node.tail)
    flush()
    return out
