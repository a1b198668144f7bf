"""Compiled queries (wenming.compiled): the same rows as the ORM, compiled once, and a
shape that could answer wrongly refused at its first call."""

from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from tests.factories import BodyFactory, OrganizationFactory, RegionFactory

from wenming.compiled import compiled
from wenming.registry.models import Organization, Region

pytestmark = pytest.mark.django_db


@compiled
def organization_parts(pk: int) -> QuerySet[Organization]:
    return Organization.objects.select_related("region__parent", "body").filter(pk=pk)


@compiled
def organizations_of(region_pk: int, kind: str) -> QuerySet[Organization]:
    return Organization.objects.filter(region_id=region_pk, kind=kind).order_by("-code")[:3]


@compiled
def names_of(region_pk: int) -> QuerySet[Organization, tuple[str, str]]:
    return Organization.objects.filter(region_id=region_pk).values_list("code", "name")


@compiled
def same_region_twice(region_pk: int) -> QuerySet[Region]:
    return Region.objects.filter(pk=region_pk).exclude(parent_id=region_pk)


@compiled
def locked(pk: int) -> QuerySet[Organization]:
    return Organization.objects.select_for_update().filter(pk=pk)


def fields(obj: object) -> dict[str, object]:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}  # type: ignore[attr-defined]


def test_model_with_related_rows_as_the_orm_reads_them() -> None:
    city = RegionFactory(level="city")
    county = RegionFactory(parent=city)
    body = BodyFactory(region=city)
    organization = OrganizationFactory(region=county, body=body, name="清源区政务服务中心")

    found = organization_parts.first(organization.pk)

    expected = Organization.objects.select_related("region__parent", "body").get(pk=organization.pk)
    assert found is not None
    assert found.name == "清源区政务服务中心"
    assert fields(found) == fields(expected)
    with CaptureQueriesContext(connection) as queries:
        # The joined rows came with it: reading them asks nothing more.
        assert found.region.parent == city
        assert found.body.name == body.name
    assert len(queries) == 0


def test_arguments_of_two_kinds_ordering_and_slice() -> None:
    region, other = RegionFactory(), RegionFactory()
    for code in ("A1", "A2", "A3", "A4"):
        OrganizationFactory(region=region, code=code)
    OrganizationFactory(region=region, code="F1", kind="family")
    OrganizationFactory(region=other, code="B1")

    assert [o.code for o in organizations_of.list(region.pk, "unit")] == ["A4", "A3", "A2"]
    assert [o.code for o in organizations_of.list(region.pk, "family")] == ["F1"]
    assert [o.code for o in organizations_of.list(other.pk, "unit")] == ["B1"]
    assert organizations_of.list(other.pk, "family") == []


def test_values_list_rows_and_an_argument_used_twice() -> None:
    region = RegionFactory()
    OrganizationFactory(region=region, code="C1", name="甲")
    assert names_of.list(region.pk) == [("C1", "甲")]
    assert [r.pk for r in same_region_twice.list(region.pk)] == [region.pk]


def test_each_call_is_one_query_and_compiles_nothing() -> None:
    organization = OrganizationFactory()
    organization_parts.first(organization.pk)  # compiled here, if no earlier test did
    real = SQLCompiler.as_sql
    with (
        mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=real) as as_sql,
        CaptureQueriesContext(connection) as queries,
    ):
        for _ in range(3):
            assert organization_parts.first(organization.pk) == organization
    assert as_sql.call_count == 0
    assert len(queries) == 3


def test_no_row_and_an_id_no_column_holds() -> None:
    assert organization_parts.first(987_654_321) is None
    with CaptureQueriesContext(connection) as queries:
        assert organization_parts.first(10**30) is None
    assert len(queries) == 0  # as the ORM: no query for an id out of range


@pytest.mark.django_db(transaction=True)
def test_select_for_update_only_in_a_transaction() -> None:
    organization = OrganizationFactory()
    with transaction.atomic():
        assert locked.first(organization.pk) == organization
    if connection.features.has_select_for_update:
        # Outside a transaction, as the ORM refuses it.
        with pytest.raises(TransactionManagementError):
            list(Organization.objects.select_for_update().filter(pk=organization.pk))
        with pytest.raises(TransactionManagementError):
            locked.first(organization.pk)


def test_arguments_are_ids_and_keys_by_position() -> None:
    with pytest.raises(TypeError):
        organization_parts.first("1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        organization_parts.first(True)
    with pytest.raises(TypeError):
        organization_parts.first(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        organization_parts.first(pk=1)


def test_a_chained_queryset_is_refused() -> None:
    organization = OrganizationFactory()
    queryset = organization_parts.queryset(organization.pk)
    with pytest.raises(TypeError, match="chained"):
        queryset.filter(name="x")
    assert list(organization_parts.queryset(organization.pk)) == [organization]


def test_shapes_that_could_answer_wrongly_are_refused_at_the_first_call() -> None:
    @compiled
    def reshaped(name: str) -> QuerySet[Organization]:
        return Organization.objects.filter(name__contains=name)  # sent as %name%

    @compiled
    def unused(pk: int) -> QuerySet[Organization]:
        return Organization.objects.all()

    @compiled
    def of_the_moment(pk: int) -> QuerySet[Organization]:
        return Organization.objects.filter(pk=pk, created_at__lte=timezone.now())

    for query, message in (
        (reshaped, "changed before it reaches"),
        (unused, "does not reach"),
        (of_the_moment, "changed before it reaches"),
    ):
        with pytest.raises(ValueError, match=message):
            query.list(*([1] if query is not reshaped else ["x"]))


def test_only_int_and_str_arguments() -> None:
    with pytest.raises(TypeError, match="must be int or str"):

        @compiled
        def by_list(pks: list[int]) -> QuerySet[Organization]:
            return Organization.objects.filter(pk__in=pks)


class TestSameRowsAsTheORM(HypothesisTestCase):
    """For any organizations and any arguments, the compiled query answers the ORM's rows."""

    @settings(max_examples=30, deadline=None)
    @given(
        kinds=st.lists(st.sampled_from(["unit", "family"]), max_size=6),
        asked_region=st.integers(min_value=0, max_value=2),
        asked_kind=st.sampled_from(["unit", "family", "village"]),
    )
    def test_rows(self, kinds: list[str], asked_region: int, asked_kind: str) -> None:
        regions = [RegionFactory(), RegionFactory()]
        for number, kind in enumerate(kinds):
            OrganizationFactory(region=regions[number % 2], kind=kind, code=f"H{number:03d}")
        region_pk = regions[asked_region].pk if asked_region < 2 else 10**9
        expected = Organization.objects.filter(region_id=region_pk, kind=asked_kind).order_by(
            "-code"
        )[:3]
        assert [fields(o) for o in organizations_of.list(region_pk, asked_kind)] == [
            fields(o) for o in expected
        ]
        assert names_of.list(region_pk) == list(
            Organization.objects.filter(region_id=region_pk).values_list("code", "name")
        )


def test_a_lookup_that_escapes_or_lowercases_its_value_is_refused() -> None:
    @compiled
    def exactly(name: str) -> QuerySet[Organization]:
        return Organization.objects.filter(name__iexact=name)

    @compiled
    def starting(code: str) -> QuerySet[Organization]:
        return Organization.objects.filter(code__startswith=code)

    for query in (starting,) + ((exactly,) if connection.vendor == "sqlite" else ()):
        with pytest.raises(ValueError, match="changed before it reaches"):
            query.list("a_b")
