"""A tile-grid map of Indonesia's 38 provinces: one square per province, roughly where it lies.

No boundary data: each province is a fixed (row, column) cell, west to east and north to south,
labelled with its ISO 3166-2:ID code (two letters fit a tile on a 390 px phone) and named in full
for screen readers and in the table alternative. The grid is 7 rows × 14 columns.
"""

from dataclasses import dataclass

ROWS = 7
COLUMNS = 14


@dataclass(frozen=True)
class Tile:
    code: str  # Kemendagri province code
    iso: str  # ISO 3166-2:ID subdivision code, the tile's label
    row: int
    column: int


TILES = [
    # Sumatra and the islands west of Kalimantan
    Tile("11", "AC", 0, 0),
    Tile("12", "SU", 1, 1),
    Tile("14", "RI", 1, 2),
    Tile("21", "KR", 0, 3),
    Tile("13", "SB", 2, 1),
    Tile("15", "JA", 2, 2),
    Tile("19", "BB", 2, 3),
    Tile("17", "BE", 3, 1),
    Tile("16", "SS", 3, 2),
    Tile("18", "LA", 4, 2),
    # Java, Bali and Nusa Tenggara
    Tile("31", "JK", 4, 4),
    Tile("36", "BT", 5, 3),
    Tile("32", "JB", 5, 4),
    Tile("33", "JT", 5, 5),
    Tile("34", "YO", 6, 5),
    Tile("35", "JI", 5, 6),
    Tile("51", "BA", 5, 7),
    Tile("52", "NB", 5, 8),
    Tile("53", "NT", 5, 9),
    # Kalimantan
    Tile("65", "KU", 0, 6),
    Tile("61", "KB", 1, 5),
    Tile("64", "KI", 1, 6),
    Tile("62", "KT", 2, 5),
    Tile("63", "KS", 2, 6),
    # Sulawesi
    Tile("71", "SA", 0, 9),
    Tile("72", "ST", 1, 8),
    Tile("75", "GO", 1, 9),
    Tile("76", "SR", 2, 7),
    Tile("73", "SN", 2, 8),
    Tile("74", "SG", 2, 9),
    # Maluku
    Tile("82", "MU", 0, 10),
    Tile("81", "MA", 2, 10),
    # Papua
    Tile("96", "PD", 1, 11),
    Tile("92", "PB", 1, 12),
    Tile("94", "PT", 2, 12),
    Tile("91", "PA", 2, 13),
    Tile("95", "PE", 3, 13),
    Tile("93", "PS", 4, 13),
]
