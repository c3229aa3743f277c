"""Both cores for the pipeline: reading the content files, and the page generators (shared
with a forked process, each taking the next one when it is free). Results come back in order,
so the output is the same bytes as a serial run.

Only where it is safe and pays: a Unix ``fork``, more than one CPU, a single-threaded process
(``mkdocs serve`` has server threads, so the preview stays serial) and a large site. Each
generator's whole Output (pages, files, photos, problems, links to check) comes back.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading

# Generators that take longest, heaviest first (at ten years: 3.4, 3.1, 3.0, 1.6, 1.5 s...):
# each process takes the next generator when it is free, so starting with the big ones ends
# with both busy until the last small one. Names not listed follow in their own order.
HEAVIEST = ("activities", "places", "stats", "stories", "themes", "units", "volunteers", "chronicle")
MIN_RECORDS = 2000  # below this a fork costs more than it saves


def generate(generators, run, records: int) -> list:
    """``[run(g) for g in generators]``. On a big site (``records`` dated records or more than
    MIN_RECORDS) this process and a forked one share the generators (heaviest first), each
    taking the next when it is free; the results come back in the order of ``generators``."""
    if records < MIN_RECORDS or not _can_fork() or len(generators) > 255:
        return [run(generator) for generator in generators]
    order = sorted(range(len(generators)), key=lambda i: _rank(generators[i].__name__, i))
    done, _ = _share(order, lambda i: run(generators[i]))
    return [done[i] for i in range(len(generators))]


def _rank(name: str, index: int) -> tuple:
    return (HEAVIEST.index(name), 0) if name in HEAVIEST else (len(HEAVIEST), index)


CHUNK = 500  # items of map_split taken at a time


def map_split(func, items: list) -> list:
    """``[func(x) for x in items]``, shared with a forked process in chunks (each process takes
    the next chunk when it is free)."""
    if len(items) < MIN_RECORDS or not _can_fork():
        return [func(item) for item in items]
    size = max(CHUNK, -(-len(items) // 255))
    starts = range(0, len(items), size)
    done, _ = _share(list(range(len(starts))), lambda i: [func(item) for item in items[starts[i] : starts[i] + size]])
    return [out for i in range(len(starts)) for out in done[i]]


def _share(order: list[int], run, extra=None) -> tuple[dict, object]:
    """``run(i)`` for every number in ``order`` (at most 255), here and in a forked process: each
    takes the next number from a pipe when it is free, so neither waits long for the other.
    Returns the results by number and what ``extra()`` returned in the forked process at the end."""
    read, write = os.pipe()
    os.write(write, bytes(order))  # a few bytes: never blocks
    os.close(write)

    def take() -> int | None:
        number = os.read(read, 1)
        return number[0] if number else None

    def run_taken() -> dict:
        done = {}
        while (i := take()) is not None:
            done[i] = run(i)
        return done

    wait = _forked(lambda: (run_taken(), extra() if extra else None))
    try:
        mine = run_taken()
    except BaseException:
        while take() is not None:  # the other process stops after its current task
            pass
        with contextlib.suppress(Exception):  # this process's error is the one reported
            wait()
        raise
    finally:
        os.close(read)
    theirs, more = wait()
    return {**mine, **theirs}, more


def _forked(work):
    """Start ``work()`` in a forked process; returns a function that waits for its result
    (raising here what it raised there). The result comes back pickled through a pipe,
    drained by a thread while this process works."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read)
            try:
                data = work()
            except Exception as err:  # raised again in the parent, as a serial run would
                data = err
            with os.fdopen(write, "wb") as out:
                pickle.dump(data, out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    result: dict = {}
    reader = threading.Thread(target=_receive, args=(read, result))
    reader.start()

    def wait():
        reader.join()
        _, status = os.waitpid(pid, 0)
        if "data" not in result or os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"the forked process failed (status {status})")
        if isinstance(result["data"], Exception):
            raise result["data"]
        return result["data"]

    return wait


def _can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _receive(fd: int, result: dict) -> None:
    with os.fdopen(fd, "rb") as source, contextlib.suppress(EOFError):
        result["data"] = pickle.load(source)
