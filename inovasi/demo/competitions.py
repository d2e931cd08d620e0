"""Demo competition editions of the seed stories (filled in by the competitions work)."""


def load_competitions(loaded: dict) -> None:
    return None
