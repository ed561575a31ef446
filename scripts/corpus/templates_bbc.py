"""BBC News story pages as served in 2008-2010 (news.bbc.co.uk ``.stm``), and Wayback captures of them.

The chrome follows the structure of the real template (class names, comment markers, menu
labels); every text in it and in the stories is our own.  The 2005 template and the
low-graphics version are in templates_bbc_alt.py and share the helpers here.
"""

from __future__ import annotations

import re

from tplutil import attr, esc, long_date, utc, weekday

NEWS = "http://news.bbc.co.uk"
IMG = "http://newsimg.bbc.co.uk"

UK_MENU = [
    ("News Front Page", "/1/hi/default.stm"), ("World", "/1/hi/world/default.stm"),
    ("UK", "/1/hi/uk/default.stm"), ("England", "/1/hi/england/default.stm"),
    ("Northern Ireland", "/1/hi/northern_ireland/default.stm"), ("Scotland", "/1/hi/scotland/default.stm"),
    ("Wales", "/1/hi/wales/default.stm"), ("Business", "/1/hi/business/default.stm"),
    ("Politics", "/1/hi/uk_politics/default.stm"), ("Health", "/1/hi/health/default.stm"),
    ("Education", "/1/hi/education/default.stm"), ("Science & Environment", "/1/hi/sci/tech/default.stm"),
    ("Technology", "/1/hi/technology/default.stm"), ("Entertainment", "/1/hi/entertainment/default.stm"),
    ("Also in the news", "/1/hi/also_in_the_news/default.stm"),
]
INT_MENU = [
    ("News Front Page", "/2/hi/default.stm"), ("Africa", "/2/hi/africa/default.stm"),
    ("Americas", "/2/hi/americas/default.stm"), ("Asia-Pacific", "/2/hi/asia-pacific/default.stm"),
    ("Europe", "/2/hi/europe/default.stm"), ("Middle East", "/2/hi/middle_east/default.stm"),
    ("South Asia", "/2/hi/south_asia/default.stm"), ("UK", "/2/hi/uk_news/default.stm"),
    ("Business", "/2/hi/business/default.stm"), ("Health", "/2/hi/health/default.stm"),
    ("Science & Environment", "/2/hi/science/nature/default.stm"), ("Technology", "/2/hi/technology/default.stm"),
    ("Entertainment", "/2/hi/entertainment/default.stm"), ("Also in the news", "/2/hi/also_in_the_news/default.stm"),
]
MORE_MENU = [("Have Your Say", "talking_point"), ("Magazine", "uk_news/magazine"), ("In Pictures", "in_pictures"),
             ("Country Profiles", "country_profiles"), ("Special Reports", "in_depth")]
MAST_LINKS = [("Home", "http://www.bbc.co.uk/"), ("TV", "http://www.bbc.co.uk/tv/"),
              ("Radio", "http://www.bbc.co.uk/radio/"), ("Talk", "http://www.bbc.co.uk/messageboards/"),
              ("Where I Live", "http://www.bbc.co.uk/whereilive/"), ("A-Z Index", "http://www.bbc.co.uk/a-z/")]
EXTERNAL_LINKS = {
    "West Midlands": [("Tesk Valley Transport Authority", "http://www.teskvalley-transport.example/")],
    "Scotland": [("North Grampian Council", "http://www.northgrampian.example/")],
    "Wales": [("Aberllyn Town Council", "http://www.aberllyn.example/")],
    "Northern Ireland": [("Carrickmoyle Linen Museum", "http://www.carrickmoyle-linen.example/")],
    "Business": [("Castlegate Bank", "http://www.castlegate-bank.example/")],
    "Technology": [("Connect Rural", "http://www.connectrural.example/")],
    "Health": [("Tesk Valley NHS Trust", "http://www.teskvalley-nhs.example/")],
    "Education": [("Wyrebridge Academy", "http://www.wyrebridge-academy.example/")],
    "Science & Environment": [("Journal of Alpine Glaciology", "http://www.alpine-glaciology.example/")],
}
DEFAULT_EXTERNAL = [("World Weather Watch", "http://www.worldweatherwatch.example/")]


