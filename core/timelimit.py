"""Running a reader of untrusted files in a child process, with a time limit.

Some damaged HDF5 files send libhdf5 into an endless loop at full CPU, or crash it. Python
cannot interrupt C code in a thread, so such reads run in a separate Python process
(started fresh with "spawn": it shares nothing with the app, Qt or TensorFlow), which is
killed when it takes too long. The child answers in JSON, never in pickles, so even a
child whose memory a bad file corrupted cannot make this process run anything.

    result = run_in_child(read_weights, (path, folder), time_limit_s=30)
"""

import json
import multiprocessing

from core.messages import Message, verbatim

# The most bytes of JSON a child may answer with (its bulky results go through files).
_MAX_ANSWER_BYTES = 64 << 20


class ChildFailed(RuntimeError):
    """The child took too long, died, or raised; `str(error)` says which, in one line.

    Attributes:
        message: the same as a `core.messages.Message` (the child's own error: `verbatim`).
        timed_out: True when it was stopped for taking longer than its time limit.
    """

    def __init__(self, message, timed_out=False):
        super().__init__(message)
        self.message = message
        self.timed_out = timed_out


def run_in_child(function, args, time_limit_s):
    """Runs `function(*args)` in a new Python process and returns what it returns.

    Args:
        function: a module-level function (the child imports it by name); it must return
            something JSON can hold.
        args: its arguments (picklable; they go from here to the child).
        time_limit_s: seconds the child may take, start-up included; then it is killed.

    Returns:
        The function's return value, read back from JSON.

    Raises:
        ChildFailed: it ran out of time, died (a crash in C code) or raised an exception.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(sender, function, args), daemon=True,
                            name="tonguelens-reader")
    child.start()
    sender.close()  # Only the child holds the sending end now: its death ends the pipe.
    try:
        if not receiver.poll(time_limit_s):
            raise ChildFailed(Message("child.timed_out", seconds=f"{time_limit_s:g}"), timed_out=True)
        try:
            answer = json.loads(receiver.recv_bytes(_MAX_ANSWER_BYTES).decode("utf-8"))
        except (EOFError, OSError, ValueError):
            child.join(5)
            raise ChildFailed(Message("child.died", code=child.exitcode)) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if "error" in answer:
        raise ChildFailed(verbatim(answer["error"]))
    return answer["result"]


def _child_main(sender, function, args):
    try:
        answer = {"result": function(*args)}
    except Exception as error:  # noqa: BLE001  Everything goes back to the parent as one line.
        answer = {"error": f"{type(error).__name__}: {' '.join(str(error).split())[:500]}"}
    sender.send_bytes(json.dumps(answer).encode("utf-8"))
    sender.close()
