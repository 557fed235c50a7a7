"""Browsers' connections spread evenly over the serving processes: the fewest connections rule.

A browser keeps its connection open and sends request after request over it, so the process
that accepted it serves them all. The kernel hands each new connection to whichever process
accepts first, which takes no account of how many each already holds. In the group benchmark's
mixed load, 16 browsers were split 11 and 5 between two processes: each process used one core,
so the 11 browsers on the first waited more than twice as long as the 5 on the second (median
120 against 46 ms), and their slowest answers set the load's p99.

Each process writes down how many connections it holds, in memory that every forked process
shares. A process holding more than one connection beyond the process with the fewest answers
with `Connection: close`. The browser opens a new connection for its next request, and that one
may go to another process. So a connection moves only while the split is uneven; once it is
even, connections stay open. This is the rule that nginx's `least_conn` and HAProxy's
`leastconn` apply when they pick a server.

What it costs: few reconnections (0 to 6 in a 15-s run of the mixed load, nearly all while the
browsers log in). With PostgreSQL at full load it served fewer requests a second in 7 of 8
runs paired with runs without it (up to 21% fewer), at about the same p99, probably because both
processes busy at once share the two cores with PostgreSQL's own processes (not tested). On
SQLite there was no such cost.
"""

import multiprocessing

from waitress.channel import HTTPChannel
from waitress.task import WSGITask

# How many more connections than the process with the fewest a process may hold before it closes
# one: with none, two processes holding 5 and 4 would pass a connection back and forth.
EVEN_ENOUGH = 1


class ConnectionCounts:
    """How many browser connections each serving process holds, in memory shared across forks."""

    def __init__(self, processes: int):
        """One count per process, all zero; made before the processes are forked."""
        self._counts = multiprocessing.RawArray("i", processes)
        self._mine = 0

    def belong_to(self, process: int) -> None:
        """In a forked process: its count is the one at index `process`."""
        self._mine = process

    def note(self, held: int) -> None:
        """This process now holds `held` connections."""
        self._counts[self._mine] = held

    def holds_too_many(self, held: int) -> bool:
        """Note that this process holds `held` connections; whether that is more than one beyond
        the process with the fewest."""
        self.note(held)
        return held > min(self._counts) + EVEN_ENOUGH


class SpreadingTask(WSGITask):
    """A request's answer that closes its connection when its process holds too many."""

    def build_response_header(self):
        """Ask the browser to reconnect when this process holds more than its share."""
        counts = self.channel.server.connection_counts
        if counts is not None and counts.holds_too_many(open_connections(self.channel._map)):
            self.set_close_on_finish()
        return super().build_response_header()


class CountedChannel(HTTPChannel):
    """A connection counted in its process's share as it opens and closes; its answers ask the
    browser to reconnect while the process holds too many. Its listener has `connection_counts`
    (None: the only process)."""

    task_class = SpreadingTask

    def __init__(self, server, sock, addr, adj, map=None):
        """Open the connection, and count it."""
        super().__init__(server, sock, addr, adj, map)
        self._count_connections()

    def del_channel(self, map=None):
        """Take the closed connection off the process's count."""
        super().del_channel(map)
        self._count_connections()

    def _count_connections(self) -> None:
        """Write down how many connections this process holds now."""
        if self.server.connection_counts is not None:
            self.server.connection_counts.note(open_connections(self._map))


def open_connections(channels: dict) -> int:
    """The connections among a process's channels (its listeners and wake-up pipe aside) that are
    not about to close: an answer already sent may reach the browser before its connection is
    gone from the map."""
    return sum(
        1 for channel in channels.values()
        if isinstance(channel, HTTPChannel)
        and not (channel.will_close or channel.close_when_flushed)
    )
