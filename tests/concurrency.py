"""Calls made at the same moment, for the tests that prove counts and locks hold under
concurrency: each call runs in its own thread with its own database connection, and a
barrier releases them together. Only meaningful on PostgreSQL (SQLite serialises
writers), which the tests using it require."""

import threading

from django.db import close_old_connections, connections


def run_at_once(calls, *, expected=(), timeout=120):
    """Run each callable in its own thread, all released together; wait for them.

    Returns ``(results, errors)``: ``results`` in call order, each what the call returned
    or the exception it raised if that is one of the ``expected`` types (an answer, such
    as a refusal); ``errors`` every other exception raised.
    """
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def worker(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except expected as answer:
            results[index] = answer
        except Exception as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    close_old_connections()
    return results, errors
