"""The numbers the generic extractor decides by, in one place, each with the reason for it.

They were set against the real pages of the extraction benchmark (``bench/extraction.py``); a
change here is a change of behaviour: run the benchmark and the extraction gate
(``tests/test_extraction_gate.py``) before and after.  Lengths are in characters of text with
whitespace runs collapsed; shares are of a length (``0.5``: half).
"""

from __future__ import annotations

# -- the body: where it is (content.py, survey.py, scoring.py) -----------------------------------

MIN_PARAGRAPH_CHARS = 25
"""A block with less own text than this does not count as a paragraph: a label, a date, a link."""
PARAGRAPH_MAX_LINKS = 0.5
"""A block with more of its own text in links than this is a list of links, not a paragraph."""
MIN_BODY_CHARS = 250
"""A body shorter than this after class/id pruning triggers a second, gentler pass: class/id
words can be wrong about a page (``id="content" class="has-sidebar"``)."""
KEEP_SHARE = 0.5
"""Pruning never drops an element holding more than this share of the page's text: whatever its
name, that is the story."""
QUOTE_WRAPPER_SHARE = 0.8
"""A wrapper named by a weak word ("video-container") whose text is at least this share quotation
holds an embedded post, and is kept."""
FORM_PROSE_CHARS = 150
"""A form holding a paragraph this long is a page wrapped in a form (ASP.NET), not chrome."""
FORM_PROSE_MAX_LINKS = 0.2
"""... a paragraph with less than this share of links (a form's own text is mostly labels and links)."""
MAX_HEADLINE_CANDIDATES = 150
"""Headings and headline-classed elements kept as headline candidates beyond the ``<h1>``s: a
page of thousands of list headings gains nothing from more."""

CHARS_PER_POINT = 100
"""A paragraph earns a point per this many characters, besides one for itself and one per comma..."""
MAX_LENGTH_POINTS = 3
"""... up to this many points for length per paragraph: a long block must not outweigh several."""
BREAK_PARAGRAPH_CHARS = 80
"""A block of text split by ``<br>``s counts as one paragraph per this many characters at most."""
BREAK_SPLIT_MAX_LINKS = 0.1
"""... and only when at most this share of its text is links (a column of links split by
``<br>``s is not several paragraphs)."""
SCORE_LEVELS = 5
"""A paragraph's points flow up this many ancestors: the parent gets them all, the grandparent
half, further ancestors a third per level."""
CLASS_WEIGHT = 25
"""Added to a candidate's bonus for a positive class/id word, taken off for a negative one."""
TAG_BONUS = {
    "div": 5,
    "article": 10,
    "main": 5,
    "section": 2,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "address": -3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "dd": -3,
    "dt": -3,
    "li": -3,
    "form": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "h4": -5,
    "h5": -5,
    "h6": -5,
    "th": -5,
}
"""A candidate's bonus for its tag: containers of prose up, lists, forms and headings down."""
BONUS_FULL_AT = 500
"""A candidate gets its full tag/class bonus from this much text under it (a share below), so a
lone title block cannot win on its class name."""

DESCEND_MIN_PARAGRAPHS = 2
"""The winner moves down only to a child holding this many paragraphs (not one paragraph among
its siblings)."""
DESCEND_POINTS = 0.6
"""... that carries this share of the winner's points..."""
DESCEND_NAMED_POINTS = 0.4
"""... or this share when the child's class or id says story and the wrapper's does not..."""
DESCEND_TEXT = 0.5
"""... and this share of its text."""
DESCEND_KEEP_PROSE = 150
"""Never descend when that leaves out this much paragraph text beside the child..."""
DESCEND_KEEP_PROSE_SHARE = 0.2
"""... and this share of the wrapper's paragraph text."""

CLIMB_TEXT = 1.15
"""The winner moves up to a parent with at most this many times its text: a plain wrapper."""
CLIMB_PROSE_GAIN = 2.0
"""It also moves up to a parent with this many times its paragraph text..."""
CLIMB_PROSE_SHARE = 0.85
"""... that is itself mostly (this share) paragraph text: the story split into one box per paragraph."""
CLIMB_MAX_LINKS = 0.3
"""Never climb into a parent with more of its text in links than this (a page's link columns)."""

