#!/usr/bin/python3
"""Capture the queries, keys and values of one attention layer of a PyTorch model, for AttnScope.

Writes q.npy, k.npy and v.npy (float32, shape batch x n x d, C order: what `attnscope eval --qkv DIR` and
File -> Load Q/K/V from folder... read) and, when token strings are given, tokens.txt (one token a line).

  capture_qkv.py --example --out DIR
      a small seeded nn.TransformerEncoder fed one sentence; captures layer 0
  capture_qkv.py --module model.py:make --input x.npy --layer 1 --out DIR
      the second nn.MultiheadAttention (in named_modules() order) of make()'s module, on x.npy
  capture_qkv.py --module model.py:make --q-layer blocks.0.q --k-layer blocks.0.k --v-layer blocks.0.v --out DIR
      the outputs of three nn.Linear layers named by their module paths

FACTORY() returns a module, or (module, input); --input (a .npy file) gives or replaces the input. A tuple
or list input is passed as positional arguments. Needs only python3-torch and python3-numpy: no downloads,
no pretrained weights. Exit status: 0 on success, 2 for bad arguments, 1 when the model fails.
"""

import argparse
import importlib.util
import math
import os
import sys

import numpy as np
import torch
from torch import nn

EXAMPLE_SENTENCE = "the cat sat on the mat because the mat was warm and the cat was tired"
EXAMPLE_SEED = 7
EXAMPLE_WIDTH = 32
EXAMPLE_HEADS = 4
EXAMPLE_LAYERS = 2


class UsageError(Exception):
    """A bad argument: reported with the usage line, exit status 2."""


def sinusoidal_positions(length, width):
    """The Transformer's encoding: sin and cos of position x 10000^(-2i/width) in columns 2i and 2i + 1."""
    position = torch.arange(length, dtype=torch.float64)[:, None]
    frequency = 10000.0 ** (-torch.arange(0, width, 2, dtype=torch.float64) / width)
    encoding = torch.zeros(length, width, dtype=torch.float64)
    encoding[:, 0::2] = torch.sin(position * frequency)
    encoding[:, 1::2] = torch.cos(position * frequency[: width // 2])
    return encoding.float()


def example_model():
    """A seeded two-layer encoder and one sentence's embeddings: (module, input, tokens)."""
    torch.manual_seed(EXAMPLE_SEED)
    layer = nn.TransformerEncoderLayer(EXAMPLE_WIDTH, EXAMPLE_HEADS, dim_feedforward=2 * EXAMPLE_WIDTH,
                                       dropout=0.0, batch_first=True)
    model = nn.TransformerEncoder(layer, EXAMPLE_LAYERS)
    with torch.no_grad():
        # Layer 0's keys use the queries' projection, so its scores x W Wᵀ xᵀ favour a token itself, its
        # repeats and its neighbours (through the positions), as trained heads often do; random W_q and W_k
        # would give a map without a pattern.
        attention = model.layers[0].self_attn
        in_proj = attention.in_proj_weight
        in_proj[EXAMPLE_WIDTH:2 * EXAMPLE_WIDTH] = in_proj[:EXAMPLE_WIDTH]
        attention.in_proj_bias.zero_()
    tokens = EXAMPLE_SENTENCE.split()
    vocabulary = sorted(set(tokens))
    generator = torch.Generator().manual_seed(EXAMPLE_SEED)
    table = torch.randn(len(vocabulary), EXAMPLE_WIDTH, generator=generator)
    words = table[[vocabulary.index(token) for token in tokens]]
    # Scaled so that the scores span a few units, enough for softmax to pick out the pattern.
    embeddings = 1.5 * (words + 2.0 * sinusoidal_positions(len(tokens), EXAMPLE_WIDTH))
    return model.eval(), embeddings[None], tokens


def load_factory(spec):
    """Imports FILE.py and returns its FACTORY, from "FILE.py:FACTORY"."""
    path, colon, name = spec.rpartition(":")
    if not colon or not path or not name:
        raise UsageError(f"--module: expected FILE.py:FACTORY, got '{spec}'")
    if not os.path.isfile(path):
        raise UsageError(f"--module: {path}: no such file")
    module_spec = importlib.util.spec_from_file_location("capture_qkv_user_module", path)
    if module_spec is None or module_spec.loader is None:
        raise UsageError(f"--module: {path}: not a Python file")
    user_module = importlib.util.module_from_spec(module_spec)
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    module_spec.loader.exec_module(user_module)
    factory = getattr(user_module, name, None)
    if not callable(factory):
        raise UsageError(f"--module: {path} has no function '{name}'")
    return factory


def load_input(path):
    if not os.path.isfile(path):
        raise UsageError(f"--input: {path}: no such file")
    try:
        array = np.load(path, allow_pickle=False)
    except (ValueError, OSError) as error:
        raise UsageError(f"--input: {path}: not a .npy array ({error})") from error
    return torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))


