"""The corpus templates (stdlib only): BBC-2009-like, modern, plain HTML, and the text writer.

The BBC renderers live in templates_bbc.py / templates_bbc_alt.py and the modern one in
templates_modern.py; this module re-exports them and holds the two small ones.

Article fields (all templates): ``slug``, ``headline``, ``paragraphs`` (4-8, 100-250 words in
all), ``intertitles`` ({index: text}, shown before paragraph ``index``).

* BBC: ``published`` (GMT), ``region``, ``url`` (news.bbc.co.uk ``.stm``), ``byline``/``byline_role``,
  ``caption``, ``quote`` (text, speaker), ``related`` [(headline, "24 Feb 09")]; variants
  ``updated`` (later visible date), ``style2005``, ``no_meta``, ``cp1252``, ``wayback`` (capture
  timestamp), ``canonical``.
* modern: ``published``/``modified`` (with offset), ``region`` (the section), ``byline``/``byline_role``,
  ``caption``, ``credit``, ``read_more`` (headline, path), ``gzip``.
* plain: ``published`` (a date), ``site``, ``ext`` (.htm/.shtml), ``byline``, ``cp1252``.
* text: ``region`` (the folder).
"""

from __future__ import annotations

from tplutil import esc, long_date, parse_iso

from templates_bbc import render_bbc  # noqa: F401  (re-exported)
from templates_bbc_alt import render_bbc_2005, render_bbc_low  # noqa: F401
from templates_modern import article_url, render_modern, section_slug  # noqa: F401


def render_plain(a: dict) -> bytes:
    """A bare local-paper page: <title>, <h1>, "Published 12 June 2007", <p>s, no metas.

    ``cp1252`` pages are windows-1252 bytes with no charset declared anywhere; the others are
    pure ASCII (anything else as character references).  ``.shtml`` pages keep their
    server-side include directives, as a raw dump of the site would.
    """
    site = a["site"]
    published = parse_iso(a["published"])
    shtml = a.get("ext") == ".shtml"
    body = []
    for i, text in enumerate(a["paragraphs"]):
        if i in a.get("intertitles", {}):
            body.append(f"<h3>{esc(a['intertitles'][i])}</h3>")
        body.append(f"<p>{esc(text)}</p>")
    byline = f"<p><b>{esc(a['byline'])}</b></p>\n" if a.get("byline") else ""
    if shtml:
        top = f'<!--#include virtual="/inc/masthead.html" -->\n<p class="nav"><a href="/">{esc(site)}</a> | <a href="/news/">News</a> | <a href="/sport/">Sport</a> | <a href="/whatson/">What\'s On</a> | <a href="/contact.shtml">Contact us</a></p>'
        bottom = f'<!--#include virtual="/inc/footer.html" -->\n<p><small>&copy; {published.year} {esc(site)}</small></p>'
        doctype = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n'
    else:
        top = f'<p><a href="index.htm">{esc(site)}</a> | <a href="news.htm">News</a> | <a href="sport.htm">Sport</a> | <a href="letters.htm">Letters</a></p>'
        bottom = f'<p><small>&copy; {published.year} {esc(site)}. All rights reserved. <a href="index.htm">Back to the front page</a></small></p>'
        doctype = ""
    page = f"""{doctype}<html>
<head>
<title>{esc(a['headline'])} - {esc(site)}</title>
</head>
<body bgcolor="#ffffff">
{top}
<hr>
<h1>{esc(a['headline'])}</h1>
<p>Published {long_date(published)}</p>
{byline}{chr(10).join(body)}
<hr>
{bottom}
</body>
</html>
"""
    if a.get("cp1252"):
        return page.encode("cp1252")
    return page.encode("ascii", "xmlcharrefreplace")


def render_text(a: dict) -> bytes:
    """Line 1 the headline, a blank line, the paragraphs separated by blank lines; UTF-8."""
    if a.get("intertitles"):
        raise ValueError(f"{a['slug']}: text articles have no intertitles")
    return (a["headline"] + "\n\n" + "\n\n".join(a["paragraphs"]) + "\n").encode("utf-8")
