"""Statements built once per process and run with bound values.

Building a large SELECT (its subqueries, window functions and cache key) costs several times
more than running it on a member's indexed rows, so the pages' biggest queries are built on first
use from the parameters below and run with `{"owner_id": ..., "now": ...}`. A builder decorated
with `built_once` takes no arguments: anything that varies goes in as a parameter, including the
limits (tests change them).
"""

from functools import cache

from sqlalchemy import bindparam

built_once = cache

OWNER_ID = bindparam("owner_id")
NOW = bindparam("now")
TODAY = bindparam("today")
