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
from core.messages import Message, verbatim

ERROR_FILE = "error.txt"

_NODE_PATTERNS = (re.compile(r"\{\{node ([^}\s]+)\}\}"), re.compile(r"Detected at node (\S+)"))
# Node names ({{node ...}}, [[...]]), op tags ([Op:Conv2DBackpropInput] name:) and TensorFlow's advice.
_NOISE = re.compile(r"\{\{[^}]*\}\}|\[\[.*?\]\]|\[Op:[^\]]*\]( name:\s*\S*)?|"
                    r"Please file a feature request if you run into this issue\.")
_KERAS_SUFFIX = re.compile(r"_\d+$")  # Keras numbers a name scope used twice: conv2_block1_2_conv_1.
_MAX_REASON = 240

_GROUPED_HINT = Message("failure.hint_grouped", setting="TONGUELENS_GROUPED_CONV=fallback", auto="auto")
# (words in the reason or the error type, what to try); the first match wins. None: see `hint`.
_HINTS = (
    (("resourceexhausted", "out of memory", " oom ", "oom when allocating"), Message("failure.hint_memory")),
    (("inf or nan", "nan values", "check_numerics"), Message("failure.hint_nan")),
    (("grouped convolution",), _GROUPED_HINT),
)
_DEFAULT_HINT = Message("failure.hint_default", precision="float32", file=ERROR_FILE)
# What a run was doing when it failed (the `phase` of `describe` and `record`).
PHASES = {"training": Message("failure.phase_training"),
          "evaluating the best model": Message("failure.phase_evaluating")}


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
    """What to try for this failure, in a few words (a `Message`).

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
    """One line: what failed, where, and what to try (a `Message`; TensorFlow's own words stay as written).

    Args:
        error: the exception.
        model: the model that ran, to name the failing layer.
        phase: what the run was doing: a key of `PHASES` ("training", "evaluating the best model").
        epoch: the 1-based epoch, when known.
    """
    layer = failing_layer(failing_node(error), model)
    layers = {found.name: found for found in _all_layers(model)}
    said = {"phase": PHASES.get(phase) or verbatim(phase), "summary": verbatim(summarize(error)),
            "hint": hint(error, layers.get(layer))}
    if layer and epoch:
        return Message("failure.inside_layer_epoch", **said, layer=layer, epoch=epoch)
    if layer:
        return Message("failure.inside_layer", **said, layer=layer)
    if epoch:
        return Message("failure.inside_epoch", **said, epoch=epoch)
    return Message("failure.inside", **said)


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
        (one-line message, a `Message`; full text).
    """
    message = _kept(describe(error, model, phase=phase, epoch=epoch), run_dir, state)
    text = details(error, message)
    error_path = Path(run_dir) / ERROR_FILE
    try:
        atomic.write_text(error_path, text)
    except OSError:  # A full disk may be why it failed; the message still goes out.
        return message, text
    return Message("failure.details_in", message=message, path=str(error_path)), text


def _kept(failure, run_dir, state):
    """The failure, then what the run folder keeps."""
    if state.best_epoch is None:
        return Message("failure.kept_nothing", failure=failure, folder=str(run_dir))
    return Message("failure.kept_best", failure=failure, folder=str(run_dir), best=state.best_epoch,
                   done=state.epochs_done)


def details(error, message):
    """The text of `error.txt`: the one-line message, then TensorFlow's whole error and the traceback."""
    full = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return f"{message}\n\n{full}"


def _all_layers(model):
    for layer in getattr(model, "layers", ()):
        yield layer
        yield from _all_layers(layer)
