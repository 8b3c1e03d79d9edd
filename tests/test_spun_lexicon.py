"""Mining spinner pairs from aligned texts, growing the lexicon, and `wirewash lexicon mine`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from cleaners.dedup import text_hash
from cleaners.spun import extend_lexicon, mine_pairs
from cleaners.spun._lexicon import parse_lexicon
from crawler.store.db import open_store
from crawler.store.models import Article, Story
from tests.conftest import run_cli

ORIGINAL = (
    "The minister said the agency would publish the report next week, and officials also "
    "said thousands of people had signed the appeal."
)
SPUN = (
    "The minister mentioned the company would publish the doc subsequent week, and officials "
    "additionally mentioned 1000's of individuals had signed the appeal."
)
LEXICON = "# version\t3\nmentioned\tsaid\tW\t-\tseed-002\n"


def test_mining_counts_swapped_phrases() -> None:
    mined = {(p.spun, p.original): p.count for p in mine_pairs([(SPUN, ORIGINAL)] * 2)}
    assert mined[("mentioned", "said")] == 4
    assert mined[("additionally", "also")] == 2
    assert mined[("1000's", "thousands")] == 2
    assert ("the", "the") not in mined


def test_numbers_an_editor_changed_are_not_mined() -> None:
    mined = mine_pairs([("At least 12 people died.", "At least 11 people died.")], min_count=1)
    assert mined == []


def test_extending_adds_only_new_pairs_and_raises_the_version() -> None:
    extended, added = extend_lexicon(LEXICON, mine_pairs([(SPUN, ORIGINAL)] * 2))
    lexicon = parse_lexicon(extended)
    assert lexicon.version == "4"
    assert added == len(lexicon.entries) - 1
    assert lexicon.entries[("mentioned",)][0].source == "seed-002"
    assert lexicon.entries[("additionally",)][0].source == "mined:2"
    assert extend_lexicon(extended, mine_pairs([(SPUN, ORIGINAL)] * 2)) == (extended, 0)


def _article(session: Session, n: int, text: str, story: Story, spun: bool) -> Article:
    row = Article(
        url=f"https://example.test/{n}",
        url_key=f"key-{n}",
        text=text,
        text_hash=text_hash(text),
        is_spun=spun,
        story_id=story.id,
    )
    session.add(row)
    session.flush()
    return row


def test_lexicon_mine_reads_spun_members_of_stories(sqlite_url: str, tmp_path: Path) -> None:
    with open_store(sqlite_url).begin() as session:
        for n in range(2):
            story = Story()
            session.add(story)
            session.flush()
            canonical = _article(session, 10 * n, ORIGINAL, story, spun=False)
            story.canonical_article_id = canonical.id
            _article(session, 10 * n + 1, SPUN, story, spun=True)
    listed = run_cli("lexicon", "mine", "--db", sqlite_url)
    assert listed.returncode == 0, listed.stderr
    assert "additionally\talso\t2" in listed.stdout.splitlines()
    out = tmp_path / "lexicon.tsv"
    written = run_cli("lexicon", "mine", "--db", sqlite_url, "--out", str(out))
    assert written.returncode == 0, written.stderr
    lexicon = parse_lexicon(out.read_text("utf-8"))
    assert int(lexicon.version) >= 2
    assert lexicon.entries[("doc",)][0].original == "report"
    assert lexicon.entries[("doc",)][0].source == "mined:2"


def test_shipped_lexicon_is_versioned_and_every_entry_says_where_it_came_from() -> None:
    from cleaners.spun._lexicon import TIER_WEIGHTS, shipped_lexicon

    lexicon = shipped_lexicon()
    assert int(lexicon.version) >= 2
    entries = [e for group in lexicon.entries.values() for e in group]
    assert len(entries) > 400
    for entry in entries:
        assert entry.tier in TIER_WEIGHTS
        assert entry.source == "seed-002" or entry.source == "family" or entry.source.startswith(
            "mined:"
        )


def test_lexicon_counts_reads_clean_articles_only(sqlite_url: str, tmp_path: Path) -> None:
    import gzip

    from cleaners.spun._ngrams import NewsCounts

    with open_store(sqlite_url).begin() as session:
        story = Story()
        session.add(story)
        session.flush()
        _article(session, 1, ORIGINAL, story, spun=False)
        _article(session, 2, SPUN, story, spun=True)
    out = tmp_path / "counts.tsv.gz"
    result = run_cli("lexicon", "counts", "--db", sqlite_url, "--out", str(out))
    assert result.returncode == 0, result.stderr
    news = NewsCounts.from_text(gzip.decompress(out.read_bytes()).decode("utf-8"))
    assert news.pairs["officials also"] == 1
    assert news.words["said"] == 2
    assert "additionally" not in news.words  # the spun copy is not news English
