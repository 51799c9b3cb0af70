"""Provides the extraction quality benchmark: token precision/recall/F1, ours vs trafilatura alone.

    python bench/extract_eval.py                      # the pages in bench/data/extract/
    python bench/extract_eval.py --pages DIR [--pages DIR2] [--worst 5]

A page set is a folder holding either `NAME.html` + `NAME.txt` (the article's text) or
`NAME/source.html` + `NAME/expected.html` (the layout of Mozilla readability's test pages,
whose expected.html is the article; its text is the ground truth), or `NAME.html` +
`NAME.json` (`{"url", "with": [...], "without": [...]}`: passages the article must and must
not contain, the layout of trafilatura's own evaluation; scored by passage instead).

Building the public set (kept OUTSIDE the repository, never committed): fetch the
`mozilla/readability` repository snapshot, then copy each `test/test-pages/*/source.html`
and `expected.html` into /work/cache/extract-eval/mozilla/<name>/, e.g.

    G="git --git-dir=/work/.mirror/mozilla+readability/repo"
    for d in $($G ls-tree --name-only HEAD:test/test-pages); do mkdir -p $OUT/$d
      $G show HEAD:test/test-pages/$d/source.html > $OUT/$d/source.html
      $G show HEAD:test/test-pages/$d/expected.html > $OUT/$d/expected.html; done

trafilatura's evaluation pages (also kept outside): fetch `adbar/trafilatura`, then write
each `tests/evaldata.json` entry's `tests/eval/<file>` as NAME.html with its url, "with" and
"without" as NAME.json in /work/cache/extract-eval/trafilatura/, SKIPPING every file named
by a 32-hex-digit id: those are ScrapingHub benchmark pages, held out (815 pages remain).

(The ScrapingHub article-extraction-benchmark is held out for a later, independent check:
do not use it here.) Tokens are lower-cased \\w+ runs (CJK: single characters), compared
as multisets; scores are
averaged over pages (macro). "trafilatura" is `trafilatura.extract` with tables on and
comments off, the same options ours uses, on the raw page bytes.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PAGES = ROOT / "bench" / "data" / "extract"
# words; Chinese/Japanese/Korean characters count one by one (those scripts use no spaces)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


@dataclass
class Page:
    name: str
    html: bytes
    truth: str
    url: str = ""
    with_: tuple[str, ...] = ()  # passages (pages scored by passage, not by token)
    without: tuple[str, ...] = ()

    @property
    def address(self) -> str:
        return self.url or f"https://bench.example/{self.name}/"


@dataclass
class Score:
    precision: float
    recall: float
    f1: float


def load_pages(folder: Path) -> list[Page]:
    pages: list[Page] = []
    for html in sorted(folder.glob("*.html")):
        truth = html.with_suffix(".txt")
        if truth.exists():
            pages.append(Page(html.stem, html.read_bytes(), truth.read_text(encoding="utf-8")))
    for html in sorted(folder.glob("*.html")):
        passages = html.with_suffix(".json")
        if passages.exists():
            item = json.loads(passages.read_text(encoding="utf-8"))
            pages.append(
                Page(
                    html.stem,
                    html.read_bytes(),
                    "",
                    item.get("url", ""),
                    tuple(item.get("with", ())),
                    tuple(item.get("without", ())),
                )
            )
    for source in sorted(folder.glob("*/source.html")):
        expected = source.with_name("expected.html")
        if expected.exists():
            pages.append(Page(source.parent.name, source.read_bytes(), html_text(expected)))
    return pages


def html_text(path: Path) -> str:
    import lxml.html

    root = lxml.html.fromstring(path.read_text(encoding="utf-8", errors="replace"))
    return " ".join(root.itertext())


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def score(predicted: str, truth: str) -> Score:
    got, want = tokens(predicted), tokens(truth)
    overlap = sum((got & want).values())
    if not got or not want:
        same = float(not got and not want)
        return Score(same, same, same)
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return Score(precision, recall, f1)


def norm(text: str) -> str:
    return " ".join(text.split())


def passages(predicted: str, page: Page) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of the page's passages, whitespace-normalised substrings, as
    trafilatura's own evaluation counts them."""
    text = norm(predicted)
    tp = sum(1 for passage in page.with_ if norm(passage) in text)
    fp = sum(1 for passage in page.without if norm(passage) in text)
    return tp, fp, len(page.with_) - tp, len(page.without) - fp