class Links:
    """Hrefs as the page carries them: site-relative, or rewritten to the Wayback Machine."""

    def __init__(self, wayback: str | None = None):
        self.ts = wayback

    def page(self, url: str) -> str:
        if url.startswith("/"):
            url = NEWS + url
        if self.ts:
            return f"https://web.archive.org/web/{self.ts}/{url}"
        return url[len(NEWS):] if url.startswith(NEWS + "/") else url

    def asset(self, url: str, kind: str = "im_") -> str:
        return f"https://web.archive.org/web/{self.ts}{kind}/{url}" if self.ts else url


class Story:
    """What the templates derive from an article dict."""

    def __init__(self, a: dict, known_urls: dict[str, str] | None = None):
        self.a = a
        self.url = a["url"]
        match = re.search(r"/(\d{7})\.stm$", self.url)
        if not match or not self.url.startswith(NEWS + "/"):
            raise ValueError(f"not a BBC story URL: {self.url}")
        self.id = int(match.group(1))
        self.path = self.url[len(NEWS):]
        self.edition = self.path.split("/")[1]
        self.section_path = self.path.rsplit("/", 1)[0]
        self.ukfs = "/1/" + self.path.split("/", 2)[2]
        self.ifs = "/2/" + self.path.split("/", 2)[2]
        self.low_url = NEWS + self.ifs.replace("/2/hi/", "/2/low/", 1)
        self.region = a["region"]
        self.headline = a["headline"]
        self.published = utc(a["published"])
        self.shown = utc(a.get("updated") or a["published"])
        number = 40_000_000 + (self.id * 37) % 9_000_000
        stem = re.sub(r"[^a-z]", "", a["slug"].split("-")[0])[:10]
        self.image = f"{IMG}/media/images/{number // 1000 * 1000}/jpg/_{number}_{stem}226.jpg"
        self.known_urls = known_urls or {}

    @property
    def meta_date(self) -> str:
        return self.published.strftime("%Y/%m/%d %H:%M:%S")

    @property
    def ds_2009(self) -> str:
        return f"{self.shown:%H:%M} GMT, {weekday(self.shown)}, {long_date(self.shown)}"

    def related(self) -> list[tuple[str, str, str]]:
        """(headline, url, date) of the related stories; corpus stories keep their own URL."""
        out = []
        for i, (headline, when) in enumerate(self.a.get("related", [])):
            url = self.known_urls.get(headline) or f"{NEWS}{self.section_path}/{self.id - 9731 * (i + 1) - 17 * i}.stm"
            out.append((headline, url, when))
        return out


def menu(story: Story, links: Links) -> str:
    """The left-hand region menu, the story's region selected."""
    items = list(UK_MENU if story.edition == "1" else INT_MENU)
    labels = [label for label, _ in items]
    if story.region not in labels:
        parent = "England" if "/england/" in story.path else "World"
        at = labels.index(parent) + 1 if parent in labels else 1
        items.insert(at, (story.region, story.section_path + "/default.stm"))
    out = ['<div class="lhs">']
    for label, path in items:
        cls = "lhssqs" if label == story.region else "lhsb"
        out.append(f'\t\t\t<div class="{cls}">\n\t\t\t\t<a href="{attr(links.page(path))}">{esc(label)}</a>\n\t\t\t</div>')
    out.append('\t<div class="lhsdl">-----------------</div>')
    out.append(f'\t\t\t<div class="lhsl">\n\t\t\t\t<a href="{attr(links.page(f"/{story.edition}/hi/video_and_audio/default.stm"))}">Video and Audio</a>\n\t\t\t</div>')
    out.append('\t<div class="lhsdl">-----------------</div>')
    for label, folder in MORE_MENU:
        out.append(f'\t\t\t<div class="lhsl">\n\t\t\t\t<a href="{attr(links.page(f"/{story.edition}/hi/{folder}/default.stm"))}">{esc(label)}</a>\n\t\t\t</div>')
    out.append("</div>")
    return "\n".join(out)


