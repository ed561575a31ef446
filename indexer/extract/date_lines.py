"""A stretch of the page's elements as lines of visible text (split at block elements and
``<br>``), each knowing where it is: its first element's position in document order and its
offset in visible characters, and which element holds each piece of its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.extract import dom

_SKIP_TEXT_TAGS = dom.NON_CONTENT_TAGS - {"img", "input", "button", "label", "picture"}


@dataclass
class Line:
    """Text between two block boundaries: its pieces are (offset in the line, element, is a tail)."""

    position: int
    offset: int   # visible characters before the line in its segment
    text: str
    pieces: list

    def element_at(self, index: int):
        chosen = self.pieces[0]
        for piece in self.pieces:
            if piece[0] > index:
                break
            chosen = piece
        _, element, is_tail = chosen
        return element.getparent() if is_tail else element


_BREAK_TAGS = dom.BLOCK_TAGS | {"br"}
_DATE_ITEMPROPS = ("datePublished", "dateCreated")


def text_lines(found, lo: int, hi: int, marked: list | None = None) -> list[Line]:
    """The text of elements lo..hi-1 as lines (split at block elements and ``<br>``), in
    document order; each line knows its first element's position and its visible offset.
    ``<time>`` and ``itemprop="datePublished"`` elements met on the way go to ``marked``."""
    elements, hidden = found.elements, found.hidden
    breaks, skip_tags = _BREAK_TAGS, _SKIP_TEXT_TAGS
    lines: list[Line] = []
    texts: list[str] = []
    pieces: list = []
    size = 0            # characters of the current line so far
    start = lo          # position of the current line's first text
    offset = 0          # characters of the lines before it
    skipping = 0
    stack: list = []    # (element, is a break, is skipped)
    position = lo

    def flush() -> None:
        nonlocal size, offset
        if texts:
            line = Line(start, offset, " ".join(texts), list(pieces))
            lines.append(line)
            offset += size + 1
            texts.clear()
            pieces.clear()
            size = 0

    def add(text: str, element, is_tail: bool) -> None:
        nonlocal size, start
        text = " ".join(text.split())
        if not texts:
            start = position
        else:
            size += 1
        pieces.append((size, element, is_tail))
        texts.append(text)
        size += len(text)

    for position in range(lo, hi + 1):
        element = elements[position] if position < hi else None
        parent = element.getparent() if element is not None else None
        while stack and stack[-1][0] is not parent:
            closed, is_break, skipped = stack.pop()
            if skipped:
                skipping -= 1
            if skipping:
                continue
            if is_break and texts:
                flush()
            tail = closed.tail
            if tail and not tail.isspace():
                add(tail, closed, True)
        if element is None:
            break
        tag = element.tag
        if marked is not None and (tag == "time" or element.get("itemprop") in _DATE_ITEMPROPS
                                   or tag == "abbr" and element.get("title")) and element not in marked:
            marked.append(element)
        skipped = tag in skip_tags or element in hidden
        is_break = tag in breaks
        stack.append((element, is_break, skipped))
        if skipped:
            skipping += 1
            continue
        if skipping:
            continue
        if is_break and texts:
            flush()
        text = element.text
        if text and not text.isspace():
            add(text, element, False)
        elif text is None or text.isspace():
            if len(element) and not isinstance(element[0].tag, str):
                for child in element:  # "<span><!-- old -->1/17/2008</span>": a comment's tail is text
                    if isinstance(child.tag, str):
                        break
                    if child.tail and not child.tail.isspace():
                        add(child.tail, element, False)
    flush()
    return lines
