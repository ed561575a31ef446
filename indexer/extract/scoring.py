"""Step 4 of finding the body: which elements hold the story (readability-like scoring).

Blocks with enough own text score by their length, commas and the paragraphs their line breaks
separate; the points flow to their ancestors; a candidate's score adds a bonus for its tag and
class/id words and is discounted by its link density.  The best candidate then moves down into
a child that holds most of it, or up into a parent that holds barely more, and takes with it the
siblings that look like the same story.
"""

from __future__ import annotations

from lxml import etree

from indexer.extract import dom
from indexer.extract.class_words import class_words
from indexer.extract.measure import Stats
from indexer.extract.tunables import (
    BONUS_FULL_AT,
    BREAK_PARAGRAPH_CHARS,
    BREAK_SPLIT_MAX_LINKS,
    CHARS_PER_POINT,
    CLASS_WEIGHT,
    CLIMB_MAX_LINKS,
    CLIMB_PROSE_GAIN,
    CLIMB_PROSE_SHARE,
    CLIMB_TEXT,
    DESCEND_KEEP_PROSE,
    DESCEND_KEEP_PROSE_SHARE,
    DESCEND_MIN_PARAGRAPHS,
    DESCEND_NAMED_POINTS,
    DESCEND_POINTS,
    DESCEND_TEXT,
    MAX_LENGTH_POINTS,
    MIN_PARAGRAPH_CHARS,
    PARAGRAPH_MAX_LINKS,
    SCORE_LEVELS,
    SIBLING_MAX_LINKS,
    SIBLING_MIN_SCORE,
    SIBLING_PARAGRAPH_CHARS,
    SIBLING_PLAIN_LINKS,
    SIBLING_PLAIN_SHARE,
    SIBLING_PROSE_MAX_LINKS,
    SIBLING_SHARE,
    SIBLING_TEXT,
    TAG_BONUS,
)
from indexer.extract.vocabulary import (
    NEGATIVE_WORDS,
    NOT_SCORED_TAGS,
    PAGE_ROOT_TAGS,
    POSITIVE_WORDS,
    SELF_CANDIDATE_TAGS,
    SENTENCE_ENDS,
)


def _class_weight(element: etree._Element) -> int:
    words = class_words(element)
    if not words:
        return 0
    weight = 0
    if not words.isdisjoint(POSITIVE_WORDS):
        weight += CLASS_WEIGHT
    if not words.isdisjoint(NEGATIVE_WORDS):
        weight -= CLASS_WEIGHT
    return weight


def score(body: etree._Element, stats: Stats) -> list:
    """The elements holding the article: the best-scoring candidate and its related siblings.

    Each paragraph (a block with enough own text, not mostly links) earns ``1 + commas +
    min(chars / CHARS_PER_POINT, MAX_LENGTH_POINTS)`` points; its parent gets them all, its
    grandparent half, further ancestors a third per level, up to SCORE_LEVELS levels.  A
    candidate's score is its points plus a tag and class/id bonus (scaled down when it holds less
    than BONUS_FULL_AT characters, so a lone title block cannot win on its class name), times
    ``1 - link density``.
    """
    points = _Points()
    for block, size in stats.own.items():
        if size < MIN_PARAGRAPH_CHARS or block.tag in NOT_SCORED_TAGS:
            continue
        if stats.own_links.get(block, 0) > PARAGRAPH_MAX_LINKS * size or dom.inside(block, stats.excluded, body):
            continue
        points.add_paragraph(block, size, stats, body)
    if not points.of:
        return [body]
    scores: dict = {}
    best, best_score = None, float("-inf")
    for element, earned in points.of.items():
        bonus = (TAG_BONUS.get(element.tag, 0) + _class_weight(element)) * min(
            1.0, stats.text.get(element, 0) / BONUS_FULL_AT
        )
        final = (earned + bonus) * (1 - stats.link_density(element))
        scores[element] = final
        if final > best_score:
            best, best_score = element, final
    best = _descend(best, points.of, points.count, stats, points.prose)
    best = _climb(best, body, stats, points.prose)
    return _with_siblings(best, scores.get(best, best_score), scores, stats)


