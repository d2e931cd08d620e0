"""Django's JSON serializer, but datetimes and times keep their microseconds.

The stock `DjangoJSONEncoder` truncates them to milliseconds, which would change what the audit
chain hashed (`created_at.isoformat()`) and break `verify_audit_chain` after a restore. Registered
as the `jsonexact` format in `BackupsConfig.ready`; the stock JSON deserializer reads it back.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            value = o.isoformat()
            return value[:-6] + "Z" if value.endswith("+00:00") else value
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()