def read_tokens(args):
    if args.tokens is not None:
        return args.tokens.split()
    if args.tokens_file is not None:
        try:
            with open(args.tokens_file, encoding="utf-8") as file:
                return [line.rstrip("\r\n") for line in file]
        except OSError as error:
            raise UsageError(f"--tokens-file: {error}") from error
    return None


def batch_first(tensor, sequence_first, what):
    """(batch, n, d) from a layer's (n, d), (batch, n, d) or, with sequence_first, (n, batch, d)."""
    tensor = tensor.detach().float()
    if tensor.dim() == 2:
        return tensor[None]
    if tensor.dim() != 3:
        raise RuntimeError(f"{what} has shape {tuple(tensor.shape)}; expected (n, d) or (batch, n, d)")
    return tensor.transpose(0, 1) if sequence_first else tensor


def project_multihead(attention, query, key, value):
    """Q, K, V of an nn.MultiheadAttention call: its inputs through in_proj (or q/k/v_proj) and the bias."""
    width = attention.embed_dim
    if attention._qkv_same_embed_dim:
        weights = attention.in_proj_weight.split(width)
    else:
        weights = (attention.q_proj_weight, attention.k_proj_weight, attention.v_proj_weight)
    biases = attention.in_proj_bias.split(width) if attention.in_proj_bias is not None else (None,) * 3
    sequence_first = not attention.batch_first
    return [batch_first(nn.functional.linear(x, w, b), sequence_first and x.dim() == 3, name)
            for x, w, b, name in zip((query, key, value), weights, biases, ("q", "k", "v"))]


def run(module, model_input):
    # The fused fast paths of nn.TransformerEncoderLayer and nn.MultiheadAttention skip the Python forward
    # that the capture wraps; they are never taken while parameters require gradients.
    saved = [(p, p.requires_grad) for p in module.parameters()]
    try:
        for parameter, _ in saved:
            parameter.requires_grad_(True)
        with torch.enable_grad():
            if isinstance(model_input, (tuple, list)):
                module(*model_input)
            else:
                module(model_input)
    finally:
        for parameter, requires_grad in saved:
            parameter.requires_grad_(requires_grad)


def capture_multihead(module, model_input, index):
    layers = [(name, m) for name, m in module.named_modules() if isinstance(m, nn.MultiheadAttention)]
    if not layers:
        raise UsageError("the module has no nn.MultiheadAttention layer; name three nn.Linear layers with "
                         "--q-layer, --k-layer and --v-layer instead")
    if not 0 <= index < len(layers):
        raise UsageError(f"--layer: {index} is out of range: the module has {len(layers)} "
                         f"nn.MultiheadAttention layer(s), 0 to {len(layers) - 1}")
    name, attention = layers[index]
    captured = []
    original = attention.forward

    def forward(query, key, value, *args, **kwargs):
        if not captured:
            with torch.no_grad():
                captured.append(project_multihead(attention, query, key, value))
        return original(query, key, value, *args, **kwargs)

    attention.forward = forward
    try:
        run(module, model_input)
    finally:
        del attention.forward
    if not captured:
        raise RuntimeError(f"layer {index} ({name}) was not called by the forward pass")
    return captured[0], f"layer {index} ({name or 'the module'}, nn.MultiheadAttention, " \
                        f"{attention.num_heads} heads)", attention.num_heads


def capture_linear(module, model_input, paths, sequence_first):
    layers = []
    for option, path in zip(("--q-layer", "--k-layer", "--v-layer"), paths):
        try:
            layer = module.get_submodule(path)
        except AttributeError as error:
            raise UsageError(f"{option}: the module has no submodule '{path}'") from error
        if not isinstance(layer, nn.Linear):
            raise UsageError(f"{option}: '{path}' is a {type(layer).__name__}, not an nn.Linear")
        layers.append(layer)
    outputs = [None, None, None]
    handles = []
    for slot, layer in enumerate(layers):
        def hook(_layer, _inputs, output, slot=slot):
            if outputs[slot] is None:
                outputs[slot] = output
        handles.append(layer.register_forward_hook(hook))
    try:
        run(module, model_input)
    finally:
        for handle in handles:
            handle.remove()
    for name, path, output in zip("qkv", paths, outputs):
        if output is None:
            raise RuntimeError(f"{path} (the {name} layer) was not called by the forward pass")
    tensors = [batch_first(output, sequence_first, name) for name, output in zip("qkv", outputs)]
    return tensors, f"{paths[0]}, {paths[1]}, {paths[2]} (nn.Linear)", None