def region_nav(story: Story, links: Links) -> str:
    """The row of section links at the very bottom of the page."""
    items = UK_MENU if story.edition == "1" else INT_MENU
    parts = [f'<a href="{attr(links.page(path))}">{esc(label)}</a>' for label, path in items]
    return '<div class="footer regionnav">\n' + " |\n".join(parts) + "\n</div>"


def masthead(story: Story, links: Links) -> str:
    nav = "".join(f'<li><a href="{attr(links.page(url))}">{label}</a></li>' for label, url in MAST_LINKS)
    search = links.page("http://www.bbc.co.uk/cgi-bin/search/results.pl")
    return f"""<!-- BLQ markup starts 4.7.1 -->
<a name="top"></a>
<div id="blq-accesslinks" lang="en-gb" class="blq-rst">
<p class="blq-hide"><strong><a id="page-top">Accessibility Help</a></strong></p>
<ul>
\t<li class="blq-hide"><a href="#startcontent" accesskey="2">Skip to content</a></li><li class="blq-hide"><a href="#blq-searchbox">Skip to bbc.co.uk search</a></li>
</ul>
</div>
<div id="blq-mast" lang="en-GB" class="blq-rst">
<p><a href="{attr(links.page('http://www.bbc.co.uk/'))}" title="Go to the bbc.co.uk homepage"><img src="{attr(links.asset(IMG + '/shared/img/v4/head.png'))}" width="77" height="24" alt="BBC" /></a></p>
<ul id="blq-mast-links">{nav}</ul>
<form method="get" action="{attr(search)}" accept-charset="utf-8">
<fieldset>
<input type="hidden" name="uri" value="{attr(story.path)}"/>
<label for="blq-searchbox" class="blq-hide">Search term</label><input id="blq-searchbox" type="text" name="q" accesskey="4"/>
<input id="blq-searchbutton" type="submit" value="Search"/>
</fieldset>
</form>
</div>
<!-- END MASTHEAD -->
<div class="newsbanner">
\t<div class="logo"><a href="{attr(links.page(NEWS))}"><span>BBC News Updated every minute of every day</span></a></div>
</div>"""


def page_tools(story: Story, links: Links) -> str:
    email = links.page(f"http://newsvote.bbc.co.uk/mpapps/pagetools/email/news.bbc.co.uk{story.path}")
    print_ = links.page(f"http://newsvote.bbc.co.uk/mpapps/pagetools/print/news.bbc.co.uk{story.path}?ad=1")
    return f"""        <div class="mvtb"><table cellspacing="0" width="416" border="0" cellpadding="0"><tr>
            <td width="213"><a class="epl" href="{attr(email)}">
                <img src="{attr(links.asset(IMG + '/nol/shared/img/v3/email.gif'))}" align="left" width="17" height="11" alt="" border="0" vspace="0" hspace="3">
                E-mail this to a friend
            </a></td>
            <td width="203"><a class="epl" href="{attr(print_)}">
\t       \t<img src="{attr(links.asset(IMG + '/nol/shared/img/v3/print.gif'))}" align="left" width="17" height="11" alt="" border="0" vspace="0" hspace="3">
\t \tPrintable version
            </a></td>
        </tr></table></div>"""


def byline_block(a: dict, links: Links) -> str:
    if not a.get("byline"):
        return ""
    role = f"""
                    <br/>
                    <span class="byd">
                        {esc(a['byline_role'])}
                    </span>""" if a.get("byline_role") else ""
    return f"""<!-- S IBYL -->
<div class="mvb">
    <table cellspacing="0" width="466" border="0" cellpadding="0">
        <tr>
        <td valign="bottom">
            <div class="mvb">
                    <span class="byl">
                        By {esc(a['byline'])}
                    </span>{role}
            </div>
        </td>
        </tr>
    </table><img src="{attr(links.asset(IMG + '/shared/img/999999.gif'))}" width="466" height="1" alt="" border="0" vspace="0" hspace="0"><br/>
</div>
<!-- E IBYL -->
"""


