"""Provides the namespaces the strict feed parser reads, and those it leaves to feedparser.

Kept apart from the parser so the list of what feedparser would read differently (and so
makes the strict path bail) can be read and extended on its own.
"""

from __future__ import annotations

ATOM10 = "http://www.w3.org/2005/Atom"
ATOM03 = "http://purl.org/atom/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS10 = "http://purl.org/rss/1.0/"
RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
MEDIA = ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss")
XHTML = "http://www.w3.org/1999/xhtml"

# namespaces whose elements feedparser may map onto a field we read (lower-cased), and the
# prefixes it knows: an element in one of these that this module does not map means we bail
FP_NAMESPACES = frozenset(
    {
        "http://backend.userland.com/rss",
        "http://blogs.law.harvard.edu/tech/rss",
        RSS10,
        RSS090,
        ATOM03,
        ATOM10.lower(),
        "http://purl.org/rss/1.0/modules/rss091#",
        "http://purl.org/echo/",
        "http://purl.org/pie/",
        "http://example.com/newformat#",
        "http://example.com/necho",
        "uri/of/echo/namespace#",
        "http://webns.net/mvcb/",
        CONTENT,
        DC,
        "http://purl.org/dc/terms/",
        "http://www.itunes.com/dtds/podcast-1.0.dtd",
        "http://example.com/dtds/podcast-1.0.dtd",
        *MEDIA,
        "http://podlove.org/simple-chapters",
        "http://creativecommons.org/ns#license",
        "http://web.resource.org/cc/",
        "http://backend.userland.com/creativecommonsrssmodule",
        "http://cyber.law.harvard.edu/rss/creativecommonsrssmodule.html",
        XHTML,
        "http://www.georss.org/georss",
        "http://www.opengis.net/gml",
    }
)
FP_PREFIXES = frozenset(
    "admin ag annotate audio blogchannel cc co content cp creativecommons dc dcterms email ev "
    "feedburner fm foaf geo georss gml icbm image itunes l media pingback prism psc rdf rdfs ref "
    "reqv search slash soap ss str sub sy szf taxo thr ti trackback wfw wiki xhtml xlink "
    "xml".split()
)


def tag_set(namespace: str, names: str) -> set[str]:
    return {f"{{{namespace}}}{name}" for name in names.split()}


# extension elements feedparser knows that never touch the fields we read
SAFE_EXT = frozenset(
    tag_set("http://wellformedweb.org/CommentAPI/", "commentRss comment")
    | tag_set("http://purl.org/rss/1.0/modules/slash/", "comments")
    | tag_set(DC, "subject language rights publisher format identifier source")
    | tag_set(
        "http://purl.org/rss/1.0/modules/syndication/", "updatePeriod updateFrequency updateBase"
    )
    | tag_set("http://purl.org/rss/1.0/modules/threading/", "total")
    | tag_set("http://rssnamespace.org/feedburner/ext/1.0", "origLink info")
    | tag_set(
        ITUNES,
        "subtitle duration explicit episode season episodeType image block keywords title "
        "category order isClosedCaptioned",
    )
    | {
        tag
        for ns in MEDIA
        for tag in tag_set(
            ns,
            "content thumbnail player rating keywords "
            "category restriction license credit copyright hash embed status price group",
        )
    }
)
