"""The word lists the generic extractor reads pages by, in one place.

Class/id words are matched against :func:`indexer.extract.class_words.class_words` (the words of
an element's ``class`` and ``id``, split on spaces, ``-``, ``_``, ``:``, ``.`` and ``/``,
lower-cased, digits removed), so an entry here is one such word: ``"story-date"`` could never
match.  Where two lists look alike but differ, they serve different questions, and their names
and docstrings say which.
"""

from __future__ import annotations

# -- tags ---------------------------------------------------------------------------------------

PAGE_FRAME_TAGS = frozenset({"header", "nav", "footer", "aside", "menu"})
"""The page's frame around the story: its header, navigation, footer, side boxes and menus."""

CHROME_TAGS = PAGE_FRAME_TAGS | {"figure", "figcaption", "dialog", "form", "fieldset", "address"}
"""Elements left out of the body wherever they are: the page's frame, pictures and their captions,
dialogs, forms and contact boxes (a form that holds paragraphs is kept: see ``content.py``)."""

DATE_CHROME_TAGS = PAGE_FRAME_TAGS | {"option", "select"}
"""Elements that make a date in them the page's rather than the story's: the page's frame and
drop-down lists (an archive's days).  Narrower than :data:`CHROME_TAGS`: a date in a picture
caption or an ``<address>`` can still be the story's (captions are judged by their words)."""

CHROME_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "dialog",
        "menu",
        "menubar",
        "alert",
        "alertdialog",
        "toolbar",
    }
)
"""ARIA roles of page chrome: an element with one is left out like a :data:`CHROME_TAGS` element."""

WEAK_WORDS_IGNORED_TAGS = frozenset({"tr", "blockquote"})
"""Elements that a weak class/id word alone does not make chrome: a table row ("player" in a
standings table), a quotation (an embedded post: class "twitter-tweet")."""

NOT_PARAGRAPH_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "th"})
"""Blocks whose own text is a heading, a list item or a table heading: never one of the story's
paragraphs when the body is scored or where it starts and ends is looked for."""

PAGE_ROOT_TAGS = frozenset({"html", "body"})
"""The page itself."""

NOT_SCORED_TAGS = NOT_PARAGRAPH_TAGS | PAGE_ROOT_TAGS
"""Blocks whose own text neither scores as a paragraph of the body nor starts it: headings, list
items, table headings, and the page itself (text loose in it)."""

SELF_CANDIDATE_TAGS = frozenset({"div", "td", "article", "section", "main", "blockquote", "pre"})
"""Blocks that can hold the story as plain text with ``<br>``s: a candidate for the body themselves."""

LINK_LIST_TAGS = frozenset(
    {"ul", "ol", "dl", "table", "div", "section", "p", "li", "td", "tr", "span", "font", "center"}
)
"""Containers left out of the rendered body when their text is mostly links (a list of links)."""

WAYBACK_FURNITURE_IDS = ("wm-ipp", "wm-btns", "donato")
"""Beginnings of the ids of what the Wayback Machine adds to a capture (toolbar, donation banner)."""

# -- class/id words -----------------------------------------------------------------------------

NEGATIVE_WORDS = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "menu",
        "menus",
        "submenu",
        "breadcrumb",
        "breadcrumbs",
        "footer",
        "foot",
        "masthead",
        "header",
        "topbar",
        "toolbar",
        "sidebar",
        "rail",
        "aside",
        "comment",
        "comments",
        "commentlist",
        "disqus",
        "replies",
        "reply",
        "respond",
        "share",
        "sharing",
        "shares",
        "sharetools",
        "social",
        "socials",
        "sociallinks",
        "facebook",
        "twitter",
        "related",
        "relatedlinks",
        "recommended",
        "recommendations",
        "popular",
        "mostpopular",
        "mostread",
        "trending",
        "outbrain",
        "taboola",
        "promo",
        "promos",
        "promotion",
        "sponsor",
        "sponsored",
        "ad",
        "ads",
        "advert",
        "adverts",
        "advertisement",
        "advertising",
        "adsense",
        "dfp",
        "banner",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "newsletter",
        "subscribe",
        "subscription",
        "signup",
        "login",
        "modal",
        "popup",
        "overlay",
        "caption",
        "credit",
        "credits",
        "byline",
        "author",
        "tags",
        "tag",
        "tagcloud",
        "keywords",
        "pagination",
        "pager",
        "print",
        "email",
        "widget",
        "widgets",
        "skip",
        "jump",
        "hidden",
        "hide",
        "sr",
        "visually",
        "screenreader",
        "offscreen",
        "tools",
        "utility",
        "utilities",
        "meta",
        "timestamp",
        "dateline",
        "copyright",
        "legal",
        "disclaimer",
        "bio",
        "teaser",
        "teasers",
        "more",
        "also",
        "readmore",
        "seealso",
        "newsticker",
        "ticker",
        "alert",
        "alerts",
        "weather",
        "search",
        "poll",
        "vote",
        "rating",
        "feedback",
        "gallery",
        "slideshow",
        "thumbnail",
        "thumbnails",
        "thumbs",
        "video",
        "player",
        "audio",
        "media",
        "photo",
        "image",
        "img",
        "figure",
        "lightbox",
        "sitemap",
        "links",
        "linklist",
        "blogroll",
        "archive",
        "calendar",
        "logo",
        "brand",
    }
)
"""Class/id words of chrome ("weak" ones: a :data:`POSITIVE_WORDS` word beside them wins)."""