def image_block(story: Story, links: Links) -> str:
    caption = story.a.get("caption")
    if not caption:
        return ""
    return f"""<!-- S IIMA -->
\t\t<table border="0" cellspacing="0" align="right" width="226" cellpadding="0">
\t\t\t<tr><td>
\t\t\t<div>
\t\t\t\t<img src="{attr(links.asset(story.image))}" width="226" height="170" alt="{attr(story.region)}" border="0" vspace="0" hspace="0">
\t\t\t\t<div class="cap">{esc(caption)}</div>
\t\t\t</div>
\t\t\t</td></tr>
\t\t</table>
<!-- E IIMA -->
"""


def quote_box(a: dict, links: Links) -> str:
    if not a.get("quote"):
        return ""
    text, speaker = a["quote"]
    return f"""\t\t\t    <!-- S IBOX -->
\t\t\t\t<table cellspacing="0" align="right" width="231" border="0" cellpadding="0">
\t\t\t\t<tr>
\t\t\t            <td width="5"><img src="{attr(links.asset(IMG + '/shared/img/o.gif'))}" width="5" height="1" alt="" border="0" vspace="0" hspace="0"></td>
\t\t\t            <td class="sibtbg">
\t\t\t                    <div>
\t\t<div class="mva">
\t\t\t<img src="{attr(links.asset(IMG + '/nol/shared/img/v3/start_quote_rb.gif'))}" width="24" height="13" alt="" border="0">
\t\t\t<b>{esc(text)}</b>
\t\t<img src="{attr(links.asset(IMG + '/nol/shared/img/v3/end_quote_rb.gif'))}" align="right" width="23" height="13" alt="" border="0" vspace="0"><br clear="all"/>\t</div>
</div>
\t\t\t                    <div class="mva">
\t<div>{esc(speaker)}</div>
</div>
\t\t\t            </td>
\t\t\t        </tr>
\t\t\t\t</table>
\t\t\t    <!-- E IBOX -->
"""


def story_paragraphs(a: dict, links: Links, crosshead: str = '<p><span class="cross"></span><b>{}</b>',
                     first: str = '<p class="first"><b>{}</b>', with_quote: bool = True) -> str:
    """The story flow: <!-- S SF --> first paragraph in bold, unclosed <p>s, crossheads, pull quote."""
    paragraphs = a["paragraphs"]
    intertitles = a.get("intertitles", {})
    sf_end = min(3, len(paragraphs))
    quote_at = 3 if len(paragraphs) > 4 else None
    out = []
    for i, text in enumerate(paragraphs):
        if i in intertitles:
            out.append(crosshead.format(esc(intertitles[i])))
        if i == 0:
            out.append("<!-- S SF -->" + first.format(esc(text)))
        elif i == sf_end:
            out.append(f"<!-- E SF --><p>{esc(text)}")
        else:
            out.append(f"<p>{esc(text)}")
        if with_quote and i == quote_at:
            out.append(quote_box(a, links).rstrip("\n"))
    if sf_end == len(paragraphs):
        out.append("<!-- E SF -->")
    return "\n".join(out)


def story_extra(story: Story, links: Links) -> str:
    """The right-hand column: related stories with dates, external links, top stories."""
    region = esc(story.region)
    out = ['<td class="storyextra">',
           '<div id="bbccom_mpu" class="bbccom_display_none"></div>',
           '                        <div class="seeAlsoH">\n                                SEE ALSO\n                        </div>']
    for headline, url, when in story.related():
        out.append(f"""\t\t\t\t<div class="arr">
\t\t<a href="{attr(links.page(url))}">
\t\t\t{esc(headline)}
\t\t</a>
\t\t\t<br/>
\t\t\t\t\t\t\t<span class="sad">
\t\t\t\t\t\t\t\t{when}&nbsp;|&nbsp;
\t\t\t\t\t\t\t\t{region}
\t\t\t\t\t\t\t</span>
\t\t\t\t</div>""")
    out.append('                                <div class="nlp">\n                                        RELATED INTERNET LINKS\n                                </div>')
    for label, url in EXTERNAL_LINKS.get(story.region, DEFAULT_EXTERNAL):
        out.append(f'                                        <div class="arr">\n                                                <a href="{attr(links.page(url))}">\n                                                        {esc(label)}\n                                                </a>\n                                        </div>')
    out.append('                                        <div class="di">\n                                                The BBC is not responsible for the content of external internet sites\n                                        </div>')
    out.append(f'                        <div class="topStoryH">\n                            <a class="lp" href="{attr(links.page(story.section_path + "/default.stm"))}">TOP {region.upper()} STORIES</a>\n                        </div>')
    for headline, url in [(story.headline, story.url)] + [(h, u) for h, u, _ in story.related()]:
        out.append(f'                            <div class="arr">\n\t\t<a href="{attr(links.page(url))}">\n\t\t\t{esc(headline)}\n\t\t</a>\n\t\t\t<br/>\n</div>')
    out.append("                    </td>")
    return "\n".join(out)


