"""The classifier's bounded decode look-ahead (a speed fix from issue 8): order kept, few decodes ahead."""

import concurrent.futures
import threading

from core.predictor import _in_order


def test_results_come_in_input_order():
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        assert list(_in_order(pool, lambda item: item * item, range(50), ahead=5)) == [i * i for i in range(50)]


def test_closing_after_a_cancel_leaves_the_rest_of_the_folder_undecoded():
    started = []
    lock = threading.Lock()

    def decode(item):
        with lock:
            started.append(item)
        return item

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = _in_order(pool, decode, range(10_000), ahead=8)
        assert [next(results) for _ in range(3)] == [0, 1, 2]
        results.close()
    # pool.map would have decoded all 10,000 before the pool could shut down.
    assert len(started) <= 3 + 8
