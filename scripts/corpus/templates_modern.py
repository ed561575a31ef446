"""A modern news site article page: the fictional "The Daily Herald" (https://www.dailyherald.example/).

JSON-LD NewsArticle, Open Graph and article:* metas, canonical link, a header with navigation,
an <article> with <h1>, <time datetime>, <p>s, <h2> intertitles, a <figure> with caption and
credit, an inline "Read more:" box, share buttons, a newsletter promo, a cookie banner and a
footer.  UTF-8.
"""

from __future__ import annotations

import json

from tplutil import MONTHS, attr, esc, parse_iso, slug, weekday

SITE = "https://www.dailyherald.example"
SITE_NAME = "The Daily Herald"
NAV = [("Home", "/"), ("UK", "/uk"), ("World", "/world"), ("Business", "/business"),
       ("Technology", "/technology"), ("Science & Environment", "/science-environment"),
       ("Health", "/health"), ("Education", "/education"), ("Sport", "/sport"), ("Opinion", "/opinion")]


def section_slug(region: str) -> str:
    return slug(region)


def article_url(a: dict) -> str:
    return f"{SITE}/{section_slug(a['region'])}/{a['slug']}"


def _display_time(value: str) -> str:
    """'Tuesday 2 April 2019 09.15 BST'."""
    moment = parse_iso(value)
    zone = "BST" if moment.utcoffset().total_seconds() == 3600 else "GMT"
    return f"{weekday(moment)} {moment.day} {MONTHS[moment.month - 1]} {moment.year} {moment:%H.%M} {zone}"


def _json_ld(a: dict, url: str, image: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": a["headline"],
        "image": [image],
        "datePublished": a["published"],
        "dateModified": a.get("modified") or a["published"],
        "articleSection": a["region"],
        "author": ({"@type": "Person", "name": a["byline"]} if a.get("byline")
                   else {"@type": "Organization", "name": SITE_NAME}),
        "publisher": {"@type": "Organization", "name": SITE_NAME,
                      "logo": {"@type": "ImageObject", "url": f"{SITE}/assets/img/logo-600x60.png"}},
        "url": url,
    }
    return json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")


def _share(url: str, headline: str, where: str) -> str:
    return f"""<div class="share-buttons share-buttons--{where}" aria-label="Share this article">
  <a class="share share--facebook" href="https://www.facebook.com/sharer/sharer.php?u={attr(url)}">Share on Facebook</a>
  <a class="share share--twitter" href="https://twitter.com/intent/tweet?url={attr(url)}&amp;text={attr(headline)}">Share on Twitter</a>
  <a class="share share--email" href="mailto:?subject={attr(headline)}&amp;body={attr(url)}">Email</a>
  <button class="share share--copy" type="button" data-url="{attr(url)}">Copy link</button>
</div>"""


