"""Second versions of two stories already in the corpus.

``bbc_low``: the BBC "low graphics" version of a BBC-like story: same headline, date, region
and body as the original, a different (text-only) chrome and URL, written to
corpus/bbc/low_graphics/<story id>.stm.

``syndicated``: a copy of a plain local-paper story on the modern site: same body, reworded
headline, its own date and URL, written like any other Daily Herald page.
"""

DUPLICATES = [
    dict(
        kind="bbc_low",
        of="kettlebury-tram-extension",
        url="http://news.bbc.co.uk/2/low/uk_news/england/west_midlands/7934511.stm",
    ),
    dict(
        kind="syndicated",
        of="tesk-valley-buses-fares",
        slug="tesk-valley-bus-fares-rise-10p",
        headline="Tesk Valley bus passengers face 10p fare rise from February",
        published="2012-01-11T10:30:00+00:00",
        modified="2012-01-11T10:30:00+00:00",
        region="West Midlands",
        byline="Karen Whitlow",
        byline_role="Tesk Valley Advertiser",
        caption="A Tesk Valley Buses double-decker in Wyrebridge bus station",
        credit="Photograph: Tesk Valley Advertiser",
        read_more=("Bus routes axed in Bramwell cuts", "west-midlands/bramwell-bus-routes-axed"),
    ),
]
