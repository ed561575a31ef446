"""Steps 2 and 3 of finding the body: how much text, and how much link text, every element holds
(:func:`measure`, one walk over the tree), and the same with the chrome taken out (:func:`without`).

Lengths are of the text with whitespace runs collapsed.  A block element's "own" text is the
text directly in it, not in the blocks inside it: a paragraph's, not its container's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from indexer.extract import dom


@dataclass
class Stats:
    """Per-element measurements: ``text``/``links`` of whole subtrees, ``own``/``commas`` of blocks."""

    text: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    own: dict = field(default_factory=dict)
    commas: dict = field(default_factory=dict)
    own_links: dict = field(default_factory=dict)
    breaks: dict = field(default_factory=dict)  # block -> <br>s directly in it (not in inner blocks)
    excluded: set | frozenset = frozenset()

    def total_text(self, element: etree._Element) -> int:
        return self.text.get(element, 0)

    def link_density(self, element: etree._Element) -> float:
        text = self.text.get(element, 0)
        return self.links.get(element, 0) / text if text else 0.0


_COMMAS = re.compile("[,\uff0c\u3001]")


def measure(root: etree._Element, skip: set | frozenset = frozenset()) -> Stats:
    """Text lengths of every subtree and the own text of every block element (see :class:`Stats`).

    Elements in ``skip`` (and non-content tags) count as absent.  Lengths are of the text with
    whitespace runs collapsed.
    """
    tally = _Tally(root)
    non_content = dom.NON_CONTENT_TAGS
    walker = etree.iterwalk(root, events=("start", "end", "comment"))
    skipped = None
    for event, node in walker:
        if event == "start":
            tag = node.tag
            if not isinstance(tag, str) or tag in non_content or node in skip:
                walker.skip_subtree()
                skipped = node
                continue
            tally.open(node, tag)
            chunk = node.text
        elif event == "end":
            if node is skipped:
                skipped = None
            else:
                tally.close(node)
            if node is root:
                break
            chunk = node.tail
        else:  # a comment: only its tail is text
            chunk = node.tail
        if chunk and tally.frames and not chunk.isspace():
            tally.count(chunk)
    return tally.stats


class _Tally:
    """The measurements of a walk in progress: the open elements and the open blocks."""

    def __init__(self, root: etree._Element) -> None:
        self.stats = Stats()
        self.frames: list[list] = []  # [element, text, links] of the open elements
        self._blocks: list = [root]  # the open block elements, innermost last
        self._link_depth = 0

    def open(self, node: etree._Element, tag: str) -> None:
        self.frames.append([node, 0, 0])
        if tag in dom.BLOCK_TAGS:
            self._blocks.append(node)
        elif tag == "a":
            self._link_depth += 1
        elif tag == "br":
            breaks, block = self.stats.breaks, self._blocks[-1]
            breaks[block] = breaks.get(block, 0) + 1

    def close(self, node: etree._Element) -> None:
        element, size, link_size = self.frames.pop()
        self.stats.text[element] = size
        self.stats.links[element] = link_size
        if self.frames:
            self.frames[-1][1] += size
            self.frames[-1][2] += link_size
        tag = node.tag
        if tag in dom.BLOCK_TAGS:
            self._blocks.pop()
        elif tag == "a":
            self._link_depth -= 1

    def count(self, chunk: str) -> None:
        """A piece of text: it counts for the innermost open element and block."""
        stats = self.stats
        size = len(" ".join(chunk.split()))
        frame = self.frames[-1]
        frame[1] += size
        block = self._blocks[-1]
        stats.own[block] = stats.own.get(block, 0) + size
        if self._link_depth:
            frame[2] += size
            stats.own_links[block] = stats.own_links.get(block, 0) + size
        if "," in chunk or "\uff0c" in chunk or "\u3001" in chunk:
            stats.commas[block] = stats.commas.get(block, 0) + len(_COMMAS.findall(chunk))


# -- step 3: leaving the chrome out -------------------------------------------------------------


def without(base: Stats, pruned: set, root: etree._Element) -> Stats:
    """``base`` with the subtrees in ``pruned`` taken out (their text no longer counts anywhere)."""
    stats = Stats(
        text=dict(base.text),
        links=dict(base.links),
        own=base.own,
        commas=base.commas,
        own_links=base.own_links,
        breaks=base.breaks,
    )
    text, links = stats.text, stats.links
    outermost = []
    for element in pruned:
        size = text.get(element)
        if not size:
            continue
        for ancestor in element.iterancestors():
            if ancestor in pruned:
                break
            if ancestor is root:
                outermost.append(element)
                break
    for element in outermost:
        size, link_size = base.text[element], base.links.get(element, 0)
        for ancestor in element.iterancestors():
            text[ancestor] -= size
            links[ancestor] -= link_size
            if ancestor is root:
                break
    stats.excluded = pruned
    return stats
