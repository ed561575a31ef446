from search.duplicates import SAME_STORY_SIMILARITY, Sketch

STORY = ("The family bakery chain is opening twelve shops in the north of the country next year, its founder "
         "said on Monday. Sales of bread doubled since the spring and the firm hired two hundred staff across "
         "five towns, each with new stone ovens and a cafe.")
OTHER_STORY_SAME_TOPIC = ("The bakery chain is closing twelve shops in the south after a poor winter, its founder said. "
                          "Sales fell by half and staff were told on Friday that the ovens in five towns would go.")


def test_identical_bodies_are_the_same_story():
    assert Sketch.of(STORY).similarity(Sketch.of(STORY)) == 1.0


def test_a_re_capture_with_small_edits_is_the_same_story():
    updated = STORY.replace("Monday", "Tuesday") + " Print this page."
    assert Sketch.of(STORY).same_story(Sketch.of(updated))


def test_a_different_story_on_the_same_topic_is_not_merged():
    assert Sketch.of(STORY).similarity(Sketch.of(OTHER_STORY_SAME_TOPIC)) < SAME_STORY_SIMILARITY / 2


def test_short_bodies_are_never_merged():
    short = Sketch.of("Pictures of the day.")
    assert not short.usable
    assert not short.same_story(Sketch.of("Pictures of the day."))


def test_sketch_round_trips_through_its_stored_form():
    sketch = Sketch.of(STORY)
    assert Sketch.parse(sketch.serialize()) == sketch
    assert len(sketch.blocking_keys()) == 8
