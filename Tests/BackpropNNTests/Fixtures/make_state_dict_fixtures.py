"""PyTorch state_dicts for Tests/BackpropNNTests/PyTorchStateDictTests.swift.

Run from the repository root with a Python that has torch (any 2.x):

    python Tests/BackpropNNTests/Fixtures/make_state_dict_fixtures.py

For each model below it builds the PyTorch module, moves its batch-norm running statistics with
a few training steps' forward passes, saves its state_dict (float32, as PyTorch keeps it, with
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
        data = tensor.detach().contiguous().cpu().numpy().astype(tensor.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def mlp():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)), torch.randn(2, 4, dtype=torch.float64)


def convolutional():
    model = nn.Sequential(
        nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3 * 2 * 2, 2))
    return model, torch.randn(2, 2, 4, 4, dtype=torch.float64)


def embedding_layer_norm():
    model = nn.Sequential(nn.Embedding(10, 4), nn.LayerNorm(4), nn.Linear(4, 2), nn.Tanh())
    return model, torch.tensor([[1, 7, 3], [0, 9, 7]], dtype=torch.float64)


def batch_norm_1d():
    model = nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5), nn.GELU(), nn.Linear(5, 1))
    return model, torch.randn(4, 3, dtype=torch.float64)


class SelfAttention(nn.Module):
    """nn.MultiheadAttention as self-attention, batch first, for a state_dict without a prefix
    (`in_proj_weight`, `in_proj_bias`, `out_proj.weight`, `out_proj.bias`)."""

    def __init__(self):
        super().__init__()
        self.attention = nn.MultiheadAttention(4, 2, batch_first=True, bias=True)

    def forward(self, x):
        return self.attention(x, x, x, need_weights=False)[0]

    def state_dict_without_prefix(self):
        return self.attention.state_dict()


def attention():
    model = SelfAttention()
    with torch.no_grad():
        model.attention.in_proj_bias.normal_(0, 0.1)
        model.attention.out_proj.bias.normal_(0, 0.1)
    return model, torch.randn(2, 3, 4, dtype=torch.float64)


MODELS = {"mlp": mlp, "conv_batchnorm": convolutional, "embedding_layernorm": embedding_layer_norm,
          "batchnorm1d": batch_norm_1d, "attention": attention}


def encoded(tensor):
    return {"shape": list(tensor.shape), "values": [repr(float(v)) for v in tensor.reshape(-1).tolist()]}


def main():
    records = []
    for name, build in MODELS.items():
        model, x = build()
        if not isinstance(model, SelfAttention) and not isinstance(model[0], nn.Embedding):
            model.train()
            with torch.no_grad():
                for _ in range(3):   # moves the running statistics away from 0 and 1
                    model(torch.randn(8, *x.shape[1:]) * 2 + 0.5)
        model.eval()
        state = model.state_dict_without_prefix() if isinstance(model, SelfAttention) else model.state_dict()
        save_safetensors(state, os.path.join(HERE, f"pytorch_{name}.safetensors"))
        model = model.double()
        with torch.no_grad():
            output = model(x.long() if isinstance(model, nn.Sequential) and isinstance(model[0], nn.Embedding) else x)
        records.append({"name": name, "file": f"pytorch_{name}.safetensors", "tensors": sorted(state.keys()),
                        "input": encoded(x), "output": encoded(output)})
    path = os.path.join(HERE, "pytorch_state_dicts.json")
    with open(path, "w") as file:
        file.write(json.dumps({"torch": torch.__version__, "models": records}, indent=1) + "\n")
    print(f"wrote {len(records)} models to {path}")


if __name__ == "__main__":
    main()
