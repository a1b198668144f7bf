"""Compiled queries: a hot query of a fixed shape turned into SQL once, then only run.

Django builds and compiles a queryset's SQL on every request: the joins, every column of
every joined table, the ordering. For the pages an applicant or an assessor opens and
saves hundreds of times an hour, that compiling cost more than running the query: the
application with its campaign, award, framework and organization (92 columns) took
1.4 ms to compile and 0.4 ms to run (issue 14, benchmarks/load.py).

A compiled query is a function of ids and names that returns a queryset::

    @compiled
    def application_parts(pk: int) -> QuerySet[Application]:
        return Application.objects.select_related("campaign", "award").filter(pk=pk)

    application = application_parts.first(pk)

The first call in a process compiles the function's queryset twice, with two different
stand-in values for each argument, and keeps the SQL. The two compilations must give the
same SQL, and each stand-in must appear among the parameters as given, so a value the
ORM would write into the SQL text, reshape (``__contains`` wraps it in ``%``) or let
change the query's shape (``None``, an empty list) is refused then, at the first call,
not answered wrongly later. Every later call runs the kept SQL with its own values, and
Django's own iterable turns the rows into model instances (``select_related`` included),
dicts or tuples, as the queryset would have.

What a compiled function may do: filter, exclude, order, slice, ``select_related``,
``only``/``defer``, ``values``/``values_list``, ``select_for_update`` (checked to run
in a transaction, as Django checks). Its arguments are ``int`` or ``str`` (ids, keys,
codes); everything else in it is a constant of the code, never a value of the moment
(``timezone.now()`` would be frozen at the first call; so would the time zone a
``__date`` lookup sends). One shape is kept per function and process: the project reads
one database. Each use is tested against the
ORM's own answer (tests/test_compiled.py checks the mechanism).
"""

import inspect
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast, get_type_hints

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query
from django.db.transaction import TransactionManagementError

#: Stand-in values, two sets: far from any id a table holds, within a 32-bit column's
#: range (Django answers a larger value for an integer column with no query at all).
_INT_STAND_INS = (2_147_000_001, 2_147_000_501)
_INT64 = 2**63


def _stand_in(kind: type, number: int, which: int) -> object:
    if kind is int:
        return _INT_STAND_INS[which] + number
    # Upper case and LIKE's special characters: a lookup that lowercases or escapes its
    # value changes the stand-in, and so is refused.
    return f"\x1fCompiled%_\\{'ab'[which]}{number}\x1f"


@dataclass(frozen=True)
class _Shape:
    """What one compilation of the function's queryset left, for one database."""

    template: QuerySet[Any, Any]
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]  # (position among the parameters, argument)
    compiler_class: type[SQLCompiler]
    compiler_state: dict[str, Any]  # the compiler after as_sql(): select, klass_info, ...


class _CompiledSQL(SQLCompiler):
    """A compiler whose SQL was compiled before: ``as_sql`` answers it."""

    compiled_sql: str
    compiled_params: tuple[Any, ...]

    def as_sql(self, with_limits: bool = True, with_col_aliases: bool = False) -> Any:
        return self.compiled_sql, self.compiled_params


class _CompiledQuery(Query):
    """The query of one call: its shape's compiler, with this call's parameters."""

    shape: _Shape
    values: tuple[Any, ...]

    def get_compiler(
        self, using: str | None = None, connection: Any = None, elide_empty: bool = True
    ) -> SQLCompiler:
        shape = self.shape
        cls = _compiler_class(shape.compiler_class)
        compiler = cls.__new__(cls)  # its state copied from the compilation, not set up
        compiler.__dict__.update(shape.compiler_state)
        compiler.connection = connection or connections[using or shape.template.db]
        compiler.compiled_sql = shape.sql
        compiler.compiled_params = self.values
        features = compiler.connection.features
        if (
            shape.template.query.select_for_update
            and features.has_select_for_update
            and features.supports_transactions
            and compiler.connection.get_autocommit()
        ):
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        return compiler

    def clone(self) -> Query:
        # A filter, count or slice added now would not reach the compiled SQL.
        raise TypeError("a compiled query's queryset cannot be chained; iterate it as it is")


_compiler_classes: dict[type[SQLCompiler], type[_CompiledSQL]] = {}


def _compiler_class(base: type[SQLCompiler]) -> type[_CompiledSQL]:
    # The database's own compiler class below ours, so its other methods stay its own.
    found = _compiler_classes.get(base)
    if found is None:
        found = _compiler_classes[base] = type(f"Compiled{base.__name__}", (_CompiledSQL, base), {})
    return found


