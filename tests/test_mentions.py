"""Words quoted to talk about them are mentions, not claims (linter/mentions.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.cli import main
from linter.mentions import inside, mention_spans


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ('The advert described the drink as "clinically proven to boost stamina".',
         ['"clinically proven to boost stamina"']),
        ("Somnio Air is advertised as “the coolest mattress you’ll ever sleep on”. We tested it.",
         ["“the coolest mattress you’ll ever sleep on”"]),
        ("Sellers use phrases such as “Offer ends tonight” to rush buyers.",
         ["“Offer ends tonight”"]),
        ("the phrase “no risk” appears often", ["“no risk”"]),
        ("“Clinically proven” should refer to a published study.", ["“Clinically proven”"]),
        # alone on its line, or after a label's colon (heading and list markers are blank)
        ("Claim 3: “Doctors don’t want you to know about this”\nThe claim is false.",
         ["“Doctors don’t want you to know about this”"]),
        ("  “Offer ends at midnight”\n  “Exclusive deal — today only”\n",
         ["“Offer ends at midnight”", "“Exclusive deal — today only”"]),
        # reported speech is not a mention
        ("“Best purchase ever,” says Jenna from Leeds.", []),
        ("The founder told us the app is “the best thing to happen to sales”, and smiled.", []),
        ("No quotation here at all.", []),
    ],
)
def test_mention_spans(text: str, mentioned: list[str]) -> None:
    assert [text[low:high] for low, high in mention_spans(text)] == mentioned


def test_inside() -> None:
    spans = [(5, 10), (20, 30)]
    assert inside(spans, 6, 9) and inside(spans, 20, 30) and inside(spans, 5, 10)
    assert not inside(spans, 4, 9) and not inside(spans, 25, 31) and not inside([], 1, 2)


def run_json(path: Path) -> list[dict[str, object]]:
    out = io.StringIO()
    main(["--format", "json", "--no-cache", str(path)], stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_a_fact_check_quoting_an_advert_is_clean_and_the_advert_is_not(tmp_path: Path) -> None:
    check = tmp_path / "check.md"
    check.write_text(
        "# Three claims, checked\n\n"
        "## Claim 1: “Clinically proven to melt belly fat”\n\n"
        'The advert described the tea as "clinically proven to melt belly fat". The cited trial '
        "enrolled 12 people and found no difference.\n\n"
        "Sellers lean on phrases such as “Order now and save 50%”.\n",
        encoding="utf-8",
    )
    assert run_json(check) == []
    advert = tmp_path / "advert.md"
    advert.write_text(
        "Our tea is clinically proven to melt belly fat. Order now and save 50%.\n",
        encoding="utf-8",
    )
    rules = {str(f["rule"]) for f in run_json(advert)}
    assert "claims.ProofClaim" in rules and "sponsored.UndisclosedCallToAction" in rules


def test_encoding_damage_inside_a_mention_is_still_reported(tmp_path: Path) -> None:
    check = tmp_path / "check.md"
    check.write_text("Sellers use phrases such as “donâ€™t miss out”.\n", encoding="utf-8")
    assert [f["category"] for f in run_json(check)] == ["encoding"]