def bookmarks(story: Story, links: Links) -> str:
    sites = [("delicious", "Delicious", "http://del.icio.us/post?url="), ("digg", "Digg", "http://digg.com/submit?url="),
             ("reddit", "reddit", "http://reddit.com/submit?url="), ("facebook", "Facebook", "http://www.facebook.com/sharer.php?u="),
             ("stumbleupon", "StumbleUpon", "http://www.stumbleupon.com/submit?url=")]
    items = "\n".join(
        f'<li class="{key}"> \n<a id="{key}" title="Post this story to {name}" href="{attr(links.page(base + story.url))}">{name}</a> \n</li>'
        for key, name, base in sites)
    return f"""                        <div id="socialBookMarks" class="sharesb"> 
<h3>Bookmark with:</h3> 
<ul>
{items}
</ul>
<p class="what"><a href="{attr(links.page('/1/hi/help/6915817.stm'))}">What are these?</a></p>
</div>"""


def roman(year: int) -> str:
    """2009 -> 'MMIX' (the BBC footer's copyright year)."""
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while year >= value:
            out, year = out + numeral, year - value
    return out


def footer(story: Story, links: Links) -> str:
    services = [("E-mail news", "/1/hi/help/3676394.stm"), ("Mobiles", "/1/hi/help/6358397.stm"),
                ("Alerts", "/1/hi/help/4735697.stm"), ("News feeds", "/1/hi/help/3223484.stm"),
                ("Podcasts", "/1/hi/help/4977678.stm")]
    site = [("News Sources", "/1/hi/help/3281815.stm"), ("About BBC News", "/1/hi/help/default.stm"),
            ("About the BBC", "http://www.bbc.co.uk/info/"), ("BBC Help", "http://www.bbc.co.uk/help/"),
            ("Contact Us", "/1/hi/help/4218282.stm"), ("Accessibility Help", "http://www.bbc.co.uk/accessibility/"),
            ("Terms of Use", "http://www.bbc.co.uk/terms/"), ("Jobs", "http://www.bbc.co.uk/jobs/"),
            ("Privacy &amp; Cookies", "http://www.bbc.co.uk/privacy/")]
    s_items = "\n".join(f'\t\t<li><a href="{attr(links.page(u))}">{label}</a></li>' for label, u in services)
    f_items = "\n".join(f'\t\t<li><a href="{attr(links.page(u))}">{label}</a></li>' for label, u in site)
    return f"""<div class="blq-toplink"><a href="#top"><span>Skip to top</span></a></div>
<div class="servicev4 ifs_services">
\t<h4><a href="{attr(links.page('/1/hi/help/products_and_services/default.stm'))}" class="lp">PRODUCTS &amp; SERVICES</a></h4>
\t<ul>
{s_items}
\t</ul>
\t<div class="clear"></div>
</div>
<div id="blq-footer" lang="en-gb" class="blq-rst">
\t<h2 class="blq-hide">Site Links</h2>
\t<ul>
{f_items}
\t</ul>
\t<p id="blq-disclaim">&copy; {roman(story.shown.year)}</p>
</div>"""