SIBLING_SHARE = 0.2
"""A sibling of the winner scoring this share of the winner's score (and SIBLING_MIN_SCORE) joins it."""
SIBLING_MIN_SCORE = 10.0
"""A sibling scoring less never joins on its score: a caption, a teaser."""
SIBLING_PLAIN_LINKS = 0.1
"""A sibling with hardly any links (at most this share of its text)..."""
SIBLING_PLAIN_SHARE = 0.1
"""... joins from this share of the winner's score."""
SIBLING_MAX_LINKS = 0.35
"""A sibling with more of its text in links than this (a column of teasers) never joins on its score."""
SIBLING_TEXT = 200
"""A sibling of the winner's tag and classes joins with this much text even if its paragraphs
are nested too deep to have scored."""
SIBLING_PROSE_MAX_LINKS = 0.25
"""A sibling of the winner's kind, or a ``<p>``, joins only with less of its text in links than this."""
SIBLING_PARAGRAPH_CHARS = 80
"""A sibling ``<p>`` longer than this joins; a shorter one only when it ends a sentence and has no link."""

LEAD_CHARS = 80
"""The article's lead paragraph has at least this much own text (and reads like prose)..."""
LEAD_MAX_LINKS = 0.3
"""... and at most this share of it in links."""

# -- the body: its text (render.py) -------------------------------------------------------------

LINK_LIST_SHARE = 0.6
"""A container with more of its text in links than this is a list of links, left out..."""
LINK_LIST_MAX_CHARS = 1500
"""... unless it holds this much text or more (a story with many links in it)."""
ABOVE_HEADLINE_SHARE = 0.5
"""Text above the headline is dropped when it is at most this share of the text below it."""
MARKUP_AS_TEXT_TAGS = 2
"""A paragraph showing this many tags as text is markup the parser kept as text (ads, scripts)."""
EDGE_PARAGRAPHS = 3
"""Bylines, date lines and footer lines are looked for among this many paragraphs at either end."""
FURNITURE_LINE_CHARS = 80
"""A byline or a date line is at most this long."""
BYLINE_MAX_WORDS = 8
"""A byline ("By Jane Smith, Political Correspondent") has at most this many words."""
DATE_LINE_CHARS = 60
"""A line that is only a date ("Thursday, November 2, 2006, 10:42 GMT") is at most this long."""
FOOTER_LINE_CHARS = 200
"""A footer line (a copyright notice, "Back to top") or a closing box's heading is at most this long."""
COMMENTS_HEADING_CHARS = 80
"""A line that opens the reader comments ("Add your comment", "Comments (3)") is at most this long."""
POSTED_BY_CHARS = 160
"""A "Posted by NAME on DATE" line (a reader comment's header) is at most this long."""
COMMENTS_AFTER = 2
"""Comments start this many paragraphs into the text at the earliest."""

# -- the headline (headline.py, titles.py) ------------------------------------------------------

MAX_HEADLINE_CHARS = 300
"""A headline, a title or a heading longer than this is not a headline (a swallowed page, a paragraph)."""
SITE_HOST_MIN_LINKS = 3
"""The host most of a page's absolute links point to names the site when it has this many links."""
HOST_WORD_CHARS = 3
"""A host name's parts shorter than this ("bbc" is not) say nothing about the site."""
HOST_NAME_SHARE = 0.4
"""A title part whose letters are at least this share a host word names the site ("Cape Argus")."""
SITE_NAME_MIN_CHARS = 4
"""A title part this long or longer inside a host word names the site ("TimesLeader" in timesleader)."""
LABEL_WORDS = 3
"""A heading of this many words or fewer may be a section's or the site's label."""

