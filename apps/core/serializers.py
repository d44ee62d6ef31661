"""Django's JSON fixture format, with errors that name the offending object.

Registered as the ``json`` format in ``SERIALIZATION_MODULES``. Serialising is
Django's own but for exact datetimes; deserialising checks each object's shape (model, fields, known
field names) and prefixes every error with the object's position and natural
key, so "invalid date" becomes "object #57 (events.event 'slug=…'), field
'date': …".
"""

import datetime
import json

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import (
    DeserializationError,
    M2MDeserializationError,
    deserialize_fk_value,
)
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as DjangoSerializer
from django.core.serializers.python import Deserializer as PythonDeserializer


def describe(index: int, obj) -> str:
    if not isinstance(obj, dict):
        return f"object #{index}"
    label = obj.get("model", "?")
    fields = obj.get("fields") if isinstance(obj.get("fields"), dict) else {}
    for key in ("slug", "username", "name"):
        if fields.get(key):
            return f"object #{index} ({label} {key}={fields[key]!r})"
    if "entry" in fields:
        return (
            f"object #{index} ({label} entry={fields['entry']!r} source={fields.get('source')!r})"
        )
    if "pk" in obj:
        return f"object #{index} ({label} pk={obj['pk']!r})"
    return f"object #{index} ({label})"


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes keep their microseconds, so that a backup made
    with dumpdata restores timestamps exactly (Django's own keeps milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


class Serializer(DjangoSerializer):
    def _init_options(self):
        super()._init_options()
        if self.json_kwargs.get("cls") is DjangoJSONEncoder:
            self.json_kwargs["cls"] = ExactJSONEncoder


class FixtureError(DeserializationError):
    """An error whose message is already clear; Django's wrappers are peeled off."""


def _clearest(exc: BaseException) -> BaseException:
    cause = exc
    while cause is not None:
        if isinstance(cause, FixtureError):
            return cause
        cause = cause.__cause__ or cause.__context__
    return exc


class Deserializer(PythonDeserializer):
    def __init__(self, stream_or_string, **options):
        if not isinstance(stream_or_string, (bytes, str)):
            stream_or_string = stream_or_string.read()
        if isinstance(stream_or_string, bytes):
            stream_or_string = stream_or_string.decode()
        try:
            objects = json.loads(stream_or_string)
        except json.JSONDecodeError as exc:
            raise DeserializationError(
                f"Malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from exc
        if not isinstance(objects, list):
            raise DeserializationError("A fixture must be a JSON list of objects.")
        super().__init__(objects, **options)
        # An unknown key is an error here, named with its object, not a reference to
        # resolve later: fixtures, and dumpdata's backups, list what is referred to before
        # what refers to it. Except within one table (see _handle_fk_field_node).
        self.forward_references_allowed = self.handle_forward_references
        self.handle_forward_references = False

    def __iter__(self):
        for index, obj in enumerate(self.stream, start=1):
            where = describe(index, obj)
            try:
                self._check_shape(obj)
                yield from self._handle_object(obj)
            except GeneratorExit:
                raise
            except Exception as exc:
                raise DeserializationError(f"{where}: {_clearest(exc)}") from exc

    def _check_shape(self, obj):
        if not isinstance(obj, dict):
            raise DeserializationError("expected an object with 'model' and 'fields'.")
        unknown_keys = set(obj) - {"model", "pk", "fields"}
        if unknown_keys:
            raise DeserializationError(f"unknown keys {sorted(unknown_keys)}.")
        if not isinstance(obj.get("fields"), dict):
            raise DeserializationError("'fields' must be an object.")
        try:
            model = apps.get_model(obj.get("model", ""))
        except (LookupError, TypeError, ValueError):
            raise DeserializationError(f"unknown model {obj.get('model')!r}.") from None
        for name, value in obj["fields"].items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                if self.ignorenonexistent:
                    continue
                raise DeserializationError(f"unknown field {name!r}.") from None
            if field.is_relation:
                continue
            try:
                field.to_python(value)
            except ValidationError as exc:
                raise FixtureError(f"field {name!r}: {' '.join(exc.messages)}") from None

    def _handle_fk_field_node(self, field, field_value):
        if field.null and field.related_model is field.model:
            # An actor's affiliation, a place's parent: dumpdata writes a table's rows by
            # primary key, so an actor moved under one created after it comes first.
            # loaddata saves such links once every object is in (an unknown key is then
            # reported by the loaddata command).
            return deserialize_fk_value(
                field, field_value, self.using, self.forward_references_allowed
            )
        try:
            return super()._handle_fk_field_node(field, field_value)
        except ObjectDoesNotExist:
            raise FixtureError(self._missing(field, field_value)) from None

    def _handle_m2m_field_node(self, field, field_value):
        try:
            return super()._handle_m2m_field_node(field, field_value)
        except M2MDeserializationError as exc:
            if isinstance(exc.original_exc, ObjectDoesNotExist):
                raise FixtureError(self._missing(field, exc.pk)) from None
            raise

    @staticmethod
    def _missing(field, key) -> str:
        related = field.related_model._meta.label_lower
        return f"field {field.name!r}: no {related} with key {key!r}."
