"""The other two BBC story templates: 2005 (``div.sh`` headline, "Last Updated:" line, unnamed
story cell) and the 2009 "low graphics" version (text-only chrome, same story markup)."""

from __future__ import annotations

from tplutil import attr, esc, long_date, uk_offset, weekday

from templates_bbc import (
    EXTERNAL_LINKS, DEFAULT_EXTERNAL, INT_MENU, IMG, MAST_LINKS, NEWS, UK_MENU, Links, Story,
    byline_block, encode_bbc, head_common, image_block, roman, story_paragraphs,
)


def _ds_2005(story: Story) -> str:
    """'Thursday, 13 October 2005, 10:36 GMT 11:36 UK'."""
    shown = story.shown
    local = shown + uk_offset(shown)
    return f"{weekday(shown)}, {long_date(shown)}, {shown:%H:%M} GMT {local:%H:%M} UK"


def _tools(story: Story, links: Links, sep: str) -> str:
    email = links.page(f"http://newsvote.bbc.co.uk/mpapps/pagetools/email/news.bbc.co.uk{story.path}")
    print_ = links.page(f"http://newsvote.bbc.co.uk/mpapps/pagetools/print/news.bbc.co.uk{story.path}")
    return (f'<a class="epl" href="{attr(email)}">E-mail this to a friend</a>{sep}'
            f'<a class="epl" href="{attr(print_)}">Printable version</a>')


def render_bbc_2005(a: dict, known_urls: dict[str, str] | None = None) -> bytes:
    story = Story(a, known_urls)
    links = Links()
    menu_items = UK_MENU if story.edition == "1" else INT_MENU
    nav = "\n".join(
        f'<div class="{"lhssqs" if label == story.region else "lhsb"}"><a href="{attr(links.page(path))}">{esc(label)}</a></div>'
        for label, path in menu_items)
    mast = " | ".join(f'<a href="{attr(url)}">{label}</a>' for label, url in MAST_LINKS)
    related = "\n".join(
        f'<div class="arr"><a href="{attr(links.page(url))}">{esc(headline)}</a><br />'
        f'<span class="sad">{when}&nbsp;|&nbsp;{esc(story.region)}</span></div>'
        for headline, url, when in story.related())
    external = "\n".join(f'<div class="arr"><a href="{attr(url)}">{esc(label)}</a></div>'
                         for label, url in EXTERNAL_LINKS.get(story.region, DEFAULT_EXTERNAL))
    top = "\n".join(f'<div class="arr"><a href="{attr(links.page(url))}">{esc(headline)}</a></div>'
                    for headline, url in [(story.headline, story.url)] + [(h, u) for h, u, _ in story.related()])
    bottom_nav = " | ".join(f'<a href="{attr(links.page(path))}">{esc(label)}</a>' for label, path in menu_items)
    paragraphs = story_paragraphs(a, links, crosshead="<p><b>{}</b>", first="<p><b>{}</b>", with_quote=False)
    page = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN" "http://www.w3.org/TR/REC-html40/loose.dtd">
