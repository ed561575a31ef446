"""The page title, and the site's name in it: "Floods hit the valley | The Courier" -> "Floods hit
the valley".

A title is cut at its separators (``|``, `` - ``, `` : ``, ``»``...); the parts that name the
site are left out.  What names the site comes from og:site_name and application-name, and from
the host the page's URL or most of its links point to ("Cape Argus" on capeargus.co.za).
"""

from __future__ import annotations

import re

from indexer.extract.metadata import PageMetadata
from indexer.extract.survey import Survey
from indexer.extract.text import LINK_HOST, norm
from indexer.extract.tunables import (
    HOST_NAME_SHARE,
    HOST_WORD_CHARS,
    MAX_HEADLINE_CHARS,
    SITE_HOST_MIN_LINKS,
    SITE_NAME_MIN_CHARS,
)
from indexer.extract.vocabulary import HOST_NOISE

_TITLE_SEPARATORS = re.compile(
    r"\s+(?:\||-{1,2}|–|—|::|»|«|·|•|:)\s+"  # spaced: "Headline | Site", "Site : Section : Headline"
    r"|(?<=[a-z\d])-\s+(?=[A-Z])"  # "Headline- Section-Site"
    r"|\s+-(?=[A-Z])"  # "Motto. -Headline"
)
_TITLE_TAIL = re.compile(r"^(.{12,}?)\s*\(([^()]{2,60})\)\s*$")  # "Headline (from The Paper)"
_DOMAIN_PREFIX = re.compile(
    r"^\s*[\w.-]+\.(?:com|net|org|co\.uk|co|info|biz|tv|us|ca|au|in|de|fr)\s*[:|-]\s+", re.IGNORECASE
)
_DOMAIN_LIKE = re.compile(r"\b[\w-]+\.(?:com|net|org|co\.uk|info|biz|tv)\b", re.IGNORECASE)


def site_keys(meta: PageMetadata, found: Survey | None = None) -> tuple[set[str], set[str]]:
    """What names the site: (normalised stated names, host words).

    The stated names are og:site_name and application-name; the host words come from the page's
    own URL, or else from the host most of its absolute links point to (a page links home).
    """
    names = {
        norm(value)
        for value in (meta.first("og:site_name"), meta.first("application-name"), meta.first("cps_site_name"))
        if value
    }
    hosts = []
    url = meta.url() or meta.base_url
    match = LINK_HOST.search(url or "")
    if match:
        hosts.append(match.group(1).lower())
    if found is not None and found.link_hosts:
        top = max(found.link_hosts.items(), key=lambda item: item[1])
        if top[1] >= SITE_HOST_MIN_LINKS:
            hosts.append(top[0])
    host_words = {
        word
        for host in hosts
        for word in re.split(r"[.-]", host)
        if len(word) >= HOST_WORD_CHARS and word not in HOST_NOISE
    }
    return {name for name in names if name}, host_words


def site_like(part: str, sites: tuple[set[str], set[str]]) -> bool:
    """Whether a title part names the site: its stated name, or mostly its host's words
    ("Cape Argus" on capeargus.co.za, "TimesLeader.com")."""
    normal = norm(part)
    if not normal:
        return True
    names, hosts = sites
    if normal in names:
        return True
    if _DOMAIN_LIKE.search(part) and len(part.split()) <= 3:
        return True
    compact = normal.replace(" ", "")
    for host in hosts:
        if host in compact and len(host) >= HOST_NAME_SHARE * len(compact):
            return True
        if len(compact) >= SITE_NAME_MIN_CHARS and compact in host:
            return True
    return False


def split_title(title: str, sites: tuple[set[str], set[str]] | None = None) -> list[str]:
    """A page title cut at its separators (``|``, `` - ``, `` : ``, ``»``...) and before a closing
    parenthesis ("Headline (from The Paper)"); at `` / `` only where one side names the site
    ("The Paper / Elections / Headline", not "Part 3 / October pack")."""
    title = _DOMAIN_PREFIX.sub("", title.strip())
    parts = []
    for part in _TITLE_SEPARATORS.split(title):
        part = part.strip()
        pieces = [piece.strip() for piece in _SLASH.split(part)]
        if len(pieces) > 1 and sites is not None and any(site_like(piece, sites) for piece in pieces):
            parts += [piece for piece in pieces if piece]
            continue
        tail = _TITLE_TAIL.match(part)
        if tail and len(tail.group(1).split()) >= 3:
            parts += [tail.group(1).strip(), tail.group(2).strip()]
        elif part:
            parts.append(part)
    return parts


_SLASH = re.compile(r"\s+/\s+")


def title_parts(title: str, meta: PageMetadata, sites: tuple[set[str], set[str]] | None = None) -> list[str]:
    """The parts of a page title that are not the site's name, longest first."""
    if sites is None:
        sites = site_keys(meta)
    parts = split_title(title, sites)
    if len(parts) <= 1:
        return parts
    kept = [part for part in parts if not site_like(part, sites) and any(ch.isalpha() for ch in part)]
    if not kept:
        kept = parts
    return sorted(kept, key=len, reverse=True)


def strip_site_name(title: str, meta: PageMetadata, sites: tuple[set[str], set[str]] | None = None) -> str:
    """``Headline | Site`` -> ``Headline``: the longest part of the title that is not the site."""
    parts = title_parts(title, meta, sites)
    return parts[0] if parts else title.strip()


def usable_title(title: str) -> str:
    """A title, unless it is too long or swallowed markup (an unclosed ``<title>``)."""
    if not title or len(title) > MAX_HEADLINE_CHARS or "</" in title or "/>" in title:
        return ""
    return title