def ours(page: Page) -> tuple[str, str]:
    from newsdesk.core.errors import ExtractError
    from newsdesk.core.extract import extract_article

    try:
        article = extract_article(page.html, page.address)
    except ExtractError as error:
        return "", f"error: {error.message}"
    return article.text, article.extractor


def trafilatura_alone(page: Page) -> str:
    import trafilatura

    text = trafilatura.extract(
        page.html,
        url=page.address,
        include_comments=False,
        include_tables=True,
    )
    return text or ""


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def evaluate(folder: Path, worst: int) -> None:
    pages = load_pages(folder)
    if not pages:
        print(f"{folder}: no pages (NAME.html + NAME.txt, or NAME/source.html + expected.html)")
        return
    used: Counter[str] = Counter()
    texts = []
    for page in pages:
        text, extractor = ours(page)
        used[extractor.split(":")[0]] += 1
        texts.append((page, text, trafilatura_alone(page)))
    print(f"\n{folder}  ({len(pages)} pages; ours used {dict(used)})")
    if pages[0].with_ or pages[0].without:
        report_passages(texts, worst)
    else:
        report_tokens(texts, worst)


def report_tokens(texts: list[tuple[Page, str, str]], worst: int) -> None:
    rows = [(page.name, score(a, page.truth), score(b, page.truth)) for page, a, b in texts]
    print(f"{'':14}{'precision':>10}{'recall':>9}{'F1':>8}")
    for label, index in (("ours", 1), ("trafilatura", 2)):
        scores = [row[index] for row in rows]
        print(
            f"{label:14}{mean([s.precision for s in scores]):>10.3f}"
            f"{mean([s.recall for s in scores]):>9.3f}{mean([s.f1 for s in scores]):>8.3f}"
        )
    worse = [(name, a.f1, b.f1) for name, a, b in rows if a.f1 < b.f1 - 1e-9]
    clear = sum(1 for _, a, b in worse if a < b - 0.01)
    drop = max((b - a for _, a, b in worse), default=0.0)
    print(
        f"pages where ours < trafilatura alone: {len(worse)} "
        f"({clear} by more than 0.01; largest drop {drop:.3f})"
    )
    for name, a, b in sorted(worse, key=lambda r: r[1] - r[2])[:worst]:
        print(f"  {name}: ours {a:.3f}  trafilatura {b:.3f}")
    lowest = sorted(rows, key=lambda r: r[1].f1)[:worst]
    print("lowest F1 (ours): " + ", ".join(f"{n} {a.f1:.2f}" for n, a, _ in lowest))


def report_passages(texts: list[tuple[Page, str, str]], worst: int) -> None:
    """Totals over all passages (as trafilatura's evaluation), then the pages where ours
    gets fewer passages right (kept or left out as it should) than trafilatura alone."""
    rows = [(page.name, passages(a, page), passages(b, page)) for page, a, b in texts]
    print(f"{'':14}{'precision':>10}{'recall':>9}{'F1':>8}{'accuracy':>10}")
    for label, index in (("ours", 1), ("trafilatura", 2)):
        tp, fp, fn, tn = (sum(row[index][k] for row in rows) for k in range(4))
        precision, recall = tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)
        f1 = 2 * precision * recall / ((precision + recall) or 1)
        print(
            f"{label:14}{precision:>10.3f}{recall:>9.3f}{f1:>8.3f}"
            f"{(tp + tn) / ((tp + fp + fn + tn) or 1):>10.3f}"
        )
    right = [(name, a[0] + a[3], b[0] + b[3]) for name, a, b in rows]
    worse = [row for row in right if row[1] < row[2]]
    better = sum(1 for _, a, b in right if a > b)
    print(f"pages where ours < trafilatura alone: {len(worse)} (ours better on {better})")
    for name, a, b in sorted(worse, key=lambda r: r[1] - r[2])[:worst]:
        print(f"  {name}: ours {a}  trafilatura {b} passages right")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", action="append", type=Path, help="page set folder(s)")
    parser.add_argument("--worst", type=int, default=5, help="how many worst pages to list")
    args = parser.parse_args()
    started = time.perf_counter()
    for folder in args.pages or [DEFAULT_PAGES]:
        evaluate(folder, args.worst)
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