<html>
<head>
{head_common(story, links, metas=not a.get("no_meta"), canonical=bool(a.get("canonical")))}
<link type="text/css" rel="stylesheet" href="/nol/shared/stylesheets/uki_story.css">
<script language="JavaScript" type="text/javascript" src="/nol/shared/js/nol3.js"></script>
</head>
<body marginwidth="0" marginheight="0" leftmargin="0" topmargin="0" bgcolor="#ffffff" text="#000000" link="#333366" vlink="#666699" alink="#666699">
<!-- toolbar -->
<table width="770" cellpadding="0" cellspacing="0" border="0">
<tr><td class="bbcpageToplefttd" width="94"><a href="http://www.bbc.co.uk/"><img src="{IMG}/shared/img/bbc_logo.gif" width="77" height="24" alt="BBC" border="0"></a></td>
<td class="bbcpageToplinks">{mast}</td>
<td align="right"><form method="get" action="http://www.bbc.co.uk/cgi-bin/search/results.pl"><input type="text" name="q" size="10"><input type="submit" value="Search"></form></td></tr>
</table>
<!-- end toolbar -->
<table width="770" cellpadding="0" cellspacing="0" border="0">
<tr><td class="banner"><a href="{attr(links.page(f"/{story.edition}/hi/default.stm"))}"><img src="{IMG}/nol/shared/img/v3/news_banner.gif" width="770" height="50" alt="BBC News UK Edition" border="0"></a></td></tr>
</table>
<table width="770" cellpadding="0" cellspacing="0" border="0">
<tr>
<td class="lhs" width="110" valign="top">
<!-- S NAV -->
{nav}
<div class="lhsdl">-----------------</div>
<div class="lhsl"><a href="{attr(links.page(f"/{story.edition}/hi/talking_point/default.stm"))}">Have Your Say</a></div>
<div class="lhsl"><a href="{attr(links.page(f"/{story.edition}/hi/in_pictures/default.stm"))}">In Pictures</a></div>
<!-- E NAV -->
</td>
<td width="629" valign="top">
<table width="629" cellpadding="0" cellspacing="0" border="0">
<tr><td colspan="3">
<span class="ds"><span class="lu">Last Updated: </span>{_ds_2005(story)}</span><br />
<div class="mvtb">{_tools(story, links, " &nbsp; ")}</div>
</td></tr>
<tr>
<td valign="top" width="416">
<div class="mxb"><div class="sh">{esc(story.headline)}</div></div>
<!-- S BO -->
{byline_block(a, links)}{image_block(story, links)}{paragraphs}
<!-- E BO -->
<br clear="all" />
<div class="mvtb">{_tools(story, links, " &nbsp; ")}</div>
</td>
<td width="10"><img src="{IMG}/shared/img/o.gif" width="10" height="1" alt=""></td>
<td valign="top" width="203" class="storyextra">
<div class="seeAlsoH">SEE ALSO:</div>
{related}
<div class="nlp">RELATED INTERNET LINKS:</div>
{external}
<div class="di">The BBC is not responsible for the content of external internet sites</div>
<div class="topStoryH"><a class="lp" href="{attr(links.page(story.section_path + "/default.stm"))}">TOP {esc(story.region.upper())} STORIES NOW</a></div>
{top}
</td>
</tr>
</table>
</td>
</tr>
</table>
<!-- S FOOT -->
<table width="770" cellpadding="0" cellspacing="0" border="0">
<tr><td class="servicesbar"><b>PRODUCTS &amp; SERVICES</b> <a href="/1/hi/help/3676394.stm">E-mail news</a> | <a href="/1/hi/help/4735697.stm">Alerts</a> | <a href="/1/hi/help/3223484.stm">News feeds</a> | <a href="/1/hi/help/4977678.stm">Podcasts</a></td></tr>
<tr><td class="footnav">{bottom_nav}</td></tr>
<tr><td class="footer">&copy; MMV | <a href="/1/hi/help/3281815.stm">News Sources</a> | <a href="http://www.bbc.co.uk/privacy/">Privacy</a></td></tr>
</table>
<!-- E FOOT -->
</body>
</html>
"""
    return encode_bbc(page, a)


def render_bbc_low(a: dict, low_url: str, known_urls: dict[str, str] | None = None) -> bytes:
    """The low-graphics version of story ``a`` (same headline, dates, region and body) at ``low_url``."""
    high = Story(a, known_urls)
    story = Story(dict(a, url=low_url), known_urls)
    links = Links()
    menu_items = [(label, path.replace("/hi/", "/low/", 1)) for label, path in INT_MENU]
    nav = " |\n".join(f'<a href="{attr(links.page(path))}">{esc(label)}</a>' for label, path in menu_items)
    byline = byline_block(a, links) if a.get("byline") else ""
    related = "<br />\n".join(
        f'<a href="{attr(links.page(url.replace("/hi/", "/low/", 1)))}">{esc(headline)}</a> <small>({when})</small>'
        for headline, url, when in high.related())
    external = "<br />\n".join(f'<a href="{attr(url)}">{esc(label)}</a>'
                               for label, url in EXTERNAL_LINKS.get(story.region, DEFAULT_EXTERNAL))
    paragraphs = story_paragraphs(a, links, with_quote=False)
    low_link = f'<link href="{attr(links.page(story.low_url))}" rel="alternate" type="text/html" title="Low Graphics"/>'
    high_link = f'<link href="{attr(links.page(high.url))}" rel="alternate" type="text/html" title="High Graphics"/>'
    head = head_common(story, links, metas=True, canonical=False)
    assert low_link in head
    head = head.replace(low_link, high_link)
    page = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
{head}
<style type="text/css">body {{ font-family: verdana, arial, sans-serif; font-size: small; }}</style>
</head>
<body bgcolor="#FFFFFF" text="#000000" link="#000066" vlink="#333399">
<a name="top"></a>
<table width="100%" cellpadding="2" cellspacing="0" border="0">
<tr><td><a href="{attr(links.page("/2/low/default.stm"))}"><b>BBC NEWS</b></a></td>
<td align="right"><a href="{attr(links.page(high.url))}">Graphics version</a> | <a href="http://newswm.bbc.co.uk/cgi-bin/change_edition.pl?qs={attr(story.url)}">Change to UK Edition</a> | <a href="{attr(links.page("/2/low/help/default.stm"))}">About the versions</a> | <a href="http://www.bbc.co.uk/accessibility/">Accessibility help</a></td></tr>
</table>
<p class="lownav">
{nav}
</p>
<hr />
<div class="ds"><span class="lu">Page last updated at </span>{story.ds_2009}</div>
<p><small>{_tools(story, links, " | ")}</small></p>
<div class="mxb"><h1>{esc(story.headline)}</h1></div>
<!-- S BO -->
{byline}{paragraphs}
<!-- E BO -->
<hr />
<p><b>SEE ALSO</b><br />
{related}</p>
<p><b>RELATED INTERNET LINKS</b><br />
{external}<br />
<small>The BBC is not responsible for the content of external internet sites</small></p>
<hr />
<p><small><a href="#top">Back to top</a> | <a href="{attr(links.page("/1/hi/help/3676394.stm"))}">E-mail news</a> | <a href="{attr(links.page("/1/hi/help/6358397.stm"))}">Mobiles</a> | <a href="{attr(links.page("/1/hi/help/3223484.stm"))}">News feeds</a> | <a href="http://www.bbc.co.uk/privacy/">Privacy &amp; Cookies</a></small></p>
<p><small>&copy; {roman(story.shown.year)}</small></p>
</body>
</html>
"""
    return encode_bbc(page, a)
