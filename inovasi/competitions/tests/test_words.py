from inovasi.competitions.words import count_words, normalise_title


def test_words_are_runs_of_non_space_characters():
    assert count_words("") == 0
    assert count_words(None) == 0
    assert count_words("  Satu dua\ttiga\n\nempat-lima  ") == 4
    assert count_words("Rp109,6 miliar (2024).") == 3


def test_titles_are_compared_without_case_punctuation_or_spacing():
    assert normalise_title("  PENTAS   Gemilang! ") == normalise_title("pentas gemilang")
    assert normalise_title("Bakso Sakera") != normalise_title("STMJ Sakera")
