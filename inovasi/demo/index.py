"""Demo regional innovation index data (filled in by the index work)."""


def load_index_demo(loaded: dict) -> None:
    return None