def write_outputs(directory, tensors, tokens, heads, force):
    os.makedirs(directory, exist_ok=True)
    names = (["q.npy", "k.npy", "v.npy"] + (["tokens.txt"] if tokens is not None else [])
             + (["heads.txt"] if heads else []))
    existing = [name for name in names if os.path.exists(os.path.join(directory, name))]
    if existing and not force:
        raise UsageError(f"--out: {directory} already holds {', '.join(existing)}; add --force to replace")
    for name, tensor in zip(names, tensors):
        np.save(os.path.join(directory, name), np.ascontiguousarray(tensor.numpy(), dtype=np.float32))
    if tokens is not None:
        with open(os.path.join(directory, "tokens.txt"), "w", encoding="utf-8") as file:
            file.writelines(token + "\n" for token in tokens)
    if heads:
        # AttnScope splits d into this many heads when it loads the folder, as the model did.
        with open(os.path.join(directory, "heads.txt"), "w", encoding="utf-8") as file:
            file.write(f"{heads}\n")
    return names


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="capture_qkv.py", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--example", action="store_true",
                        help="a seeded nn.TransformerEncoder fed one sentence; captures layer 0")
    source.add_argument("--module", metavar="FILE.py:FACTORY",
                        help="FACTORY() returns a module, or (module, input)")
    parser.add_argument("--input", metavar="PATH.npy", help="the module's input (replaces the factory's)")
    parser.add_argument("--layer", type=int, metavar="INDEX",
                        help="which nn.MultiheadAttention, in named_modules() order (default 0)")
    parser.add_argument("--q-layer", metavar="PATH", help="module path of the nn.Linear giving Q")
    parser.add_argument("--k-layer", metavar="PATH", help="module path of the nn.Linear giving K")
    parser.add_argument("--v-layer", metavar="PATH", help="module path of the nn.Linear giving V")
    parser.add_argument("--sequence-first", action="store_true",
                        help="the nn.Linear layers' outputs are (n, batch, d), not (batch, n, d)")
    tokens = parser.add_mutually_exclusive_group()
    tokens.add_argument("--tokens", metavar="TEXT", help='the token strings, separated by spaces: "a b c"')
    tokens.add_argument("--tokens-file", metavar="FILE", help="the token strings, one a line")
    parser.add_argument("--out", required=True, metavar="DIR", help="where to write q.npy, k.npy, v.npy")
    parser.add_argument("--force", action="store_true", help="replace files already in DIR")
    args = parser.parse_args(argv)

    linear = [args.q_layer, args.k_layer, args.v_layer]
    if any(linear) and not all(linear):
        parser.error("--q-layer, --k-layer and --v-layer go together: give all three")
    if all(linear) and args.layer is not None:
        parser.error("--layer picks an nn.MultiheadAttention; it does not go with --q-layer/--k-layer/--v-layer")
    if args.example and (args.input or all(linear) or args.layer not in (None, 0)):
        parser.error("--example captures layer 0 of its own model on its own sentence; "
                     "--input, --layer and --q-layer do not apply")
    if args.sequence_first and not all(linear):
        parser.error("--sequence-first applies to --q-layer/--k-layer/--v-layer outputs")
    return parser, args


def main(argv=None):
    parser, args = parse_arguments(argv)
    try:
        tokens = read_tokens(args)
        if args.example:
            module, model_input, example_tokens = example_model()
            tokens = tokens if tokens is not None else example_tokens
        else:
            made = load_factory(args.module)()
            module, model_input = made if isinstance(made, tuple) and len(made) == 2 else (made, None)
            if not isinstance(module, nn.Module):
                raise UsageError(f"--module: the factory returned a {type(module).__name__}, not an nn.Module "
                                 "(or a (module, input) pair)")
            if args.input:
                model_input = load_input(args.input)
            if model_input is None:
                raise UsageError("no input: give --input PATH.npy, or return (module, input) from the factory")
        if args.q_layer:
            tensors, what, heads = capture_linear(module, model_input,
                                                  [args.q_layer, args.k_layer, args.v_layer],
                                                  args.sequence_first)
        else:
            tensors, what, heads = capture_multihead(module, model_input, args.layer or 0)
        shapes = {tuple(t.shape) for t in tensors}
        if len(shapes) != 1:
            raise RuntimeError(f"q, k and v have different shapes {sorted(shapes)}; AttnScope needs one "
                               "shape (batch, n, d)")
        batch, length, width = tensors[0].shape
        if tokens is not None and len(tokens) != length:
            raise UsageError(f"{len(tokens)} token(s) for a sequence of {length} positions; give one token per "
                             "position")
        heads = heads if heads and width % heads == 0 else None
        written = write_outputs(args.out, tensors, tokens, heads, args.force)
    except UsageError as error:
        parser.error(str(error))
    except Exception as error:  # the user's model: say what failed, not a traceback
        print(f"capture_qkv.py: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"captured {what}: q, k, v of shape ({batch}, {length}, {width})")
    print(f"wrote {', '.join(written)} to {args.out}")
    print(f"view it: attnscope eval --method softmax --qkv {args.out}" +
          (f"   (heads.txt: {heads} heads)" if heads else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
