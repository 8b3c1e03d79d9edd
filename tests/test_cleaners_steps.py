"""Each line cleaner on real-looking text: what it removes, why, and what it must leave alone."""

from __future__ import annotations

import pytest

from cleaners import CleanContext
from cleaners.captions import drop_captions
from cleaners.code_leaks import drop_code
from cleaners.furniture import drop_furniture
from cleaners.promos import drop_promos
from cleaners.repeats import drop_repeats
from cleaners.whitespace import collapse_blank_lines, normalise_whitespace
from cleaners.widgets import drop_widgets

CONTEXT = CleanContext()

# Sentences of news prose that share words with page chrome and must survive every cleaner.
PROSE = [
    "Following the meeting, the minister said the talks would resume in March.",
    "By 2030, the utility expects half of its 40,000 subscribers to have smart meters.",
    '"We share the concern of the families," the spokesman said on Tuesday.',
    "The newspaper said its newsletter subscribers had doubled since January.",
    "Comments by the senator drew a sharp response from the White House.",
    "Related charges were filed against two other men, prosecutors said.",
    "Read more about the plan in the council's published minutes, officials said.",
    "The company, which sells a Follow app for tracking parcels, declined to comment.",
    "Copyright law was at the heart of the case, which lasted three years.",
    "Copyright law changed in 2019, the court said.",
    "The function of the new body (known as the board) is to set prices; it meets monthly.",
    "He said the story was not over.",
    "Fans who follow her on Instagram saw the video before it was taken down.",
    "Tags were found on the birds, which had flown from Siberia.",
    '"Join our movement today and sign up to volunteer," the candidate told supporters.',
]


@pytest.mark.parametrize(
    "cleaner",
    [drop_code, drop_widgets, drop_promos, drop_furniture, drop_captions, drop_repeats],
)
def test_prose_that_mentions_chrome_words_is_left_alone(cleaner) -> None:
    text = "\n\n".join(PROSE)
    cleaned, removed = cleaner(text, CONTEXT)
    assert cleaned == text
    assert removed == []


def test_css_javascript_and_json_leaks_are_removed() -> None:
    css = (
        ".affilate-product { padding: 12px 10px; border-radius: 4px; } "
        "#affilate-img img { max-width: 100%; position: absolute; } "
        "@media screen and (min-width:1200px) { .affilate-product { display: flex; } }"
    )
    script = "window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(1);}"
    data = '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Kim"}'
    shortcode = '[button link="http://example.com/submit/" type="big"] Send us your review[/button]'
    text = "\n".join(["The talks ended on Friday.", css, script, data, shortcode])
    cleaned, removed = drop_code(text, CONTEXT)
    assert cleaned == "The talks ended on Friday."
    assert [r.reason for r in removed] == [
        "CSS rules leaked from a style block",
        "JavaScript leaked from a script block",
        "JSON data leaked from a script block",
        "unrendered shortcode",
    ]
    assert {r.cleaner for r in removed} == {"code"}


@pytest.mark.parametrize(
    "line",
    [
        "SHARE THIS ARTICLE ON", "SHARE", "close", "Story Saved", "Saved Articles", "Following",
        "My Reads", "Sign out", "Get App", "crown-icon", "Subscribe Now!", "Live Score",
        "Follow us on Twitter", "Share on Facebook", "Facebook Twitter WhatsApp Email",
        "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", "Download the app",
        "Skip to main content", "1.2k shares", "Teilen auf Facebook", "Partager", "Compartir",
    ],
)
def test_share_social_account_and_app_controls_are_removed(line: str) -> None:
    cleaned, removed = drop_widgets(f"The vote was close.\n{line}\nTurnout was high.", CONTEXT)
    assert cleaned == "The vote was close.\nTurnout was high."
    assert [r.text for r in removed] == [line]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Sign up for our daily newsletter to get the news in your inbox.", "newsletter promo"),
        ("Subscribe now for unlimited access to our journalism.", "subscription or sign-up promo"),
        ("Get the latest headlines from US news and global updates in one place.",
         "subscription or sign-up promo"),
        ("Related: Kim Jong Un visits Moscow", "link to another article"),
        ("Read more: Ukraine says drones hit refinery", "link to another article"),
        ("Also read | How the sanctions work", "link to another article"),
        ("[Related: Salesforce keynote: AI and integration]", "link to another article"),
        ("Also on rt.com Journalists threatened with arrest", "link to another article"),
        ("China furious at Macron for protest jibe [INSIGHT]", "link to another article"),
        ("You may also like", "heading of a list of links to other articles"),
        ("Leave a Reply", "comment-section text"),
        ("Comments are closed.", "comment-section text"),
        ("12 Comments", "comment-section text"),
        ("3 Kommentare", "comment-section text"),
        ("Commentaires", "comment-section text"),
        ("Tell us what YOU think...", "comment-section text"),
        ("Like this story? Share it with a friend!", "prompt to share the article"),
        ("Get the magazine delivered every month. Click here for more information.",
         "link prompt"),
        ("Follow The New York Times Opinion section on Facebook, Twitter and Instagram.",
         "author's or site's social or contact promo"),
        ("Have a tip? Amy Doe may be reached at adoe@example.com. Follow her on Twitter @AmyD.",
         "author's or site's social or contact promo"),
        ("Like us on Facebook to get Northfield traffic updates as they happen.",
         "author's or site's social or contact promo"),
        ("Download the Courier app for severe weather alerts.",
         "author's or site's social or contact promo"),
    ],
)
def test_promos_related_links_and_comment_chrome_are_removed(line: str, reason: str) -> None:
    cleaned, removed = drop_promos(f"Prices rose.\n\n{line}\n\nRents fell.", CONTEXT)
    assert cleaned == "Prices rose.\n\n\nRents fell."
    assert [(r.cleaner, r.text, r.reason) for r in removed] == [("promos", line, reason)]