def head_common(story: Story, links: Links, *, metas: bool, canonical: bool) -> str:
    a = story.a
    lines = [f"<title>BBC NEWS | {esc(story.region)} | {esc(story.headline)}</title>",
             '<meta name="contentFlavor" content="STORY"/>',
             '<meta name="keywords" content="BBC, News, BBC News, news online, world, uk, international, foreign, british, online, service"/>']
    if metas:
        lines.append(f'<meta name="OriginalPublicationDate" content="{story.meta_date}"/>')
    lines += [f'    <meta name="UKFS_URL" content="{story.ukfs}"/>',
              f'    <meta name="IFS_URL" content="{story.ifs}"/>',
              '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
              f'<link href="{attr(links.page("http://newsrss.bbc.co.uk/rss/newsonline_uk_edition/" + story.section_path.split("/", 3)[3] + "/rss.xml"))}" rel="alternate" type="application/rss+xml" title="BBC NEWS | {attr(story.region)}"/>',
              f'<link href="{attr(links.page(story.low_url))}" rel="alternate" type="text/html" title="Low Graphics"/>']
    if canonical:
        lines.append(f'<link rel="canonical" href="{attr(story.url)}">')
    if metas:
        lines += [f'<meta name="Headline" content="{attr(story.headline)}"/>',
                  f'<meta name="Section" content="{attr(story.region)}"/>']
    lines += [f'<meta name="Description" content="{attr(a["paragraphs"][0])}"/>',
              f'<meta name="THUMBNAIL_URL" content="{attr(story.image)}"/>']
    return "\n".join(lines)


def wayback_head(story: Story) -> str:
    return f"""<script src="//archive.org/includes/analytics.js?v=cf34f82" type="text/javascript"></script>
<script type="text/javascript">window.addEventListener('DOMContentLoaded',function(){{var v=archive_analytics.values;v.service='wb';v.server_name='wwwb-app27.us.archive.org';v.server_ms=214;archive_analytics.send_pageview({{}});}});</script>
<script type="text/javascript" src="/_static/js/bundle-playback.js?v=t1Bf4PY4" charset="utf-8"></script>
<script type="text/javascript" src="/_static/js/wombat.js?v=txqj7nKC" charset="utf-8"></script>
<script type="text/javascript">
  __wm.init("https://web.archive.org/web");
  __wm.wombat("{story.url}","{story.a['wayback']}","https://web.archive.org/","web","/_static/");
</script>
<link rel="stylesheet" type="text/css" href="/_static/css/banner-styles.css?v=S1zqJCYt" />
<link rel="stylesheet" type="text/css" href="/_static/css/iconochive.css?v=qtvMKcIJ" />
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<!-- End Wayback Rewrite JS Include -->
"""


def wayback_toolbar(story: Story) -> str:
    ts = story.a["wayback"]
    when = f"{ts[8:10]}:{ts[10:12]}:{ts[12:14]} {long_date(utc(f'{ts[:4]}-{ts[4:6]}-{ts[6:8]}T00:00:00+00:00'))}"
    return f"""<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<script type="text/javascript">__wm.rw(0);</script>
<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;">
<div id="wm-ipp" style="position:fixed;left:0;top:0;right:0;">
<div id="wm-ipp-inside">
  <div id="wm-logo"><a href="/web/" title="Wayback Machine home page">Wayback Machine</a></div>
  <form target="_top" method="get" action="/web/submit" name="wmtb" id="wmtb"><input type="text" name="url" id="wmtbURL" value="{story.url}" style="width:400px;" /><input type="submit" value="Go" /></form>
  <div id="wm-nav-captures"><a class="t" href="/web/{ts}*/{story.url}" title="Every capture of this address">14 captures</a>
  <div class="r" title="First and last capture">{when} - 02 Feb 2016</div></div>
  <div id="wm-capinfo"><a class="wm-selector selected" href="javascript:void(0)">COLLECTED BY</a>
  <div>Collection: <span class="wm-title">Sample crawl of UK news sites</span></div>
  <div>Pages in this collection were captured by an automated crawler following links from news front pages.</div></div>
  <a id="wm-expand" class="wm-btn" href="#expand"><span style="font-size:80%">About this capture</span></a>
  <a href="#close" title="Close the toolbar">Close</a>
</div>
</div>
</div>
<!-- END WAYBACK TOOLBAR INSERT -->"""


