"""The near-duplicate detector on real data: every identical file grouped, no different stories merged."""

from bench import duplicates


def test_bbc_fulltext_duplicates_are_grouped_and_nothing_else_is_merged(shared_data):
    metrics = duplicates.bbc_fulltext(shared_data)
    assert metrics["true duplicate pairs (identical files)"] == 98
    assert metrics["recall vs identical files"] == 1.0
    assert metrics["other pairs: different stories"] == 0


def test_msv_big9_same_topic_stories_stay_apart(shared_data):
    metrics = duplicates.msv_big9(shared_data)
    assert metrics["false merges"] == 0
    assert metrics["page grouped with its gold text"] >= 0.95
