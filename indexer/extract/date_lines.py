"""A stretch of the page's elements as lines of visible text (split at block elements and
``<br>``), each knowing where it is: its first element's position in document order and its
offset in visible characters, and which element holds each piece of its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from indexer.extract import dom
from indexer.extract.survey import Survey

_SKIP_TEXT_TAGS = dom.NON_CONTENT_TAGS - {"img", "input", "button", "label", "picture"}


@dataclass
class Line:
    """Text between two block boundaries: its pieces are (offset in the line, element, is a tail)."""

    position: int
    offset: int  # visible characters before the line in its segment
    text: str
    pieces: list

    def element_at(self, index: int) -> etree._Element:
        chosen = self.pieces[0]
        for piece in self.pieces:
            if piece[0] > index:
                break
            chosen = piece
        _, element, is_tail = chosen
        return element.getparent() if is_tail else element


_BREAK_TAGS = dom.BLOCK_TAGS | {"br"}
_DATE_ITEMPROPS = ("datePublished", "dateCreated")


def text_lines(found: Survey, lo: int, hi: int, marked: list | None = None) -> list[Line]:
    """The text of elements lo..hi-1 as lines (split at block elements and ``<br>``), in
    document order; each line knows its first element's position and its visible offset.
    ``<time>`` and ``itemprop="datePublished"`` elements met on the way go to ``marked``."""
    elements, hidden = found.elements, found.hidden
    lines = _Lines(lo)
    stack: list[tuple[etree._Element, bool, bool]] = []  # the open elements: (element, is a break, is skipped)
    for position in range(lo, hi + 1):
        element = elements[position] if position < hi else None
        parent = element.getparent() if element is not None else None
        lines.position = position
        while stack and stack[-1][0] is not parent:
            lines.close(*stack.pop())
        if element is None:
            break
        if marked is not None and _marks_date(element) and element not in marked:
            marked.append(element)
        opened = (element, element.tag in _BREAK_TAGS, element.tag in _SKIP_TEXT_TAGS or element in hidden)
        stack.append(opened)
        lines.open(*opened)
    lines.flush()
    return lines.done


def _marks_date(element: etree._Element) -> bool:
    """A ``<time>``, ``itemprop="datePublished"`` or hAtom ``<abbr title>`` element."""
    tag = element.tag
    return tag == "time" or element.get("itemprop") in _DATE_ITEMPROPS or tag == "abbr" and bool(element.get("title"))


class _Lines:
    """Lines being cut from a walk over elements: the text of the line being read, and the lines done."""

    def __init__(self, position: int) -> None:
        self.done: list[Line] = []
        self.position = position  # the element the walk is at
        self._texts: list[str] = []
        self._pieces: list[tuple[int, etree._Element, bool]] = []
        self._size = 0  # characters of the current line so far
        self._start = position  # position of the current line's first text
        self._offset = 0  # characters of the lines before it
        self._skipping = 0  # how many skipped elements the walk is inside

    def open(self, element: etree._Element, is_break: bool, skipped: bool) -> None:
        """The start of an element: its text (or the text after its leading comments)."""
        if skipped:
            self._skipping += 1
            return
        if self._skipping:
            return
        self._boundary(is_break)
        text = element.text
        if text and not text.isspace():
            self._add(text, element, False)
        elif (text is None or text.isspace()) and len(element) and not isinstance(element[0].tag, str):
            for child in element:  # "<span><!-- old -->1/17/2008</span>": a comment's tail is text
                if isinstance(child.tag, str):
                    break
                if child.tail and not child.tail.isspace():
                    self._add(child.tail, element, False)

    def close(self, element: etree._Element, is_break: bool, skipped: bool) -> None:
        """The end of an element: its tail text."""
        if skipped:
            self._skipping -= 1
        if self._skipping:
            return
        self._boundary(is_break)
        tail = element.tail
        if tail and not tail.isspace():
            self._add(tail, element, True)

    def flush(self) -> None:
        """End the current line."""
        if self._texts:
            self.done.append(Line(self._start, self._offset, " ".join(self._texts), list(self._pieces)))
            self._offset += self._size + 1
            self._texts.clear()
            self._pieces.clear()
            self._size = 0

    def _boundary(self, is_break: bool) -> None:
        if is_break and self._texts:
            self.flush()

    def _add(self, text: str, element: etree._Element, is_tail: bool) -> None:
        text = " ".join(text.split())
        if not self._texts:
            self._start = self.position
        else:
            self._size += 1
        self._pieces.append((self._size, element, is_tail))
        self._texts.append(text)
        self._size += len(text)
