"""Real threads for the concurrency tests: the jobs start at one moment and each has its own
database connection, as simultaneous requests would."""

import threading

from django.db import connection


def run_together(*jobs, expected=(), timeout=120):
    """Run every job on its own thread, all released at once by a barrier. Returns
    ``(results, errors)``: ``results`` in the order of ``jobs`` (a job's return value, or the
    exception it raised when that is one of ``expected``, else None); ``errors`` the repr of
    every other exception. A thread still running after ``timeout`` seconds fails the test:
    a deadlock must not hang the run."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    errors = []
    lock = threading.Lock()

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except expected as error:
            results[index] = error
        except Exception as error:  # noqa: BLE001 — every other failure is the test's to judge
            with lock:
                errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return results, errors
