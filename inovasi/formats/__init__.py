"""Reading and writing values the Indonesian way (numbers first; `public/formatting.py` may move here)."""