POSITIVE_WORDS = frozenset(
    {
        "article",
        "articlebody",
        "body",
        "content",
        "entry",
        "main",
        "post",
        "story",
        "storybody",
        "text",
        "blog",
        "hentry",
        "page",
        "column",
        "prose",
        "copy",
    }
)
"""Class/id words of the story's own containers."""

STRONG_NEGATIVE_WORDS = frozenset(
    {
        "comment",
        "comments",
        "disqus",
        "share",
        "sharing",
        "sharetools",
        "social",
        "related",
        "recommended",
        "outbrain",
        "taboola",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "newsletter",
        "breadcrumb",
        "breadcrumbs",
        "footer",
        "nav",
        "navigation",
        "menu",
        "sidebar",
        "promo",
        "advert",
        "advertisement",
        "ads",
        "caption",
        "byline",
        "popular",
        "mostpopular",
        "trending",
        "signup",
        "subscribe",
        "modal",
        "popup",
        "toolbar",
        "tags",
        "pagination",
        "poll",
        "sharedaddy",
        "jetpack",  # WordPress's share, like and related-posts boxes
    }
)
"""Class/id words that mark chrome even when a :data:`POSITIVE_WORDS` word is also there."""

CAMEL_CASE_PARTS = STRONG_NEGATIVE_WORDS | {"article", "story", "entry", "post", "content", "body", "text"}
"""The parts of a camel-case class name that count as words of their own ("MainFooter": "footer";
not "printReady": "print")."""

COMMENT_WORDS = frozenset(
    {"comment", "comments", "commentlist", "disqus", "replies", "respond", "usercomments", "readercomments", "talkback"}
)
"""Class/id words of a reader comment section: left out of the body even when it outweighs the story."""

DATE_COMMENT_WORDS = COMMENT_WORDS | {"reply", "forum"}
"""Class/id words around a date that is a reader's, never the story's: comment sections, and
also a single reply or a forum post (which the body does not need to leave out whole)."""

LOGO_WORDS = frozenset(
    {"logo", "brand", "masthead", "header", "nav", "navbar", "menu", "sitename", "site", "banner", "footer", "sidebar"}
)
"""Class/id words of the elements around a site's logo: a heading in them is never the headline."""

NOT_HEADLINE_HEADS = frozenset(
    {"masthead", "thead", "pagehead", "sitehead", "tablehead", "colhead", "listhead", "boxhead", "navhead", "menuhead"}
)
"""Class/id words ending in "head" that are not a story's heading ("storyhead" is)."""

STORY_HEADER_PREFIXES = ("story", "article", "post", "entry")
"""A "...header" class/id word with one of these prefixes is the story's heading, not the page's."""

DATE_CLASS_WORDS = frozenset(
    {
        "date",
        "dateline",
        "pubdate",
        "published",
        "timestamp",
        "time",
        "posted",
        "datetime",
        "publishdate",
        "postdate",
        "byline",
        "byln",
        "meta",
        "info",
        "author",
        "postmeta",
        "entrymeta",
        "publish",
        "publication",
        "created",
        "articledate",
        "storydate",
        "newsdate",
        "data",
        "fecha",
        "datum",
    }
)
"""Class/id words of the elements that show a story's date (its byline and meta line included)."""