@pytest.mark.parametrize(
    "line",
    [
        "Fans who like her on Instagram were quick to defend the singer.",
        "Residents can download the council's new parking app from Monday, officials said.",
        "Users were told to download the app again after the outage.",
    ],
)
def test_social_and_app_words_inside_the_story_stay(line: str) -> None:
    text = f"Prices rose.\n\n{line}\n\nRents fell."
    assert drop_promos(text, CONTEXT) == (text, [])


def test_an_option_listed_in_the_story_is_not_a_promo() -> None:
    text = "Ways to save:\n- Sign up for a Hulu ad-free account for $11.99 a month"
    assert drop_promos(text, CONTEXT) == (text, [])


def test_end_of_page_furniture_labels_and_copyright_are_removed() -> None:
    text = (
        "Story\n\nThe deal was signed on Monday.\n\nAdvertisement\n\nOpinions\n\n"
        "You've reached the end\n\n© 2025 Example Media Ltd. All rights reserved.\n\n"
        "copyright Inexhibit 2019 - ISSN: 2283-5474\n\nFiled under: Politics | Europe"
    )
    cleaned, removed = drop_furniture(text, CONTEXT)
    assert cleaned.strip() == "The deal was signed on Monday."
    assert [r.text for r in removed] == [
        "Story", "Advertisement", "Opinions", "You've reached the end",
        "© 2025 Example Media Ltd. All rights reserved.",
        "copyright Inexhibit 2019 - ISSN: 2283-5474", "Filed under: Politics | Europe",
    ]


def test_a_summary_box_goes_with_its_heading_but_a_list_in_the_story_stays() -> None:
    text = (
        "Highlights\n  • Kim backed Russia.\n  • Troops were sent.\nStory\n\n"
        "In Pyongyang, Kim met Shoigu.\n\nThe agreement covers:\n- trade\n- energy"
    )
    cleaned, removed = drop_furniture(text, CONTEXT)
    assert cleaned.strip() == (
        "In Pyongyang, Kim met Shoigu.\n\nThe agreement covers:\n- trade\n- energy"
    )
    assert [r.reason for r in removed][:3] == [
        "heading of a summary box", "bullet of a summary box", "bullet of a summary box",
    ]


def test_photo_captions_are_removed_but_agency_attribution_in_prose_stays() -> None:
    caption = (
        "This picture taken on September 3, 2025 shows Kim Jong Un and Vladimir Putin in a car"
        " in Beijing.(AFP)"
    )
    prose = "The leader spoke, according to the Korean Central News Agency (KCNA)."
    credit = "Crowds gather outside the court in London. Photo: Jane Doe/Example"
    cleaned, removed = drop_captions(f"{caption}\n{prose}\n{credit}", CONTEXT)
    assert cleaned == prose
    assert [r.text for r in removed] == [caption, credit]


def test_a_line_printed_twice_in_a_row_keeps_one_place_a_recurring_step_keeps_all() -> None:
    caption = "Kim Jong Un and Vladimir Putin in Beijing."
    text = (
        f"{caption}\n{caption}\n\nEat every 2-3 hours\nBreakfast: eggs\n"
        "Eat every 2-3 hours\nLunch: salad"
    )
    cleaned, removed = drop_repeats(text, CONTEXT)
    assert cleaned.count(caption) == 1
    assert cleaned.count("Eat every 2-3 hours") == 2
    assert [(r.text, r.reason) for r in removed] == [(caption, "repeats the line just above")]


def test_whitespace_and_unicode_are_normalised_without_changing_words() -> None:
    text = "Cafe\u0301\u00a0prices\u200b rose \r\n\r\n\r\n\r\n  by 5%\u2028today  "
    normal, removed = normalise_whitespace(text, CONTEXT)
    collapsed, _ = collapse_blank_lines(normal, CONTEXT)
    assert collapsed == "Café prices rose\n\nby 5%\ntoday"
    assert removed == []