def render_modern(a: dict, most_read: list[tuple[str, str]] | None = None) -> bytes:
    """The page for article ``a``; ``most_read`` is a list of (headline, url) for the sidebar."""
    url = article_url(a)
    section = section_slug(a["region"])
    published = parse_iso(a["published"])
    image = f"https://cdn.dailyherald.example/images/{published:%Y/%m}/{a['slug']}-1200.jpg"
    modified = a.get("modified") or a["published"]
    byline = ""
    if a.get("byline"):
        role = f'<span class="byline__role">{esc(a["byline_role"])}</span>' if a.get("byline_role") else ""
        byline = (f'<p class="byline">By <a rel="author" href="{SITE}/profile/{slug(a["byline"])}">'
                  f'{esc(a["byline"])}</a> {role}</p>')
    updated = ""
    if modified != a["published"]:
        updated = f' <span class="article__updated">Updated <time datetime="{modified}">{_display_time(modified)}</time></span>'
    read_title, read_path = a["read_more"]
    read_more = (f'<aside class="read-more"><strong>Read more:</strong> '
                 f'<a href="{SITE}/{attr(read_path)}">{esc(read_title)}</a></aside>')
    body = []
    for i, text in enumerate(a["paragraphs"]):
        if i in a.get("intertitles", {}):
            body.append(f"<h2>{esc(a['intertitles'][i])}</h2>")
        body.append(f"<p>{esc(text)}</p>")
        if i == 1:
            body.append(read_more)
    active = ' class="active"'
    nav = "\n".join(f'      <li{active if path == "/" + section else ""}><a href="{SITE}{path}">{esc(label)}</a></li>'
                    for label, path in NAV)
    popular = "\n".join(f'      <li><a href="{attr(u)}">{esc(h)}</a></li>' for h, u in (most_read or []))
    year = published.year
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(a['headline'])} | {esc(a['region'])} | {SITE_NAME}</title>
<meta name="description" content="{attr(a['paragraphs'][0])}">
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:type" content="article">
<meta property="og:title" content="{attr(a['headline'])}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">
<meta property="og:description" content="{attr(a['paragraphs'][0])}">
<meta property="article:published_time" content="{a['published']}">
<meta property="article:modified_time" content="{modified}">
<meta property="article:section" content="{attr(a['region'])}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@dailyheraldnews">
<link rel="stylesheet" href="/assets/css/main.8d41c2.css">
<script type="application/ld+json">
{_json_ld(a, url, image)}
</script>
</head>
<body class="page page--article section-{section}">
<div class="cookie-banner" id="cookie-banner" role="dialog" aria-label="Cookies on {SITE_NAME}">
  <p>We use cookies to make our site work, to measure how it is used and to show you relevant advertising. You can change your choices at any time.</p>
  <button type="button" class="cookie-banner__accept">Accept all cookies</button>
  <a class="cookie-banner__settings" href="{SITE}/cookies">Manage settings</a>
</div>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <a class="site-header__logo" href="{SITE}/">{SITE_NAME}</a>
  <a class="site-header__subscribe" href="{SITE}/subscribe">Subscribe</a>
  <a class="site-header__signin" href="{SITE}/account/signin">Sign in</a>
  <nav class="site-nav" aria-label="Sections">
    <ul>
{nav}
    </ul>
  </nav>
</header>
<main id="main" class="layout">
<article class="article" itemscope itemtype="https://schema.org/NewsArticle">
  <header class="article__header">
    <a class="article__section" href="{SITE}/{section}">{esc(a['region'])}</a>
    <h1 class="article__headline" itemprop="headline">{esc(a['headline'])}</h1>
    {byline}
    <p class="article__dateline"><time datetime="{a['published']}" itemprop="datePublished">{_display_time(a['published'])}</time>{updated}</p>
{_share(url, a['headline'], 'top')}
  </header>
  <figure class="article__figure">
    <img src="{image}" alt="{attr(a['caption'])}" width="1200" height="675" loading="eager">
    <figcaption>{esc(a['caption'])} <span class="credit">{esc(a['credit'])}</span></figcaption>
  </figure>
  <div class="article__body" itemprop="articleBody">
{chr(10).join(body)}
  </div>
{_share(url, a['headline'], 'bottom')}
  <aside class="newsletter-promo">
    <h3>The Morning Herald</h3>
    <p>Sign up for our free newsletter and get the day's top stories in your inbox at 7am.</p>
    <form action="{SITE}/newsletters/subscribe" method="post"><input type="email" name="email" placeholder="Your email address" required> <button type="submit">Sign up</button></form>
  </aside>
</article>
<aside class="sidebar most-read">
  <h2>Most read</h2>
  <ol>
{popular}
  </ol>
</aside>
</main>
<footer class="site-footer">
  <ul class="site-footer__links">
    <li><a href="{SITE}/about">About us</a></li>
    <li><a href="{SITE}/contact">Contact us</a></li>
    <li><a href="{SITE}/complaints">Complaints &amp; corrections</a></li>
    <li><a href="{SITE}/terms">Terms and conditions</a></li>
    <li><a href="{SITE}/privacy">Privacy policy</a></li>
    <li><a href="{SITE}/cookies">Cookie settings</a></li>
  </ul>
  <p class="site-footer__copyright">&copy; {year} Daily Herald Media Ltd. All rights reserved.</p>
</footer>
<script src="/assets/js/app.31f0a9.js" defer></script>
</body>
</html>
"""
    return page.encode("utf-8")