DATE_CHROME_WORDS = frozenset(
    {
        "masthead",
        "header",
        "topbar",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "footer",
        "sidebar",
        "rail",
        "toolbar",
        "banner",
        "breadcrumb",
        "breadcrumbs",
        "weather",
        "ticker",
        "related",
        "archive",
        "archives",
        "calendar",
        "more",
        "headlines",
        "latest",
        "popular",
        "mostread",
    }
)
"""Class/id words of page areas whose dates are the page's (the day it was served, an archive's
days, other stories'), unless an :data:`ARTICLE_CLASS_WORDS` word is also there."""

DATE_CHROME_WORD_PARTS = ("nav", "menu", "masthead", "topbar", "toolbar", "footer", "sidebar")
"""Beginnings and ends of compound class words of page chrome: topnav, navlinks, mainmenu, footerlinks."""

OWN_HEADER_PREFIXES = ("story", "article", "post", "entry", "content", "news", "item", "blog")
"""A "...header" class/id word with one of these prefixes is the article's header, not the page's,
when a date's surroundings are judged (wider than :data:`STORY_HEADER_PREFIXES`: a "newsheader"
does not hold the headline, but its date is the story's)."""

ARTICLE_CLASS_WORDS = frozenset({"article", "story", "post", "entry", "content", "body", "news", "text"})
"""Words that make a header the article's own ("article_header", "story-header")."""

# -- text ---------------------------------------------------------------------------------------

BOILERPLATE_LINES = frozenset(
    {
        "advertisement",
        "advertising",
        "ad",
        "sponsored",
        "share",
        "share this",
        "share this article",
        "share this story",
        "tweet",
        "email",
        "e-mail",
        "print",
        "comments",
        "comment",
        "read more",
        "continue reading",
        "related",
        "related articles",
        "related stories",
        "skip to content",
        "skip to main content",
        "close",
        "menu",
        "search",
        "subscribe",
        "sign up",
        "log in",
        "back to top",
        "top",
        "next",
        "previous",
        "more",
        "loading",
        "follow us",
        "facebook",
        "twitter",
        "linkedin",
        "whatsapp",
        "pinterest",
        "reddit",
        "image",
        "photo",
        "video",
        "enlarge this image",
        "toggle caption",
        "hide caption",
        "story continues below",
        "story continues below advertisement",
        "article continues below",
        "listen to this article",
        "continue reading the main story",
        "story continues",
        "click here",
        "text size",
    }
)
"""Paragraphs that are furniture whatever their container (compared lower-cased, ':' stripped)."""

SENTENCE_ENDS = (".", "!", "?", '"', "\u201d")
"""How a paragraph of prose ends: a full stop, or a closing double quote."""

NOT_SECTIONS = frozenset(
    {
        "home",
        "homepage",
        "home page",
        "start",
        "front page",
        "index",
        "main",
        "article",
        "articles",
        "post",
        "posts",
        "all",
        "page",
        "story",
        "email me",
        "blog",
        "default",
        "none",
        "null",
        "undefined",
    }
)
"""Stated sections (normalised) that name no section: the region is left empty rather than "Home"."""

HOST_NOISE = frozenset(
    {
        "www",
        "com",
        "net",
        "org",
        "edu",
        "gov",
        "info",
        "biz",
        "co",
        "uk",
        "au",
        "ca",
        "za",
        "in",
        "nz",
        "ie",
        "us",
        "de",
        "fr",
        "news",
        "sport",
        "sports",
        "online",
        "blog",
        "blogs",
        "home",
        "edition",
        "mobile",
        "english",
        "web",
        "go",
        "story",
        "stories",
    }
)
"""Parts of a host name that do not name the site ("www", "co", "uk", "news")."""

STOP_WORDS = frozenset(
    {
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "but",
        "not",
        "its",
        "his",
        "her",
        "their",
        "they",
        "will",
        "would",
        "can",
        "could",
        "after",
        "over",
        "into",
        "out",
        "about",
        "says",
        "said",
        "new",
        "news",
        "who",
        "what",
        "how",
        "why",
        "all",
        "more",
        "than",
        "you",
        "your",
        "our",
        "off",
        "amid",
        "as",
        "at",
        "by",
        "in",
        "of",
        "on",
        "to",
        "up",
    }
)
"""Words that say nothing about what a story is about, left out when a heading's words are
compared with the article's."""

# -- metadata -----------------------------------------------------------------------------------

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "techarticle",
        "report",
    }
)
"""JSON-LD ``@type``s (lower-case) of the objects that describe the article."""