AGREEMENT_MIN_PRECISION = 0.8
"""A heading agrees with a title part only when this share of its words are in it."""
OTHER_PART_WEIGHT = 0.9
"""Agreement with a title part other than the main (longest) one, or the whole title, counts this much."""
RUN_CHECK_BELOW = 0.9
"""A heading agreeing less than this is checked for being a run of the title's words..."""
RUN_MIN_WORDS = 3
"""... when it has at least this many words ("Headline" in "Site Headline: Section")..."""
RUN_AGREEMENT = 0.6
"""... and then agrees at least this much..."""
RUN_AGREEMENT_SPAN = 0.3
"""... plus this much times the share of the title it covers."""
MIN_AGREEMENT = 0.6
"""A heading agreeing this well with the title (weighted by its kind) is the headline."""
KIND_WEIGHT = {"h1": 1.0, "cls": 0.95, "h2": 0.9, "h3": 0.85, "h4": 0.8, "line": 0.75}
"""How much a candidate's kind is trusted: ``<h1>`` most, then a headline class, lower headings,
and last a plain line of text."""
STORY_OVERLAP = 0.5
"""A heading or title part sharing this share of its words with the article's opening is about the story."""
LABEL_MARGIN = 0.3
"""A short label gives way to a heading or title part that shares this much more of the story's words."""
HEADING_OVER_TITLE = 0.25
"""A heading further above the lead beats the title's best part when it shares this much more
of the article's words."""

HEADLINE_MIN_WORDS = 2
"""A heading of fewer words is a label ("Politics"), not a headline below the title's."""
FULL_HEADING_WORDS = 3
"""Among the headings right before the lead, one of this many words or more is preferred to a label."""
NEAR_CONTENT_BLOCKS = 3
"""A heading this many text blocks or fewer before the article's first paragraph is its headline."""
WIDE_CONTENT_BLOCKS = 12
"""Further back, up to this many text blocks, a heading must share words with the article."""
MIN_BODY_OVERLAP = 0.3
"""... at least this share of its words."""
OPENING_CHARS = 2500
"""How much of the article's text a headline's words are looked for in."""
CONTENT_WORD_CHARS = 3
"""Words shorter than this do not count when a heading's words are compared with the article's."""
TITLE_PART_FULL_WORDS = 3
"""A title part's overlap with the article counts in full from this many content words (a share
below); a part with fewer never replaces the title's longest part."""
LEAD_OPENING_ELEMENTS = 12
"""A heading inside the lead paragraph's block, at most this many elements into it..."""
LEAD_OPENING_CHARS = 40
"""... and within this many characters of its start, opens the lead: it is before it."""
SENTENCE_MIN_WORDS = 8
"""A heading candidate of this many words or more that ends with a full stop is a sentence of the story."""
LINK_ONLY_SHARE = 0.9
"""A heading with this share of its text in links is a link to another story."""
LINE_WINDOW = 6
"""How many text blocks before the lead paragraph are looked at for a headline line."""
LINE_MIN_WORDS = 4
"""A plain line of text is a headline candidate with this many words..."""
LINE_MAX_WORDS = 25
"""... up to this many."""
LINE_MAX_LINKS = 0.5
"""... and less than this share of it in links."""
LAST_RESORT_LINE_MIN_WORDS = 3
"""On a page with no title and no heading, a line this many words long before the article is its headline."""

# -- the region (generic.py) -------------------------------------------------------------------

SECTION_MAX_CHARS = 60
"""A stated section longer than this is not a section's name (a description, a sentence)..."""
SECTION_MAX_WORDS = 6
"""... nor one of more words than this."""

# -- the publication date (page_dates.py and the date_*.py modules) -----------------------------

