"""search/opensearch/highlight.py: OpenSearch's highlights made safe HTML by us, whatever the page's text holds."""

from __future__ import annotations

from search.opensearch import highlight
from search.opensearch.highlight import POST_TAG, PRE_TAG, headline_html, safe_html, snippet


def marked(text: str) -> str:
    return f"{PRE_TAG}{text}{POST_TAG}"


def test_the_page_text_is_escaped_and_only_our_tags_become_marks() -> None:
    fragment = f'<script>alert(1)</script> {marked("flood")} & <mark>not ours</mark> "q"'
    assert safe_html(fragment) == (
        '&lt;script&gt;alert(1)&lt;/script&gt; <mark>flood</mark> &amp; &lt;mark&gt;not ours&lt;/mark&gt; "q"'
    )


def test_private_use_characters_in_a_page_make_no_mark() -> None:
    forged = "\ue000\ue001flood\ue000/\ue001 <b>"
    assert "<mark>" not in safe_html(forged) and "&lt;b&gt;" in safe_html(forged)
    assert PRE_TAG != "\ue000\ue001" and len(PRE_TAG) > 10  # a nonce no page can know


def test_the_request_asks_for_private_tags_and_no_encoding() -> None:
    request = highlight.highlight_request()
    assert (request["pre_tags"], request["post_tags"], request["encoder"]) == ([PRE_TAG], [POST_TAG], "default")
    assert request["fields"]["headline"] == {"number_of_fragments": 0}


def test_fragments_are_joined_and_a_body_without_a_match_gives_its_opening() -> None:
    assert snippet([f"the {marked('river')}  peaked\n", f"{marked('river')} Severn"], "body") == (
        "the <mark>river</mark> peaked … <mark>river</mark> Severn"
    )
    body = "Residents <b>moved</b> their cars. " * 30
    opening = snippet(None, body)
    assert opening.startswith("Residents &lt;b&gt;moved&lt;/b&gt; their cars.") and opening.endswith(" …")
    assert len(opening) < 400 and "<b>" not in opening


def test_a_headline_without_a_match_is_shown_whole_and_escaped() -> None:
    assert headline_html(None, "Village school wins <national> award & prize") == (
        "Village school wins &lt;national&gt; award &amp; prize"
    )
    assert headline_html([f"Village school wins <{marked('national')}>"], "ignored") == (
        "Village school wins &lt;<mark>national</mark>&gt;"
    )
