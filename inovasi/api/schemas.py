from ninja import Schema


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    is_autonomous: bool

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


class GovernmentOut(Schema):
    id: int
    name: str
    short_name: str
    region_code: str
    level: str

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_level(obj):
        return obj.region.level


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    government_id: int
    parent_id: int | None
