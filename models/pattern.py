"""The cs231n pattern language, parsed in pure Python (no Keras).

    INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> [FC -> RELU]*2 -> FC

Layers and their parameters (defaults are the seed's habits):

    CONV(K=64, F=3, S=1, P=1, D=1)   K filters of F x F, stride S, zero padding P (or `same`),
                                     dilation D; without K, filters start at 32 and double
                                     after each POOL
    RELU
    POOL(F=2, S=2, type=max)         type is max, avg or l2
    NORM                             batch norm
    DROPOUT(p=0.5)
    FC(N=128)                        fully connected; the last FC gets the number of classes
    GAP                              global average pool

`[ ... ]*N` repeats a group; `INPUT` may open the pattern. `parse` turns text into a
`PatternSpec` (layers in order, repeats unrolled); `plan` names every layer and fills in
every default, giving the list that both the Keras builder and the layer table use.
"""

import dataclasses
import difflib
import re

from core.messages import Message, MessageError

LAYER_KINDS = ("CONV", "RELU", "POOL", "NORM", "DROPOUT", "FC", "GAP")
# The most layers a pattern may unfold to. The deepest case study, ResNet-152, has about 500 Keras
# layers; `[[CONV]*1000]*1000` took a minute and 900 MB to tabulate, and a count of 10^20 overflowed.
MAX_LAYERS = 1000
_KEYWORDS = ("INPUT",) + LAYER_KINDS

_POOL_TYPES = ("max", "avg", "l2")
# The parameters each layer kind takes.
_PARAMETERS = {
    "CONV": ("K", "F", "S", "P", "D"),
    "POOL": ("F", "S", "TYPE"),
    "DROPOUT": ("P",),
    "FC": ("N",),
    "RELU": (),
    "NORM": (),
    "GAP": (),
}
DEFAULTS = {
    "CONV": {"F": 3, "S": 1, "P": 1, "D": 1},
    "POOL": {"F": 2, "S": 2, "TYPE": "max"},
    "DROPOUT": {"P": 0.5},
    "FC": {"N": 128},
}
FIRST_FILTERS = 32

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<arrow>-+>|→|—+>)
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<symbol>[()\[\],=*])
  | (?P<optional>\?)
