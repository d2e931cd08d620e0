import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from inovasi.competitions import services
from inovasi.competitions.tests.conftest import make_innovation
from inovasi.competitions.words import SEPARATOR_RANGES, count_words, is_separator, normalise_title
from inovasi.workspace.forms_innovations import word_count


def test_words_are_runs_of_non_space_characters():
    assert count_words("") == 0
    assert count_words(None) == 0
    assert count_words("  Satu dua\ttiga\n\nempat-lima  ") == 4
    assert count_words("Rp109,6 miliar (2024).") == 3


def test_titles_are_compared_without_case_punctuation_or_spacing():
    assert normalise_title("  PENTAS   Gemilang! ") == normalise_title("pentas gemilang")
    assert normalise_title("Bakso Sakera") != normalise_title("STMJ Sakera")


# --- Invisible and blank-looking characters split words (issue 13, item 9) ----------------------

RULE_JS = Path(__file__).resolve().parents[3] / "static" / "inovasi" / "word-rule.js"

CASES = [
    ("", 0),
    ("  Satu dua\ttiga\n\nempat-lima  ", 4),
    ("\u200b".join(["kata"] * 800), 800),
    ("\u2800".join(["kata"] * 800), 800),
    ("\u3164".join(["kata"] * 800), 800),
    ("satu\u115fdua\u1160tiga\uffa0empat", 4),
    ("satu\u2060dua\ufeffdua\u00a0tiga\u3000empat\u202flima", 6),
    ("satu\U000e0020dua", 2),
    ("\u200b\u2800\u3164", 0),
    ("Rp109,6 miliar (2024).", 3),
    ("Bakso 🍜 Sakera", 3),
]


@pytest.mark.parametrize(("text", "words"), CASES)
def test_invisible_and_blank_looking_characters_split_words(text, words):
    assert count_words(text) == words


def test_the_innovation_form_counts_with_the_same_rule():
    assert word_count("\u200b".join(["kata"] * 800)) == 800


def test_every_unicode_space_and_format_character_is_a_separator():
    missing = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if (unicodedata.category(chr(code)) in ("Zs", "Zl", "Zp", "Cf") or chr(code).isspace())
        and not is_separator(chr(code))
    ]
    assert missing == []


def _js_ranges():
    source = RULE_JS.read_text(encoding="utf-8")
    table = re.search(r"SEPARATOR_RANGES begin\n\s*var SEPARATOR_RANGES = (\[.*?\]);", source, re.S).group(1)
    table = re.sub(r"0x([0-9A-F]+)", lambda m: str(int(m.group(1), 16)), table)
    return [tuple(pair) for pair in json.loads(re.sub(r",\s*\]$", "]", table))]


def test_the_browser_counter_carries_the_servers_separator_table():
    assert _js_ranges() == list(SEPARATOR_RANGES)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_browser_counter_counts_like_the_server():
    script = (
        "const w = require(process.argv[1]);"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(cases.map(w.countWords)));"
    )
    texts = [text for text, _words in CASES]
    run = subprocess.run(
        [shutil.which("node"), "-e", script, str(RULE_JS)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(run.stdout) == [count_words(text) for text in texts]


def test_a_section_over_its_character_cap_is_refused_on_save(kovablik, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    proposal = services.create_proposal(
        edition=kovablik, innovation=innovation, group=kovablik.groups.get(code="umum"), actor=cast.operator_a
    )
    section = kovablik.sections.get(code="ringkasan", group__isnull=True)
    before = proposal.answers.get(section=section).text
    with pytest.raises(ValidationError) as error:
        services.update_proposal(proposal=proposal, answers={section.pk: "a" * 1_000_000}, actor=cast.operator_a)
    assert error.value.messages == ["Bagian \u201cRingkasan\u201d berisi 1000000 karakter; batasnya 10000 karakter."]
    assert proposal.answers.get(section=section).text == before


def test_800_words_joined_by_zero_width_spaces_break_the_word_limit(kovablik, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop", summary="\u200b".join(["kata"] * 800))
    proposal = services.create_proposal(
        edition=kovablik, innovation=innovation, group=kovablik.groups.get(code="umum"), actor=cast.operator_a
    )
    with pytest.raises(ValidationError) as error:
        services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    assert "Bagian \u201cRingkasan\u201d berisi 800 kata; batasnya 200 kata." in error.value.messages
