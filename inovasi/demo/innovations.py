"""Demo innovations of the seed stories (filled in by the registry work)."""


def load_innovations(loaded: dict) -> None:
    return None
