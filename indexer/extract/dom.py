"""Parsing with lxml and turning element trees into paragraphs of clean text.

The one text routine, :func:`paragraphs`, walks a subtree in document order (iteratively, so a
pathologically deep page cannot blow the stack) and starts a new paragraph at every block-level
boundary and ``<br>``; inline markup (``<b>``, ``<a>``, ``<font>``...) joins its text into the
surrounding paragraph.  Callers decide what to leave out with a ``skip`` predicate and can gate
the text on comment markers (the BBC's ``<!-- S BO -->`` ... ``<!-- E BO -->``).
:func:`inline_text` gives an element's text as one line; :func:`inside` says whether an element
is within a set of subtrees.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeAlias

from lxml import etree

from indexer.extract.text import clean_text

HtmlElement: TypeAlias = etree._Element

# Elements whose content is never article text.
NON_CONTENT_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "canvas",
        "video",
        "audio",
        "map",
        "area",
        "title",
        "meta",
        "link",
        "base",
        "select",
        "option",
        "optgroup",
        "textarea",
        "input",
        "button",
        "label",
        "datalist",
        "param",
        "source",
        "track",
        "img",
        "picture",
        "noembed",
        "xml",
    }
)

# Elements that start and end a paragraph.
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "plaintext",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "xmp",
        "noframes",
        "option",
    }
)


def parse_html(text: str) -> etree._Element | None:
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
    return text[: markup.start()] + "</title>" + text[markup.start() :]


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
        return text[: match.start()] + "<html>" + text[match.end() :]
    return text


_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=False, remove_pis=True, huge_tree=True, default_doctype=False, no_network=True
)


def inside(element: etree._Element, subtrees: set | frozenset, root: etree._Element) -> bool:
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


def has_class(element: etree._Element, name: str) -> bool:
    cls = element.get("class")
    return bool(cls) and name in cls.split()


def inline_text(element: etree._Element) -> str:
    """All the text under an element as one line (no paragraph structure), skipping scripts and styles."""
    return clean_text(" ".join(_texts(element)))


def _texts(element: etree._Element) -> Iterable[str]:
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


Gate = Callable[[str], bool | None]
"""Given a comment's text: True opens the gate, False closes it, None leaves it as it is."""


MARK = "\x00mark"
"""Sentinel put among the paragraphs where ``mark(element)`` was true (see :func:`paragraphs`)."""
GATE_CLOSED = "\x00gate-closed"
"""Sentinel put among the paragraphs where the gate closed, when marking is on."""


def paragraphs(
    root: HtmlElement,
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
    writer = _ParagraphWriter(gate, gate_open, mark)
    walker = etree.iterwalk(root, events=("start", "end", "comment"))
    skipped = None
    for event, node in walker:
        if event == "comment":
            writer.comment(node)
        elif event == "start":
            if not writer.start(node, skip):
                skipped = node
                walker.skip_subtree()
        elif skipped is node:  # the end of an element left out: only its tail counts
            skipped = None
            writer.tail(node, root)
        else:
            writer.end(node, root)
    writer.flush()
    return writer.out


class _ParagraphWriter:
    """Paragraphs being written from a walk over a tree (see :func:`paragraphs`)."""

    def __init__(self, gate: Gate | None, gate_open: bool, mark: Callable[[HtmlElement], bool] | None) -> None:
        self.out: list[str] = []
        self._parts: list[str] = []  # the text of the paragraph being written
        self._gate = gate
        self._open = gate_open
        self._mark = mark

    def flush(self) -> None:
        """End the paragraph being written."""
        if self._parts:
            text = clean_text("".join(self._parts))
            if text:
                self.out.append(text)
            self._parts.clear()

    def comment(self, node: HtmlElement) -> None:
        """A comment: it may open or close the gate; its tail is text."""
        if self._gate is not None:
            decision = self._gate(node.text or "")
            if decision is not None and decision != self._open:
                self.flush()
                self._open = decision
                if self._mark is not None and not decision:
                    self.out.append(GATE_CLOSED)
        if self._open and node.tail:
            self._parts.append(node.tail)

    def start(self, node: HtmlElement, skip: Callable[[HtmlElement], bool] | None) -> bool:
        """The start of an element; False when its content is left out."""
        tag = node.tag
        if not isinstance(tag, str):  # processing instruction or entity
            return False
        tag = tag.lower()
        if tag in NON_CONTENT_TAGS or (skip is not None and skip(node)):
            if tag in BLOCK_TAGS:
                self.flush()
            return False
        if tag in BLOCK_TAGS or tag == "br":
            self.flush()
        if self._mark is not None and self._open and self._mark(node):
            self.flush()
            self.out.append(MARK)
        if self._open and node.text:
            self._parts.append(node.text)
        return True

    def end(self, node: HtmlElement, root: HtmlElement) -> None:
        """The end of an element whose content was read: a block ends its paragraph."""
        if isinstance(node.tag, str) and node.tag.lower() in BLOCK_TAGS:
            self.flush()
        self.tail(node, root)

    def tail(self, node: HtmlElement, root: HtmlElement) -> None:
        """The text after an element (not after ``root``: that is outside the tree read)."""
        if node is not root and self._open and node.tail:
            self._parts.append(node.tail)
