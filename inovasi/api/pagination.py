"""Page-number pagination for the API lists, with the page number bounded.

django-ninja's `PageNumberPagination` accepts any page number; a fuzzer's page 96,491,248,764,169,216
times 50 rows overflows the database's 64-bit OFFSET and the request fails with a server error.
A page beyond `MAX_PAGE` is refused with 422 like any other invalid parameter; 10,000,000 rows at
the largest page size is far more than any list here will hold.
"""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
