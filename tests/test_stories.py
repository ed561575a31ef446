"""indexer.stories: near-duplicate sketches, and stories given through a writer's blocking-key lookup."""

from collections.abc import Sequence

from indexer.stories import SAME_STORY_SIMILARITY, Sketch, StoryAssigner
from search.config import MAX_STORY_CANDIDATES
from search.model import Article, StoryCandidate, document_id

STORY = (
    "The family bakery chain is opening twelve shops in the north of the country next year, its founder "
    "said on Monday. Sales of bread doubled since the spring and the firm hired two hundred staff across "
    "five towns, each with new stone ovens and a cafe."
)
OTHER_STORY_SAME_TOPIC = (
    "The bakery chain is closing twelve shops in the south after a poor winter, its founder said. "
    "Sales fell by half and staff were told on Friday that the ovens in five towns would go."
)


def test_identical_bodies_are_the_same_story():
    assert Sketch.of(STORY).similarity(Sketch.of(STORY)) == 1.0


def test_a_re_capture_with_small_edits_is_the_same_story():
    updated = STORY.replace("Monday", "Tuesday") + " Print this page."
    assert Sketch.of(STORY).similarity(Sketch.of(updated)) >= SAME_STORY_SIMILARITY


def test_a_different_story_on_the_same_topic_is_not_merged():
    assert Sketch.of(STORY).similarity(Sketch.of(OTHER_STORY_SAME_TOPIC)) < SAME_STORY_SIMILARITY / 2


def test_short_bodies_are_never_merged():
    short = Sketch.of("Pictures of the day.")
    assert not short.usable
    assert short.similarity(Sketch.of("Pictures of the day.")) < SAME_STORY_SIMILARITY


def test_a_sketch_has_eight_blocking_keys():
    sketch = Sketch.of(STORY)
    assert len(sketch.blocking_keys()) == 8


class FakeWriter:
    """A writer whose index holds ``stored`` (what ``IndexWriter.story_candidates`` answers from)."""

    def __init__(self, *stored: StoryCandidate) -> None:
        self.stored = stored
        self.asked: list[list[str]] = []

    def story_candidates(self, keys: Sequence[str]) -> list[StoryCandidate]:
        self.asked.append(list(keys))
        return [candidate for candidate in self.stored if set(Sketch(candidate.sketch).blocking_keys()) & set(keys)]


def _article(source: str, body: str) -> Article:
    return Article(headline="Bakery chain", body=body, source=source)


def test_a_near_duplicate_in_the_index_gives_its_story():
    stored = StoryCandidate("0123456789abcdef", "the-story", Sketch.of(STORY).hashes)
    writer = FakeWriter(stored)
    indexed = StoryAssigner(writer).indexed(_article("copy.html", STORY + " Print this page."), "7:8")
    assert indexed.story == "the-story"
    assert indexed.fingerprint == "7:8"
    assert writer.asked == [Sketch.of(indexed.article.body).blocking_keys()]
    assert indexed.sketch == Sketch.of(indexed.article.body).hashes
    assert indexed.blocking_keys == tuple(Sketch.of(indexed.article.body).blocking_keys())


def test_documents_given_a_story_earlier_are_candidates_before_the_index_shows_them():
    stories = StoryAssigner(FakeWriter())
    first = stories.indexed(_article("first.html", STORY))
    second = stories.indexed(_article("second.html", STORY.replace("Monday", "Tuesday")))
    assert first.story == document_id("first.html") == first.story_id
    assert second.story == first.story


def test_other_stories_and_short_bodies_keep_their_own_id():
    stored = StoryCandidate("0123456789abcdef", "the-story", Sketch.of(STORY).hashes)
    stories = StoryAssigner(FakeWriter(stored))
    other = stories.indexed(_article("other.html", OTHER_STORY_SAME_TOPIC))
    short = stories.indexed(_article("short.html", "Pictures of the day."))
    assert other.story == document_id("other.html")
    assert short.story == document_id("short.html") and short.sketch == () and short.blocking_keys == ()


def test_a_document_is_not_its_own_duplicate():
    me = StoryCandidate(document_id("me.html"), "an-old-story-of-mine", Sketch.of(STORY).hashes)
    assert StoryAssigner(FakeWriter(me)).indexed(_article("me.html", STORY)).story == document_id("me.html")


def test_a_key_shared_by_many_pages_is_remembered_for_a_bounded_number_and_versions_are_still_found(monkeypatch):
    compared: list[int] = []
    similarity = Sketch.similarity
    monkeypatch.setattr(Sketch, "similarity", lambda self, other: compared.append(1) or similarity(self, other))
    stories = StoryAssigner(FakeWriter())
    stock = Sketch((1, 2, 3, 4, 5, 6, 7, 8))  # eight hashes that every page of a site has (a footer)
    for n in range(500):
        stories.story_for(f"page-{n}", Sketch(stock.hashes + tuple(range(1000 * (n + 1), 1000 * (n + 1) + 56))))
    assert max(len(known) for known in stories._pending.values()) == MAX_STORY_CANDIDATES
    assert not compared  # pages that share only the footer cannot reach the threshold: never compared
    first = Sketch.of(STORY)
    assert stories.story_for("original", first) == "original"
    assert stories.story_for("version", Sketch.of(STORY + " Print this page.")) == "original"