class CompiledQuery[**P, R]:
    """A queryset-returning function whose SQL is compiled once per process."""

    def __init__(self, build: Callable[P, QuerySet[Any, R]]) -> None:
        self.build = build
        self.__doc__ = build.__doc__
        hints = get_type_hints(build)
        self.kinds: list[type] = []
        for name in inspect.signature(build).parameters:
            kind = hints.get(name)
            if kind not in (int, str):
                raise TypeError(f"{build.__qualname__}: argument {name} must be int or str")
            self.kinds.append(kind)
        self.shape: _Shape | None = None
        self.lock = threading.Lock()

    def _shape(self) -> _Shape:
        shape = self.shape
        if shape is None:
            with self.lock:
                shape = self.shape = self.shape or self._compile()
        return shape

    def _compile(self) -> _Shape:
        name = self.build.__qualname__
        build: Callable[..., QuerySet[Any, R]] = self.build  # called with stand-ins
        compiled = []
        for which in (0, 1):
            stand_ins = [_stand_in(k, n, which) for n, k in enumerate(self.kinds)]
            template = build(*stand_ins)
            compiler = template.query.get_compiler(using=template.db)
            try:
                sql, params = compiler.as_sql()
            except (EmptyResultSet, FullResultSet) as error:
                raise ValueError(f"{name}: a stand-in value leaves no query to run") from error
            compiled.append((template, compiler, sql, tuple(params), stand_ins))
        (template, compiler, sql, params, stand_ins), (_, _, other_sql, other, others) = compiled
        if sql != other_sql or len(params) != len(other):
            raise ValueError(f"{name}: its SQL changes with its arguments")
        slots = []
        for position, (first, second) in enumerate(zip(params, other, strict=True)):
            if first == second:
                continue  # a constant of the code
            if (
                first not in stand_ins
                or type(first) is not type(stand_ins[stand_ins.index(first)])
                or second != others[stand_ins.index(first)]
            ):
                # A parameter that is neither a constant nor an argument as given: one
                # reshaped (``%name%``) or a value of the moment (``timezone.now()``).
                raise ValueError(f"{name}: an argument is changed before it reaches the SQL")
            slots.append((position, stand_ins.index(first)))
        if {argument for _, argument in slots} != set(range(len(self.kinds))):
            raise ValueError(f"{name}: an argument does not reach the SQL as a parameter")
        return _Shape(template, sql, params, tuple(slots), type(compiler), compiler.__dict__)

    def queryset(self, *args: P.args, **kwargs: P.kwargs) -> QuerySet[Any, R]:
        """The queryset for these arguments, its SQL already compiled. Iterate it as it
        is: a chained one (``.filter()``, ``.count()``) would start from the template."""
        if kwargs:
            raise TypeError(f"{self.build.__qualname__}: pass the arguments by position")
        _check(self.kinds, args)
        shape = self._shape()
        queryset = shape.template.all()  # a fresh clone: no rows kept, the same iterable
        if any(isinstance(v, int) and not -_INT64 <= v < _INT64 for v in args):
            # An id no 64-bit column holds matches no row: the ORM answers it without a
            # query (and SQLite could not bind it).
            return queryset.none()
        parameters = list(shape.params)
        for position, argument in shape.slots:
            parameters[position] = args[argument]
        query = cast(_CompiledQuery, queryset.query)
        query.__class__ = _CompiledQuery  # as Query.chain(klass) turns a query into another
        query.shape = shape
        query.values = tuple(parameters)
        return queryset

    def list(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        """Every row, as the queryset would give them."""
        return list(self.queryset(*args, **kwargs))

    def first(self, *args: P.args, **kwargs: P.kwargs) -> R | None:
        """The first row, or None (the function slices its queryset to one row)."""
        rows = self.list(*args, **kwargs)
        return rows[0] if rows else None


def _check(kinds: Sequence[type], args: Sequence[object]) -> None:
    if len(args) != len(kinds):
        raise TypeError(f"expected {len(kinds)} arguments, got {len(args)}")
    for kind, value in zip(kinds, args, strict=True):
        # bool is an int to Python, not an id; None would change the SQL (IS NULL).
        if not isinstance(value, kind) or isinstance(value, bool):
            raise TypeError(f"expected {kind.__name__}, got {value!r}")


def compiled[**P, R](build: Callable[P, QuerySet[Any, R]]) -> CompiledQuery[P, R]:
    """Decorate a function of ``int``/``str`` arguments returning a queryset."""
    return CompiledQuery(build)
