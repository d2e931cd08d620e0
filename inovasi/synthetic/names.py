"""Indonesian innovation names and people's names, combined from the word lists in `vocabulary`."""

from inovasi.synthetic import vocabulary as V


def _syllable(word: str) -> str:
    """The first syllable of a word, closed when a consonant cluster follows ("Bersih" → "BER")."""
    w = word.lower()
    i = 0
    while i < len(w) and w[i] not in "aeiou":
        i += 1
    end = min(i + 1, len(w))
    if end < len(w) and w[end] not in "aeiou" and (end + 1 >= len(w) or w[end + 1] not in "aeiou"):
        end += 1
    return w[:end].upper()


def _acronym(rng, count: int) -> tuple[str, str]:
    words = rng.sample(V.THEME_WORDS, count)
    return "".join(_syllable(w) for w in words), " ".join(words)


def innovation_name(rng, place: str, subject: str) -> tuple[str, str]:
    """A name and its acronym expansion: "SEGIBER GEMILANG" = "Sehat Gizi Bersih"."""
    roll = rng.random()
    if roll < 0.45:
        return _acronym(rng, rng.randint(2, 4))
    if roll < 0.65:
        acronym, expansion = _acronym(rng, rng.randint(2, 3))
        return f"{acronym} {rng.choice(V.NAME_TAILS)}", expansion
    if roll < 0.80:
        acronym, expansion = _acronym(rng, rng.randint(2, 3))
        return f"SI-{acronym}", f"Sistem Informasi {expansion}"
    if roll < 0.90:
        first, first_expansion = _acronym(rng, 2)
        second, second_expansion = _acronym(rng, 3)
        return f"{first} {second}", f"{first_expansion}, {second_expansion}"
    template = rng.choice(V.DESCRIPTIVE)
    return template.format(place=place, topic=subject.split()[0].capitalize()), ""


def person_name(rng) -> str:
    name = f"{rng.choice(V.FIRST_NAMES)} {rng.choice(V.FAMILY_NAMES)}"
    degree = rng.choice(V.DEGREES)
    return f"{name}, {degree}" if degree else name
