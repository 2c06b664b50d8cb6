"""Telling spam from complaints: the web form's traps and a score of promotion words.

Pure Python, no database. The traps decide (`is_trapped`): a submission caught by them is
accepted like any other (the bot learns nothing) and set aside as spam at once. The score
(`spam_score`) decides nothing: it flags a complaint for the intake officer, who may
dismiss it as spam (`complaints.services.complaints_dismiss_spam`).
"""

import re

# Promotions that reach Indonesian public text boxes: online loans and gambling. Lower
# case; matched as whole words or phrases, so "slot" alone (a parking slot) does not count.
PROMOTION_PHRASES = (
    "pinjol",
    "pinjaman online",
    "pinjaman cair",
    "dana cair",
    "cair cepat",
    "tanpa jaminan",
    "slot gacor",
    "gacor",
    "maxwin",
    "judi online",
    "judol",
    "togel",
    "situs slot",
    "deposit",
    "bonus new member",
    "wd cepat",
    "rtp live",
    "scatter",
)
_PHRASES = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in PROMOTION_PHRASES) + r")\b", re.IGNORECASE
)
# One link counts once: a whole address, or a bare domain name.
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|xyz|site|top|id|co|me|io)\b",
    re.IGNORECASE,
)

PHRASE_POINTS = 30
LINK_POINTS = 20
# From this score on the complaint shows the spam flag to the office.
FLAG_THRESHOLD = 50


def spam_score(*texts: str) -> int:
    """0–100: 30 per promotion phrase, 20 per link, over all the texts given together."""
    text = "\n".join(texts)
    points = PHRASE_POINTS * len(_PHRASES.findall(text)) + LINK_POINTS * len(_LINK.findall(text))
    return min(points, 100)


def is_flagged(score: int) -> bool:
    return score >= FLAG_THRESHOLD


def spam_flagged(*, score: int, trapped: bool) -> bool:
    """What the office sees flagged: caught by the traps, or a score high enough."""
    return trapped or is_flagged(score)


def is_trapped(*, honeypot: str, fill_ms: int | None, min_fill_ms: int) -> bool:
    """A web form whose hidden field was filled, or that was sent faster than a person
    types. A form without its fill time (an older app, a script) is not trapped by time."""
    if honeypot.strip():
        return True
    return fill_ms is not None and fill_ms < min_fill_ms
