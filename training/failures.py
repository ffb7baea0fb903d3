"""A training run that fails inside TensorFlow or Keras, told in one line instead of a traceback.

TensorFlow's errors are pages long: a "Graph execution error", the Python frames where the
failing op was defined, the reason, and the node, e.g.
`gradient_tape/resnext_mini_1/conv4_block2_2_conv_1/convolution/Conv2DBackpropInput`. The user
needs what failed, in which layer (read from the node's name), what to try, and what the run
folder kept; the whole text goes to the run folder's `error.txt` for a bug report.
"""

import re
import traceback
from pathlib import Path

from core import atomic

ERROR_FILE = "error.txt"

_NODE_PATTERNS = (re.compile(r"\{\{node ([^}\s]+)\}\}"), re.compile(r"Detected at node (\S+)"))
# Node names ({{node ...}}, [[...]]), op tags ([Op:Conv2DBackpropInput] name:) and TensorFlow's advice.
_NOISE = re.compile(r"\{\{[^}]*\}\}|\[\[.*?\]\]|\[Op:[^\]]*\]( name:\s*\S*)?|"
                    r"Please file a feature request if you run into this issue\.")
_KERAS_SUFFIX = re.compile(r"_\d+$")  # Keras numbers a name scope used twice: conv2_block1_2_conv_1.
_MAX_REASON = 240

_GROUPED_HINT = ("this CPU's TensorFlow lacks a grouped-convolution kernel; set TONGUELENS_GROUPED_CONV=fallback "
                 "(or leave it unset: auto) to compute the gradient group by group")
# (words in the reason or the error type, what to try); the first match wins. None: see `hint`.
_HINTS = (
    (("resourceexhausted", "out of memory", " oom ", "oom when allocating"),
     "use a smaller batch size or image size"),
    (("inf or nan", "nan values", "check_numerics"),
     "use a lower learning rate"),
    (("grouped convolution",), _GROUPED_HINT),
)
_DEFAULT_HINT = ("float32 precision, a smaller batch size or another architecture; if it persists, report it "
                 f"with {ERROR_FILE} from the run folder")


def summarize(error):
    """The sentence that says what failed, without TensorFlow's traceback and node lines.

    Args:
        error: any exception (a `tf.errors.OpError` has the most to say).

    Returns:
        "<ErrorType>: <reason>", on one line, at most about 240 characters.
    """
    text = getattr(error, "message", None) or str(error)
    kept = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line == "Graph execution error:" or line.startswith(("File ", "Detected at node", "[[")):
            continue
        kept.append(line)
    reason = " ".join(_NOISE.sub(" ", " ".join(kept)).split()) or type(error).__name__
    if len(reason) > _MAX_REASON:
        reason = reason[:_MAX_REASON - 3].rstrip() + "..."
    return f"{type(error).__name__}: {reason}"


def failing_node(error):
    """The name of the graph node that failed, or None."""
    text = getattr(error, "message", None) or str(error)
    for pattern in _NODE_PATTERNS:
        match = pattern.search(text)
        if match:
            return match.group(1)
    return None


def failing_layer(node, model):
    """The innermost layer of `model` whose name is part of `node`'s name scope, or None.

    Args:
        node: a node name such as `gradient_tape/resnext_mini_1/conv4_block2_2_conv_1/convolution/Conv2DBackpropInput`.
        model: the `keras.Model` that ran (nested models are searched too).
    """
    if not node or model is None:
        return None
    names = {layer.name for layer in _all_layers(model)}
    for part in reversed(node.split("/")[:-1]):
        for candidate in (part, _KERAS_SUFFIX.sub("", part)):
            if candidate in names:
                return candidate
    return None


def hint(error, layer=None):
    """What to try for this failure, in a few words.

    Args:
        error: the exception.
        layer: the failing layer, when known: a grouped convolution's kernels differ between CPUs
            (its gradient's errors do not always say "grouped", e.g. "filter_size does not have
            enough elements").
    """
    text = f" {type(error).__name__} {getattr(error, 'message', None) or error} ".lower()
    for words, advice in _HINTS:
        if any(word in text for word in words):
            return advice
    if getattr(layer, "groups", 1) > 1:
        return _GROUPED_HINT
    return _DEFAULT_HINT


def describe(error, model=None, phase="training", epoch=None):
    """One line: what failed, where, and what to try.

    Args:
        error: the exception.
        model: the model that ran, to name the failing layer.
        phase: what the run was doing ("training", "evaluating the best model").
        epoch: the 1-based epoch, when known.
    """
    layer = failing_layer(failing_node(error), model)
    where = "".join((f" in layer '{layer}'" if layer else "", f" during epoch {epoch}" if epoch else ""))
    layers = {found.name: found for found in _all_layers(model)}
    return f"{phase} failed inside TensorFlow{where} ({summarize(error)}); try: {hint(error, layers.get(layer))}"


def record(error, run_dir, state, model, phase, epoch=None):
    """Writes `error.txt` in the run folder and returns the message for the user and the details.

    Args:
        error: the exception.
        run_dir: the run folder (a `Path`).
        state: the run's `training.runfolder.RunState` (what the folder keeps).
        model: the model that ran.
        phase: what the run was doing.
        epoch: the 1-based epoch, when known.

    Returns:
        (one-line message, full text).
    """
    message = f"{describe(error, model, phase=phase, epoch=epoch)}. {_kept(run_dir, state)}"
    text = details(error, message)
    error_path = Path(run_dir) / ERROR_FILE
    try:
        atomic.write_text(error_path, text)
    except OSError:  # A full disk may be why it failed; the message still goes out.
        return message, text
    return f"{message}; details in {error_path}", text


def _kept(run_dir, state):
    if state.best_epoch is None:
        return f"No epoch finished, so the run folder {run_dir} holds no model yet"
    return (f"The run folder {run_dir} keeps the best model (epoch {state.best_epoch}) and a checkpoint after "
            f"epoch {state.epochs_done} to resume from")


def details(error, message):
    """The text of `error.txt`: the one-line message, then TensorFlow's whole error and the traceback."""
    full = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return f"{message}\n\n{full}"


def _all_layers(model):
    for layer in getattr(model, "layers", ()):
        yield layer
        yield from _all_layers(layer)