def wayback_trailer(story: Story) -> str:
    ts = story.a["wayback"]
    return f"""
<!--
     FILE ARCHIVED ON {ts[8:10]}:{ts[10:12]}:{ts[12:14]} {ts[:4]}-{ts[4:6]}-{ts[6:8]} AND RETRIEVED FROM THE
     INTERNET ARCHIVE ON 11:04:52 2017-03-02.
     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.
-->"""


def encode_bbc(page: str, a: dict) -> bytes:
    """Wayback captures are served as UTF-8; cp1252 pages carry curly quotes and dashes in
    windows-1252 bytes while declaring iso-8859-1; the rest is iso-8859-1 with character
    references for anything outside it."""
    if a.get("wayback"):
        return page.encode("utf-8")
    if a.get("cp1252"):
        return page.encode("cp1252")
    return page.encode("latin-1", "xmlcharrefreplace")


def render_bbc(a: dict, known_urls: dict[str, str] | None = None) -> bytes:
    """A BBC story page of 2008-2010 (optionally as a Wayback capture); bytes as stored."""
    if a.get("style2005"):
        from templates_bbc_alt import render_bbc_2005
        return render_bbc_2005(a, known_urls)
    story = Story(a, known_urls)
    links = Links(a.get("wayback"))
    css = links.asset(NEWS + "/css/screen/nol/v4/story.css?v77", "cs_")
    js = links.asset(NEWS + "/js/newsi/latest/newsi.js?9", "js_")
    head = head_common(story, links, metas=not a.get("no_meta"), canonical=bool(a.get("canonical")))
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="en-GB" xmlns="http://www.w3.org/1999/xhtml" lang="en-GB">
<head>{wayback_head(story) if a.get("wayback") else ""}
{head}
<!-- GEN HEAD V4  -->
<!-- Lang: en-gb Site: news -->
<link type="text/css" rel="stylesheet" href="{attr(css)}"/>
<script type="text/javascript">
<!--
var _SERVERLOC="THDO";
var _userLocation = 'UK';
-->
</script>
<script src="{attr(js)}" type="text/javascript"></script>
</head>
<body topmargin="0" leftmargin="0" marginwidth="0" marginheight="0" id="body">{wayback_toolbar(story) if a.get("wayback") else ""}
<div class="centerbody">
{masthead(story, links)}
<div class="mainwrapper">
<table cellpadding="0" cellspacing="0" class="main">
    <tr>
        <td class="sidebar1">
{menu(story, links)}
        </td>
        <td class="contentwrapper">
            <table class="datetools" cellpadding="0" cellspacing="0">
                <tr>
                    <td>
<a name="startcontent"></a><div class="ds"><span class="lu">Page last updated at </span>{story.ds_2009}</div>
{page_tools(story, links)}
                    </td>
                </tr>
            </table>
            <table class="storycontent" cellpadding="0" cellspacing="0">
\t\t<tr>
\t\t<td colspan="2">
\t\t\t<div class="mxb">
\t\t\t\t<h1>
\t\t\t\t\t{esc(story.headline)}
\t\t\t\t</h1>
\t\t\t</div>
\t\t</td>
\t\t</tr>
                <tr>
                    <td class="storybody">
                        <!-- S BO -->
{byline_block(a, links)}{image_block(story, links)}{story_paragraphs(a, links)}
<!-- E BO -->
<br/><br clear="all"/>
{bookmarks(story, links)}
{page_tools(story, links)}
<div id="bbccom_storyprintsponsorship" class="bbccom_display_none">
\t<p>Print Sponsor</p>
</div>
                    </td>
{story_extra(story, links)}
                </tr>
            </table>
        </td>
    </tr>
</table>
</div>
{footer(story, links)}
{region_nav(story, links)}
</div>
</body>
</html>{wayback_trailer(story) if a.get("wayback") else ""}
"""
    return encode_bbc(page, a)