class _Points:
    """What the paragraphs earn their containers: points, paragraphs and paragraph text."""

    def __init__(self) -> None:
        self.of: dict = {}  # element -> points
        self.count: dict = {}  # element -> paragraphs under it (up to SCORE_LEVELS levels)
        self.prose: dict = {}  # element -> characters of scoring paragraphs anywhere under it

    def add_paragraph(self, block: etree._Element, size: int, stats: Stats, body: etree._Element) -> None:
        # Paragraphs run together with <br>s in one block count as several.
        pieces = 1
        if block in stats.breaks and stats.own_links.get(block, 0) <= BREAK_SPLIT_MAX_LINKS * size:
            pieces = min(stats.breaks[block] + 1, max(1, size // BREAK_PARAGRAPH_CHARS))
        points = pieces + stats.commas.get(block, 0) + min(size // CHARS_PER_POINT, MAX_LENGTH_POINTS * pieces)
        points_of, count_of, prose = self.of, self.count, self.prose
        # A plain text container (td, div with text and <br>s) is a candidate itself.
        if block.tag in SELF_CANDIDATE_TAGS:
            points_of[block] = points_of.get(block, 0) + points
            count_of[block] = count_of.get(block, 0) + pieces
        prose[block] = prose.get(block, 0) + size
        for level, ancestor in enumerate(block.iterancestors()):
            prose[ancestor] = prose.get(ancestor, 0) + size
            if level < SCORE_LEVELS:
                share = 1 if level == 0 else (2 if level == 1 else level * 3)
                points_of[ancestor] = points_of.get(ancestor, 0) + points / share
                count_of[ancestor] = count_of.get(ancestor, 0) + pieces
            if ancestor is body:
                break


def _descend(
    best: etree._Element, points_of: dict, count_of: dict, stats: Stats, prose: dict | None = None
) -> etree._Element:
    """Move down to a child that carries most of the winner's points and text.

    The story's own container often sits inside a wrapper that also holds captions, tickers
    and promos; the wrapper collects the story's points and wins.  Only containers of several
    paragraphs qualify (not one paragraph among its siblings).
    """
    node = best
    while True:
        children = [child for child in node if child in points_of and count_of.get(child, 0) >= DESCEND_MIN_PARAGRAPHS]
        if not children:
            return node
        top = max(children, key=points_of.__getitem__)
        share = DESCEND_POINTS
        if _class_weight(top) > max(0, _class_weight(node)):
            share = DESCEND_NAMED_POINTS  # the child's class or id says story; the wrapper's does not
        if points_of[top] >= share * points_of[node] and stats.text.get(top, 0) >= DESCEND_TEXT * stats.text.get(
            node, 0
        ):
            if prose is not None:
                # paragraphs the child would leave out (not those of its own kind: they join it)
                kind = _class_set(top)
                left = sum(
                    prose.get(child, 0)
                    for child in node
                    if child is not top
                    and not (child.tag == top.tag and kind and _similar_classes(kind, _class_set(child)))
                )
                if left >= DESCEND_KEEP_PROSE and left >= DESCEND_KEEP_PROSE_SHARE * prose.get(node, 0):
                    return node
            node = top
            continue
        return node


def _climb(best: etree._Element, body: etree._Element, stats: Stats, prose: dict | None = None) -> etree._Element:
    """Move up while the parent holds the same story.

    Either the parent has barely more text than the node (a plain wrapper), or it gains
    paragraphs (CLIMB_PROSE_GAIN times the node's paragraph text) and is itself mostly paragraph
    text (the story split into one box per paragraph).
    """
    prose = prose or {}
    node = best
    while node is not body:
        parent = node.getparent()
        if parent is None or parent is body or parent.tag in PAGE_ROOT_TAGS:
            return node
        if stats.link_density(parent) >= CLIMB_MAX_LINKS:
            return node
        node_text, parent_text = stats.text.get(node, 0), stats.text.get(parent, 0)
        if node_text and parent_text <= node_text * CLIMB_TEXT:
            node = parent
            continue
        node_prose, parent_prose = prose.get(node, 0), prose.get(parent, 0)
        if (
            node_prose
            and parent_prose >= CLIMB_PROSE_GAIN * node_prose
            and parent_prose >= CLIMB_PROSE_SHARE * parent_text
        ):
            node = parent
            continue
        return node
    return node


def _class_set(element: etree._Element) -> frozenset[str]:
    return frozenset((element.get("class") or "").split())


def _similar_classes(first: frozenset, second: frozenset) -> bool:
    """Whether two class lists mostly agree ("body-text section" and "body-text wide section")."""
    common = len(first & second)
    return common > 0 and 2 * common >= len(first | second)


def _with_siblings(best: etree._Element, best_score: float, scores: dict, stats: Stats) -> list[etree._Element]:
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(SIBLING_MIN_SCORE, best_score * SIBLING_SHARE)
    plain_threshold = max(SIBLING_MIN_SCORE, best_score * SIBLING_PLAIN_SHARE)
    best_class = _class_set(best)
    chosen = []
    for sibling in parent:
        if sibling is best:
            chosen.append(sibling)
            continue
        if not isinstance(sibling.tag, str) or sibling in stats.excluded or not stats.text.get(sibling):
            continue  # comments, chrome, empty and non-content elements
        density = stats.link_density(sibling)
        if (
            scores.get(sibling, float("-inf")) >= (threshold if density > SIBLING_PLAIN_LINKS else plain_threshold)
            and density <= SIBLING_MAX_LINKS
        ):
            chosen.append(sibling)
            continue
        if (
            best_class
            and sibling.tag == best.tag
            and _similar_classes(best_class, _class_set(sibling))
            and (sibling in scores or stats.text.get(sibling, 0) >= SIBLING_TEXT)
            and stats.link_density(sibling) < SIBLING_PROSE_MAX_LINKS
        ):
            chosen.append(sibling)  # the story split into boxes of the same kind, one per paragraph
            continue
        if sibling.tag == "p" and _paragraph_joins(sibling, stats):
            chosen.append(sibling)
    return chosen


def _paragraph_joins(paragraph: etree._Element, stats: Stats) -> bool:
    """A ``<p>`` beside the winner is the story's: a long one with few links, or a short one
    without links that ends a sentence."""
    size = stats.text.get(paragraph, 0)
    density = stats.link_density(paragraph)
    if size > SIBLING_PARAGRAPH_CHARS:
        return density < SIBLING_PROSE_MAX_LINKS
    return density == 0 and "".join(paragraph.itertext()).rstrip().endswith(_SENTENCE_OR_QUOTE_ENDS)


_SENTENCE_OR_QUOTE_ENDS = (*SENTENCE_ENDS, "'")
"""How a short paragraph of the story ends: a sentence, or a quotation in either kind of quotes."""
