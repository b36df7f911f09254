"""Reference values for Tests/BackpropNNTests/RecurrentPyTorchFixtureTests.swift, computed with PyTorch.

Run from the repository root with a Python that has torch (any 2.x):

    python Tests/BackpropNNTests/Fixtures/make_recurrent_fixtures.py

It writes recurrent_fixtures.json beside this script, every floating-point number a string from
float.hex() so that the Swift test reads back exactly the doubles PyTorch produced. For each case:
the module's options, its state_dict (PyTorch's parameter names), an input and initial states,
and what nn.RNN / nn.GRU / nn.LSTM return — the output sequence and the final states — plus the
gradient of sum(output * direction) + sum(h_n) with respect to the input and the initial hidden
state.
"""

import json
import os

import torch

torch.set_default_dtype(torch.float64)


def encoded(tensor):
    return {"shape": list(tensor.shape), "values": [float(v).hex() for v in tensor.detach().reshape(-1).tolist()]}


CASES = [
    dict(kind="GRU", input_size=3, hidden_size=2, num_layers=2, batch_first=False, bidirectional=True),
    dict(kind="LSTM", input_size=3, hidden_size=2, num_layers=2, batch_first=True, bidirectional=True),
    dict(kind="LSTM", input_size=2, hidden_size=3, num_layers=1, batch_first=False, bidirectional=False),
    dict(kind="RNN", input_size=3, hidden_size=4, num_layers=2, batch_first=False, bidirectional=False, nonlinearity="relu"),
    dict(kind="RNN", input_size=2, hidden_size=2, num_layers=1, batch_first=True, bidirectional=True, nonlinearity="tanh"),
]


def run(case, seed):
    torch.manual_seed(seed)
    options = {k: v for k, v in case.items() if k != "kind"}
    module = getattr(torch.nn, case["kind"])(**options)
    length, batch = 4, 2
    directions = 2 if case["bidirectional"] else 1
    shape = (batch, length, case["input_size"]) if case["batch_first"] else (length, batch, case["input_size"])
    x = torch.randn(shape, requires_grad=True)
    h0 = torch.randn(case["num_layers"] * directions, batch, case["hidden_size"], requires_grad=True)
    c0 = torch.randn(case["num_layers"] * directions, batch, case["hidden_size"])
    if case["kind"] == "LSTM":
        output, (hn, cn) = module(x, (h0, c0))
    else:
        output, hn = module(x, h0)
    direction = torch.randn(output.shape)
    ((output * direction).sum() + hn.sum()).backward()
    result = dict(
        case,
        parameters={name: encoded(value) for name, value in module.state_dict().items()},
        input=encoded(x), h0=encoded(h0), output=encoded(output), hn=encoded(hn), direction=encoded(direction),
        input_gradient=encoded(x.grad), h0_gradient=encoded(h0.grad),
    )
    if case["kind"] == "LSTM":
        result.update(c0=encoded(c0), cn=encoded(cn))
    return result


if __name__ == "__main__":
    fixture = {"torch": torch.__version__, "cases": [run(case, seed) for seed, case in enumerate(CASES)]}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recurrent_fixtures.json")
    with open(path, "w") as file:
        json.dump(fixture, file)
        file.write("\n")