""", re.VERBOSE)


class PatternError(MessageError):
    """A pattern that cannot be read; `column` (1-based) says where.

    Attributes:
        column: column of the offending text in the pattern, counting from 1.
        text: the whole pattern.
        reason: what was wrong or expected, without the column (a `core.messages.Message`).
        message: "column N: reason", which the app shows in its language.
    """

    def __init__(self, reason, column, text=""):
        self.reason = reason
        self.column = column
        self.text = text
        super().__init__(Message("pattern.at_column", column=column, reason=reason))

    def caret_lines(self):
        """Returns the pattern and a line with `^` under the offending column."""
        return f"{self.text}\n{' ' * (self.column - 1)}^"


@dataclasses.dataclass(frozen=True)
class LayerSpec:
    """One layer as written: its kind, the parameters given, and where it was written.

    Attributes:
        kind: one of `LAYER_KINDS`.
        args: the parameters given, names upper-cased (`{"K": 64, "F": 3}`).
        column: column of the layer keyword.
    """

    kind: str
    args: dict
    column: int

    def value(self, key):
        """The parameter `key`, or its default."""
        return self.args.get(key, DEFAULTS.get(self.kind, {}).get(key))


@dataclasses.dataclass
class PatternSpec:
    """A parsed pattern: the layers in order, with repeats unrolled.

    Attributes:
        text: the pattern as written.
        layers: `LayerSpec`s, one per layer of the network.
    """

    text: str
    layers: list

    def __iter__(self):
        return iter(self.layers)

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, index):
        return self.layers[index]


@dataclasses.dataclass(frozen=True)
class PlannedLayer:
    """One layer of a network made from a pattern, named and with every default filled in.

    Attributes:
        name: the Keras layer name (`block2_conv1`, `fc1`, `predictions`).
        type: the Keras layer class (`Conv2D`, `MaxPooling2D`, `Dense`, ...).
        kind: the pattern kind, or `FLATTEN` for the flatten added before the first FC.
        config: resolved parameters (CONV: K F S P D; POOL: F S TYPE; FC: N; DROPOUT: P).
        column: where the layer was written (0 for an added one).
    """

    name: str
    type: str
    kind: str
    config: dict
    column: int


def looks_like_pattern(text):
    """True when `text` reads like a pattern: it opens with `[` or a pattern keyword, or has `->`."""
    if not isinstance(text, str):
        return False
    stripped = text.strip()
    if stripped.startswith("[") or "->" in stripped or "→" in stripped:
        return True
    match = re.match(r"[A-Za-z]+", stripped)
    return bool(match) and match.group(0).upper() in _KEYWORDS


def parse(text):
    """Parses a pattern into a `PatternSpec`.

    Args:
        text: e.g. `INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> [FC -> RELU]*2 -> FC`.

    Returns:
        A `PatternSpec`.

    Raises:
        PatternError: a syntax error or a bad parameter; `column` says where.
    """
    parser = _Parser(text)
    return PatternSpec(text=text, layers=parser.parse())


class _Parser:
    """Recursive descent over the tokens: sequence := item ('->' item)*; item := atom ('*' N)?."""

    def __init__(self, text):
        self.text = text
        self.tokens = _tokenize(text)
        self.position = 0

    def parse(self):
        if not self.tokens:
            raise PatternError(Message("pattern.empty"), 1, self.text)
        if self._peek_word() == "INPUT":
            self._take_input()
        layers = self._sequence()
        token = self._peek()
        if token is not None:
            found = _describe(token)
            self._fail(Message("pattern.arrow_or_end", found=found) if token[1] != "]"
                       else Message("pattern.expected_end", found=found), token)
        _check_ends_in_fc(layers, self.text)
        return layers

    def _take_input(self):
        self._next()
        token = self._peek()
        if token is None:
            raise PatternError(Message("pattern.layer_after_input"), len(self.text) + 1, self.text)
        if token[1] == "(":
            self._fail(Message("pattern.input_parameters", example="--input 32x32x3"), token)
        if token[0] != "arrow":
            self._fail(Message("pattern.arrow_after_input", found=_describe(token)), token)
        self._next()

    def _sequence(self):
        first = self._peek()
        layers = self._item()
        while self._peek() is not None and self._peek()[0] == "arrow":
            self._next()
            layers.extend(self._item())
            self._check_depth(layers, first)
        return layers

    def _check_depth(self, layers, token):
        if len(layers) > MAX_LAYERS:
            self._fail(Message("pattern.too_many_layers", count=len(layers), most=MAX_LAYERS), token)

    def _item(self):
        layers = self._atom()
        token = self._peek()
        if token is not None and token[0] == "optional":  # Read in order: `*N` before a later `POOL?` is said first.
            self._fail(Message("pattern.optional_layer"), token)
        if token is not None and token[1] == "*":
            self._next()
            letter = self._peek()
            if letter is not None and letter[0] == "word" and len(letter[1]) == 1:  # The notes' *N, *M, *K.
                self._fail(Message("pattern.letter_count", letter=letter[1]), letter)
            count_token = self._expect_kind("number", Message("pattern.what.repeat_count"))
            if not count_token[1].isdigit() or int(count_token[1]) < 1:
                self._fail(Message("pattern.repeat_count", found=_describe(count_token)), count_token)
            # Checked before multiplying: a count of 10^20 does not fit a list's length.
            count = int(count_token[1])
            if count > MAX_LAYERS or len(layers) * count > MAX_LAYERS:
                self._fail(Message("pattern.too_many_layers", count=len(layers) * count, most=MAX_LAYERS), count_token)
            layers = layers * count
        return layers

    def _atom(self):
        token = self._peek()
        if token is None:
            raise PatternError(Message("pattern.layer_at_end", kinds=", ".join(LAYER_KINDS)), len(self.text) + 1,
                               self.text)
        if token[1] == "[":
            self._next()
            layers = self._sequence()
            closing = self._peek()
            if closing is None or closing[1] != "]":
                column = len(self.text) + 1 if closing is None else closing[2]
                raise PatternError(Message("pattern.unclosed", column=token[2], found=_describe(closing)), column,
                                   self.text)
            self._next()
            return layers
        if token[0] == "optional":
            self._fail(Message("pattern.optional_layer"), token)
        if token[0] != "word" or token[1].upper() not in LAYER_KINDS:
            self._fail(_expected_layer_message(token), token)
        self._next()
        kind = token[1].upper()
        args = self._arguments(kind) if self._peek() is not None and self._peek()[1] == "(" else {}
        return [LayerSpec(kind=kind, args=args, column=token[2])]

    def _arguments(self, kind):
        opening = self._next()
        allowed = _PARAMETERS[kind]
        if not allowed:
            self._fail(Message("pattern.no_parameters", kind=kind), opening)
        args = {}
        while True:
            names = ", ".join(_display_names(kind))
            name_token = self._expect_kind("word", Message("pattern.what.parameter", kind=kind, names=names))
            key = name_token[1].upper()
            if key not in allowed:
                self._fail(Message("pattern.unknown_parameter", kind=kind, name=name_token[1], names=names),
                           name_token)
            if key in args:
                self._fail(Message("pattern.parameter_twice", name=name_token[1]), name_token)
            self._expect_symbol("=", Message("pattern.what.equals", name=name_token[1]))
            value_token = self._peek()
            if value_token is None or value_token[0] not in ("number", "word"):
                self._fail(Message("pattern.value_expected", name=name_token[1]), value_token)
            self._next()
            args[key] = _check_value(kind, key, value_token, self.text)
            separator = self._peek()
            if separator is not None and separator[1] == ",":
                self._next()
                continue
            self._expect_symbol(")", Message("pattern.what.comma_or_close"))
            return args

    # Token helpers.

    def _peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _peek_word(self):
        token = self._peek()
        return token[1].upper() if token is not None and token[0] == "word" else None

    def _next(self):
        token = self._peek()
        self.position += 1
        return token

    def _expect_kind(self, kind, expected):
        token = self._peek()
        if token is None or token[0] != kind:
            self._fail(Message("pattern.expected", expected=expected, found=_describe(token)), token)
        return self._next()

    def _expect_symbol(self, symbol, expected):
        token = self._peek()
        if token is None or token[1] != symbol:
            self._fail(Message("pattern.expected", expected=expected, found=_describe(token)), token)
        return self._next()

    def _fail(self, reason, token):
        column = token[2] if token is not None else len(self.text) + 1
        raise PatternError(reason, column, self.text)


def _tokenize(text):
    """Returns (kind, text, column) tokens, skipping spaces."""
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise PatternError(Message("pattern.unexpected_character", character=text[position]), position + 1, text)
        if match.lastgroup != "space":
            tokens.append((match.lastgroup, match.group(0), position + 1))
        position = match.end()
    return tokens


def _describe(token):
    """What was found: the token quoted, or the end of the pattern."""
    return Message("pattern.end") if token is None else Message("pattern.quoted", text=token[1])


def _display_names(kind):
    """Parameter names as the user writes them: `p` for DROPOUT, `type` for POOL."""
    return [key.lower() if kind == "DROPOUT" or key == "TYPE" else key for key in _PARAMETERS[kind]]


def _expected_layer_message(token):
    kinds = ", ".join(LAYER_KINDS)
    if token[0] == "word":
        if token[1].upper() == "INPUT":
            return Message("pattern.input_first")
        close = difflib.get_close_matches(token[1].upper(), LAYER_KINDS, n=1)
        if close:
            return Message("pattern.expected_layer_close", kinds=kinds, found=_describe(token), close=close[0])
    return Message("pattern.expected_layer", kinds=kinds, found=_describe(token))


def _check_value(kind, key, token, text):
    """Converts one parameter value, refusing values the layer cannot take."""
    raw = token[1]
    if kind == "POOL" and key == "TYPE":
        if raw.lower() not in _POOL_TYPES:
            raise PatternError(Message("pattern.pool_type", found=raw), token[2], text)
        return raw.lower()
    if kind == "CONV" and key == "P" and raw.lower() == "same":
        return "same"
    if kind == "DROPOUT":
        try:
            rate = float(raw)
        except ValueError:
            rate = -1.0
        if not 0.0 <= rate < 1.0:
            raise PatternError(Message("pattern.dropout", found=raw), token[2], text)
        return rate
    minimum = 0 if key == "P" else 1
    if not raw.isdigit() or int(raw) < minimum:
        reason = (Message("pattern.padding_value", kind=kind, parameter=key, found=raw) if key == "P"
                  else Message("pattern.positive_value", kind=kind, parameter=key, found=raw))
        raise PatternError(reason, token[2], text)
    return int(raw)


def _check_ends_in_fc(layers, text):
    if not layers or layers[-1].kind != "FC":
        column = layers[-1].column if layers else 1
        reason = Message("pattern.end_in_fc_found", kind=layers[-1].kind) if layers else Message("pattern.end_in_fc")
        raise PatternError(reason, column, text)


def plan(spec, num_classes):
    """Names every layer of a parsed pattern and fills in every default.

    Filters default to 32 and double after each POOL; the last FC gets `num_classes` and a
    softmax and is named `predictions`; a `Flatten` is added before the first FC when the
    volume is still spatial. Blocks are numbered by pools: `block1_conv1`, `block1_pool`,
    `block2_conv1`; the layers after an FC take its name (`fc1`, `fc1_relu`, `fc1_dropout`).

    Args:
        spec: a `PatternSpec` (or pattern text).
        num_classes: number of classes.

    Returns:
        A list of `PlannedLayer`.

    Raises:
        PatternError: a CONV, POOL or GAP after the volume was flattened, or CONV with both a
            stride and a dilation above 1 (Keras cannot combine them).
    """
    if isinstance(spec, str):
        spec = parse(spec)
    namer = _Namer()
    planned = []
    spatial = True
    pools = 0
    last_fc = max(index for index, layer in enumerate(spec.layers) if layer.kind == "FC")
    for index, layer in enumerate(spec.layers):
        if layer.kind in ("CONV", "POOL", "GAP") and not spatial:
            raise PatternError(Message("pattern.after_flatten", kind=layer.kind), layer.column, spec.text)
        if layer.kind == "FC" and spatial:
            planned.append(PlannedLayer("flatten", "Flatten", "FLATTEN", {}, 0))
            spatial = False
            namer.start_head()
        planned.append(_plan_layer(layer, namer, pools, index == last_fc, num_classes, spec.text))
        if layer.kind == "POOL":
            pools += 1
            namer.next_block()
        elif layer.kind == "GAP":
            spatial = False
            namer.start_head()
    return planned


def _plan_layer(layer, namer, pools, is_last_fc, num_classes, text):
    kind = layer.kind
    if kind == "CONV":
        config = {"K": layer.args.get("K", FIRST_FILTERS * 2 ** pools)}
        config.update({key: layer.value(key) for key in ("F", "S", "P", "D")})
        if config["S"] > 1 and config["D"] > 1:
            raise PatternError(Message("pattern.stride_and_dilation"), layer.column, text)
        return PlannedLayer(namer.name("conv"), "Conv2D", kind, config, layer.column)
    if kind == "POOL":
        config = {key: layer.value(key) for key in ("F", "S", "TYPE")}
        layer_type = {"max": "MaxPooling2D", "avg": "AveragePooling2D", "l2": "L2Pooling2D"}[config["TYPE"]]
        return PlannedLayer(namer.pool_name(), layer_type, kind, config, layer.column)
    if kind == "FC":
        if is_last_fc:
            return PlannedLayer("predictions", "Dense", kind, {"N": num_classes, "activation": "softmax"},
                                layer.column)
        return PlannedLayer(namer.fc_name(), "Dense", kind, {"N": layer.value("N"), "activation": None},
                            layer.column)
    if kind == "GAP":
        return PlannedLayer("global_pool", "GlobalAveragePooling2D", kind, {}, layer.column)
    layer_type = {"RELU": "ReLU", "NORM": "BatchNormalization", "DROPOUT": "Dropout"}[kind]
    config = {"P": layer.value("P")} if kind == "DROPOUT" else {}
    return PlannedLayer(namer.name(kind.lower()), layer_type, kind, config, layer.column)


class _Namer:
    """Keras-style names: `block{b}_{kind}{i}` in the convolutional part, `fc{n}_{kind}` after it."""

    def __init__(self):
        self.block = 1
        self.prefix = None  # None while in the convolutional part.
        self.counts = {}
        self.fc_count = 0

    def next_block(self):
        self.block += 1
        self.counts = {}

    def start_head(self):
        self.prefix = "head"
        self.counts = {}

    def pool_name(self):
        return f"block{self.block}_pool"

    def fc_name(self):
        self.fc_count += 1
        self.prefix = f"fc{self.fc_count}"
        self.counts = {}
        return self.prefix

    def name(self, kind):
        self.counts[kind] = self.counts.get(kind, 0) + 1
        count = self.counts[kind]
        if self.prefix is None:
            return f"block{self.block}_{kind}{count}"
        return f"{self.prefix}_{kind}" if count == 1 else f"{self.prefix}_{kind}{count}"