WINDOW_BEFORE_HEADLINE = 40
WINDOW_AFTER_HEADLINE = 60
"""Elements before and after the headline in which a written date is a candidate."""
WINDOW_BEFORE_START = 40
WINDOW_AFTER_START = 25
"""Elements before and after the body's first paragraph."""
LEAD_WINDOW_MARGIN = 5
"""Elements after the body's third paragraph still searched (a dateline under a picture)..."""
MAX_LEAD_WINDOW = 150
"""... up to this many elements after its first paragraph."""
LEAD_PARAGRAPHS = 3
"""The body's first paragraphs: a date before the end of the last of them opens the story."""
STORY_AFTER_HEADLINE = 0.5
"""The story starts after the headline found when at least this share of the body's paragraph
text follows it (else the heading is not the story's own)."""
WINDOW_BEFORE_END = 5
WINDOW_AFTER_END = 25
"""Elements before and after the body's last paragraph."""
NEAR_CHARS = 200
"""Visible characters between a date and its anchor (headline, body start) that count as "next to"."""
FAR_CHARS = 1500
"""Visible characters beyond which a written date is no longer a candidate."""
MAX_LINE_CHARS = 300
"""Lines longer than this are only searched near their start (a dateline)."""
DATELINE_CHARS = 80
"""How far into a long line a dateline's date can start..."""
DATELINE_DATE_CHARS = 40
"""... and how long the date itself can be."""
CONTEXT_CHARS = 80
"""The text before a date (on its line) that its label and byline are looked for in, and the
text after it that tells a sentence from a dateline."""
LABEL_LINE_CHARS = 40
"""A date at a line's start takes the line before as its context when that line is this short ("Posted:")."""
SENTENCE_WORDS = 3
"""A date with this many lower-case words (not a byline's or label's) before it, or one before it
and this many after it, is part of a sentence."""
SURROUNDINGS_DEPTH = 12
"""Ancestors of a date's element whose class/id words and tags are read."""
DATE_CLASS_DEPTH = 2
"""A date class counts on the date's element or this many ancestors above it (not on a whole column)."""
LIST_LINES = 6
"""Lines before and after a date in which dates of other days make it one of a list..."""
LIST_OTHER_DAYS = 2
"""... when they name this many other days..."""
LINKED_LIST_DAYS = 3
"""... or when the date is a link and the searched text names this many days."""
MAX_MARKED = 8
"""``<time>`` and ``itemprop`` dates looked at: later ones are other stories'."""
MAX_ZONE_HOURS = 14
"""A naive time this many hours or fewer away from a zoned one (a whole number of half-hours)
is the same instant in the site's local time."""

SCORE_JSONLD = 10.0
"""JSON-LD ``datePublished`` (``dateCreated``: one less): the article's own record."""
SCORE_META_PUBLISHED = 9.0
"""A well-established publication date meta tag (:data:`vocabulary.STRONG_PUBLISHED_META`)."""
SCORE_ITEMPROP = 9.0
"""The first ``itemprop="datePublished"`` element (later ones score :data:`SCORE_META_OTHER`)."""
SCORE_META_OTHER = 6.0
"""Another publication date meta tag (a meta name with "date" in it: one less)."""
SCORE_TIME = 6.0
"""A ``<time>`` or hAtom date element (a published one: two more; any but the first: two less)."""
SCORE_MARKED_PUBLISHED = 2.0
"""Added for a ``<time>`` or hAtom element that says it is the publication date."""
PENALTY_LATER_TIME = 2.0
"""Taken off every ``<time>`` after the first: they often list other stories."""
SCORE_URL = 7.0
"""The date in the URL path."""
SCORE_TEXT = 4.0
"""A date written in the text, before its context is weighed."""
SCORE_MODIFIED = 1.0
"""A modified date: counts only when nothing else does."""
MIN_SCORE = 3.5
"""Written dates scoring less are not evidence enough (a date in a list far from the article)."""
AGREEMENT_SHARE = 0.2
"""Another kind of source naming the same day adds this share of its score."""
BONUS_PUBLISHED_WORD = 3.0
"""A "Posted", "Published"... word before a written date."""
BONUS_DATE_CLASS = 1.0
"""A date class on a written date's element."""
BONUS_NEAR = 2.0
"""A written date next to the headline or the body's start (within NEAR_CHARS)."""
BONUS_BYLINE = 1.0
"""A byline before a written date ("By Jane Smith | January 18, 2008")."""
BONUS_UNDER_HEADLINE = 1.0
"""A date after the headline, before the body's third paragraph: where bylines and datelines go."""
BONUS_WEEKDAY = 0.5
"""A written date that names its weekday is a dateline more than a mention."""
PENALTY_UPDATED_WORD = 2.0
"""An "Updated" word before a written date: kept (the only date of many stories), below a published one."""
PENALTY_NOT_PUBLISHED = 5.0
"""A "since", "until", "©"... before a written date: it is something else than the story's date."""
PENALTY_CHROME = 4.0
"""A written date in the page's header, navigation or other chrome: the day the page was served."""
PENALTY_LIST = 3.0
"""A written date among dates of other days: an archive, a list of stories."""
PENALTY_IN_SENTENCE = 5.0
"""A written date in running text ("45 days after Sept. 11, 2001") or a caption: an event's date."""
PENALTY_AFTER_STORY = 1.0
"""A written date far after the story's end: more likely what follows it than a closing byline."""
PENALTY_PER_FAR_CHARS = 2.0 / 1000
"""Score lost per visible character between a written date and its anchor, beyond NEAR_CHARS."""
