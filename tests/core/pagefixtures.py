"""Provides the article pages the extraction tests use: news-like pages with boilerplate.

Pages are built here rather than stored so each test can vary one thing (its encoding, a
hostile fragment) and still get a realistic page around it: navigation, a cookie banner,
related links and a footer that must not end up in the article.
"""

from __future__ import annotations

ENGLISH = [
    "The harbour authority confirmed on Tuesday that the north breakwater will be rebuilt "
    "over the next three summers, ending a decade of temporary repairs that cost the town "
    "more than the original structure.",
    "Engineers surveyed the wall after the February storms and found that the core had "
    "shifted by almost a metre in places. The new design uses interlocking concrete units "
    "that can be lifted out and replaced one by one when the sea damages them.",
    "Fishing crews, who depend on the sheltered berths behind the wall, welcomed the "
    "decision but asked for the work to pause during the autumn herring season, when "
    "the harbour is at its busiest and every berth is taken.",
    "The council expects the first phase to begin in May, with the lighthouse end of the "
    "breakwater closed to walkers until the following spring while the cranes are working.",
]
RUSSIAN = [
    "Городской совет в среду утвердил план реконструкции набережной, который обсуждали "
    "почти два года. Работы начнутся весной и продлятся до конца следующего лета.",
    "Жители прибрежных улиц получат временные пропуска для проезда к домам, а рынок "
    "переедет в здание бывшего рыбного склада на время строительства.",
    "Архитекторы обещают сохранить старые фонари и каменные ступени, ведущие к воде, "
    "которые горожане считают главным украшением набережной.",
]
JAPANESE = [
    "市議会は水曜日、港の防波堤を三年かけて再建する計画を承認した。工事は来年五月に始まる予定だ。",
    "漁業関係者は決定を歓迎したが、秋の漁期には工事を中断するよう求めている。",
    "灯台側の遊歩道は工事期間中、歩行者の立ち入りが禁止される。新しい防波堤は波に強い構造になる。",
]
FRENCH = [
    "Le café du port rouvre ses portes après trois mois de travaux : la façade a été "
    "refaite, la terrasse agrandie et l'équipe a gardé la même carte d'été.",
    "« Nous voulions que les habitués retrouvent leurs repères », explique la gérante, "
    "qui a choisi des matériaux récupérés sur les anciens chalutiers du quai.",
    "Les horaires d'hiver s'appliquent dès lundi ; le marché du samedi reprendra, lui, "
    "à la mi-décembre sous la halle rénovée.",
]
NAV_TEXT = "Home News Sport Weather Business Opinion Subscribe"
FOOTER_TEXT = "Copyright Harbour Gazette Group. Terms of use. Privacy policy. Contact us."
RELATED_TEXT = "Related: Lighthouse keeper retires after forty years"


def article_page(
    paragraphs: list[str],
    *,
    title: str = "Breakwater to be rebuilt over three summers",
    charset_meta: str | None = "utf-8",
    author: str = "Priya Nandakumar",
    published: str = "2026-11-24T08:05:00+01:00",
    extra_article: str = "",
    extra_head: str = "",
    lang: str = "en",
) -> str:
    """A news page: head metadata, nav, the article, related links, footer."""
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head>{meta}
<title>{title} | Harbour Gazette</title>
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}">
{extra_head}
</head>
<body>
<header><nav><ul>{"".join(f'<li><a href="/{w.lower()}/">{w}</a></li>' for w in NAV_TEXT.split())}
</ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all</div>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{body}
{extra_article}
</article>
<aside class="related"><h3>Related</h3><ul>
<li><a href="/2026/11/lighthouse-keeper/">{RELATED_TEXT}</a></li>
<li><a href="/2026/11/ferry-times/">Winter ferry timetable published</a></li>
</ul></aside>
</main>
<footer><p>{FOOTER_TEXT}</p></footer>
</body></html>
"""


HOSTILE_ARTICLE = """
<p>Hostile paragraph with <a href="javascript:alert(1)">a script link</a>,
<a href="JaVaScRiPt:alert(2)">mixed case</a>, <a href="&#106;avascript:alert(3)">entity</a>,
<a href="jav&#x09;ascript:alert(4)">tab entity</a>, <a href="&#x6A;&#x61;vascript&#58;x">hex</a>,
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>,
<a href="file:///etc/passwd">file link</a>, <a href="vbscript:msgbox(1)">vb</a> and
<a href="https://example.org/safe" onclick="steal()">a safe link</a>.</p>
<script>document.write('INJECTED SCRIPT TEXT')</script>
<iframe src="https://evil.example/frame">IFRAME TEXT</iframe>
<p onmouseover="steal()" style="color:red">Escape \x1b]0;pwned\x07 sequence and \x1b[31mred\x1b[0m
and a bidi \u202eoverride\u202c inside a paragraph of the hostile page.</p>
<img src="javascript:alert(5)" onerror="steal()" alt="bad image">
<img src="https://example.org/pic.jpg" alt="a harbour at dusk">
<object data="https://evil.example/x.swf">OBJECT TEXT</object>
<form action="https://evil.example/"><input value="INPUT TEXT"></form>
"""


def cookie_wall_page() -> str:
    return """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Before you continue</title>
</head><body><div class="consent"><p>We value your privacy.</p>
<button>Accept all</button><button>Reject all</button></div></body></html>"""