DATE_META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "originalpublicationdate",
    "rnews:datepublished",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "article.published",
    "article_date_original",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "displaydate",
    "cxenseparse:recs:publishtime",
    "og:updated_time",
    "article:modified_time",
    "last-modified",
)
"""Meta names (lower-case) that carry a date, best first, a modified date as the last resort:
what :meth:`PageMetadata.published` reads (a template's fallback).  The generic extractor weighs
every date instead (:data:`PUBLISHED_META`, :data:`MODIFIED_META`)."""

PUBLISHED_META = frozenset(
    {
        "article:published_time",
        "og:article:published_time",
        "article:published",
        "originalpublicationdate",
        "rnews:datepublished",
        "datepublished",
        "datecreated",
        "publishdate",
        "publish-date",
        "publish_date",
        "publication_date",
        "publicationdate",
        "article.published",
        "article_date_original",
        "sailthru.date",
        "parsely-pub-date",
        "dc.date.issued",
        "dcterms.issued",
        "dc.date.created",
        "dcterms.created",
        "pub_date",
        "pubdate",
        "article.created",
        "content_create_date",
        "dateofpublication",
        "doc_date",
        "date",
        "dc.date",
        "dcterms.date",
        "displaydate",
        "cxenseparse:recs:publishtime",
        "sn-post-date",
        "created",
        "creation_date",
        "original-publish-date",
        "article_publish_date",
        "post_date",
    }
)
"""Meta names (lower-case) whose value is the publication date."""

STRONG_PUBLISHED_META = frozenset(
    {
        "article:published_time",
        "og:article:published_time",
        "article:published",
        "originalpublicationdate",
        "rnews:datepublished",
        "datepublished",
        "sailthru.date",
        "parsely-pub-date",
        "dc.date.issued",
        "dcterms.issued",
        "publishdate",
        "publish-date",
        "publish_date",
        "publication_date",
        "article.published",
        "article_date_original",
        "cxenseparse:recs:publishtime",
    }
)
"""The best-established of :data:`PUBLISHED_META`: set by publishing systems from the article's own record."""

MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "last-updated",
    "dc.date.modified",
    "dcterms.modified",
    "lastmod",
)
"""Meta names (lower-case) of the date an article was last changed."""

SECTION_META_NAMES = (
    "article:section",
    "og:article:section",
    "section",
    "articlesection",
    "cxenseparse:recs:category",
    "parsely-section",
    "sailthru.section",
)
"""Meta names (lower-case) of the section a page belongs to, best first."""

URL_META_NAMES = ("og:url", "twitter:url", "parsely-link")
"""Meta names (lower-case) of the page's own URL, best first."""

# -- words around a written date ----------------------------------------------------------------

PUBLISHED_WORDS = (
    r"posted|published|publish date|released?|launched|created|issued|filed|dated?|print date|online since|"
    r"written|publié|publie|publicado|publicada|pubblicato|veröffentlicht|gepubliceerd|diterbitkan|"
    r"기사입력|입력|등록|发布|發佈|发表|發表|公開|掲載"
)
"""Words before a written date that make it the publication date (a regular-expression alternation)."""

UPDATED_WORDS = (
    r"updated?|modified|revised|amended|edited|aktualisiert|actualizado|atualizado|mis à jour|"
    r"aggiornato|수정|更新|修改"
)
"""Words before a written date that make it the date of an update (a regular-expression alternation)."""

NOT_PROSE_WORDS = frozenset(
    {
        "posted",
        "published",
        "updated",
        "last",
        "first",
        "originally",
        "the",
        "and",
        "date",
        "dated",
        "release",
        "released",
        "launched",
        "created",
        "filed",
        "print",
        "story",
        "article",
        "page",
        "written",
        "with",
        "from",
        "for",
        "staff",
        "writer",
        "reporter",
        "correspondent",
        "editor",
        "news",
        "wire",
        "press",
        "agencies",
        "agency",
        "report",
        "email",
        "mail",
        "comments",
        "comment",
        "issue",
        "edition",
        "time",
        "modified",
        "revised",
    }
)
"""Lower-case words of bylines and date labels: they do not make a date part of a sentence."""

MONTH_FIRST_LANGS = ("en-us", "en_us", "en-ph", "en_ph")
"""Page languages that write numeric dates month first (01/10/2008 is January 10)."""
