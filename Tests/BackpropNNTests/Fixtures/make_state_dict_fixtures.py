"""PyTorch state_dicts for Tests/BackpropNNTests/PyTorchStateDictTests.swift.

Run from the repository root with a Python that has torch (any 2.x):

    python Tests/BackpropNNTests/Fixtures/make_state_dict_fixtures.py

For each model below it builds the PyTorch module (moving any batch-norm running statistics with
a few forward passes in training mode), saves its state_dict (float32, as PyTorch keeps it, with
the int64 num_batches_tracked) to `pytorch_<name>.safetensors`, and writes to
`pytorch_state_dicts.json` a fixed input and the module's output for it in evaluation mode,
computed in float64 from the saved float32 weights (so a Double model that loads them must agree
to rounding). The Swift test builds the matching BackpropNN model, loads the file with
`load(from:)` and compares. The tests need no Python.

The safetensors files are written here byte by byte (8-byte little-endian header length, JSON
header, raw little-endian data), so the `safetensors` package is not needed; the layout is the
one `safetensors.torch.save_file` writes.
"""

import json
import os
import struct

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}

torch.manual_seed(20261206)


def save_safetensors(state_dict, path):
    """Writes tensors as safetensors: a JSON header giving each tensor's dtype, shape and byte
    range, padded with spaces to a multiple of 8, after its length, then the data."""
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, tensor in state_dict.items():
        array = tensor.detach().cpu().numpy()
        data = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def model(module, *inputs, run=None, moves_statistics=False):
    """A module, its float64 inputs, and how to call it (`module(*inputs)` by default)."""
    return {"module": module, "inputs": list(inputs), "run": run or module, "moves_statistics": moves_statistics}


def mlp():
    return model(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)), torch.randn(2, 4, dtype=torch.float64))


def conv_batchnorm():
    module = nn.Sequential(
        nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3 * 2 * 2, 2))
    return model(module, torch.randn(2, 2, 4, 4, dtype=torch.float64), moves_statistics=True)


def embedding_layernorm():
    module = nn.Sequential(nn.Embedding(10, 4), nn.LayerNorm(4), nn.Linear(4, 2), nn.Tanh())
    return model(module, torch.tensor([[1.0, 7, 3], [0, 9, 7]], dtype=torch.float64), run=lambda x: module(x.long()))


def batchnorm1d():
    module = nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5), nn.GELU(), nn.Linear(5, 1))
    return model(module, torch.randn(4, 3, dtype=torch.float64), moves_statistics=True)


def attention():
    module = nn.MultiheadAttention(4, 2, batch_first=True)
    with torch.no_grad():
        module.in_proj_bias.normal_(0, 0.1)
        module.out_proj.bias.normal_(0, 0.1)
    return model(module, torch.randn(2, 3, 4, dtype=torch.float64), run=lambda x: module(x, x, x, need_weights=False)[0])


def convolution_variants():
    module = nn.Sequential(
        nn.Conv2d(2, 4, 3, padding=1, padding_mode="circular", groups=2),
        nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1), nn.AvgPool2d(2))
    return model(module, torch.randn(1, 2, 3, 3, dtype=torch.float64))


def conv1d():
    module = nn.Sequential(nn.Conv1d(3, 4, 3, padding=2, dilation=2, padding_mode="reflect"), nn.SiLU(), nn.Flatten(), nn.Linear(24, 2))
    return model(module, torch.randn(2, 3, 6, dtype=torch.float64))


def gru_cell():
    module = nn.GRUCell(3, 4)
    return model(module, torch.randn(2, 3, dtype=torch.float64), torch.randn(2, 4, dtype=torch.float64))


def lstm_cell():
    module = nn.LSTMCell(3, 4)
    return model(module, torch.randn(2, 3, dtype=torch.float64), torch.randn(2, 4, dtype=torch.float64),
                 torch.randn(2, 4, dtype=torch.float64), run=lambda x, h, c: torch.cat(module(x, (h, c)), dim=1))


MODELS = [mlp, conv_batchnorm, embedding_layernorm, batchnorm1d, attention, convolution_variants, conv1d, gru_cell, lstm_cell]


def encoded(tensor):
    return {"shape": list(tensor.shape), "values": [repr(float(v)) for v in tensor.reshape(-1).tolist()]}


def main():
    records = []
    for build in MODELS:
        name, entry = build.__name__, build()
        module, inputs = entry["module"], entry["inputs"]
        if entry["moves_statistics"]:
            module.train()
            with torch.no_grad():
                for _ in range(3):   # moves the running statistics away from 0 and 1
                    module(torch.randn(8, *inputs[0].shape[1:]) * 2 + 0.5)
        module.eval()
        state = module.state_dict()
        save_safetensors(state, os.path.join(HERE, f"pytorch_{name}.safetensors"))
        module.double()
        with torch.no_grad():
            output = entry["run"](*inputs)
        records.append({"name": name, "file": f"pytorch_{name}.safetensors", "tensors": sorted(state.keys()),
                        "inputs": [encoded(x) for x in inputs], "output": encoded(output)})
    path = os.path.join(HERE, "pytorch_state_dicts.json")
    with open(path, "w") as file:
        file.write(json.dumps({"torch": torch.__version__, "models": records}, indent=1) + "\n")
    print(f"wrote {len(records)} models to {path}")


if __name__ == "__main__":
    main()
