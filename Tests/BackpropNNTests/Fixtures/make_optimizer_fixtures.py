"""Reference values for Tests/BackpropNNTests/OptimizerTests.swift, computed with PyTorch.

Run from the repository root with a Python that has torch (any 2.x):

    python Tests/BackpropNNTests/Fixtures/make_optimizer_fixtures.py

It writes optimizer_fixtures.json beside this script. Every floating-point number is stored
as a string from float.hex(), so that the Swift test reads back exactly the doubles PyTorch
produced. The tests need no Python; rerun this script only to change the problems.

The fixture holds:
- problem: a tiny two-layer least-squares network (named as in a state_dict) plus a parameter
  "late" that enters the loss only from step 3 on (so its optimizer state starts late) and a
  parameter "frozen" that never gets a gradient (so every optimizer must skip it);
- optimizers: for each configuration, torch.optim run for 5 steps with foreach=False (the
  single-tensor implementations), recording the gradients each step saw and the parameters
  after each step; some cases also change the learning rate with a scheduler before each step;
- schedules: StepLR and CosineAnnealingLR, both as PyTorch's recursive scheduler produces them
  and in PyTorch's closed form;
- clipping: torch.nn.utils.clip_grad_norm_ (foreach=False) on fixed gradients.
"""

import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)

STEPS = 5
LATE_FROM_STEP = 3


def hexes(tensor):
    return [float(v).hex() for v in tensor.detach().reshape(-1).tolist()]


def encoded_options(options):
    """Options with every float as float.hex() (lists of floats too); ints and bools as they are."""
    def encode(value):
        if isinstance(value, bool) or isinstance(value, int):
            return value
        if isinstance(value, float):
            return value.hex()
        return [encode(item) for item in value]
    return {key: encode(value) for key, value in options.items()}


def encoded(tensor):
    return {"shape": list(tensor.shape), "values": hexes(tensor)}


def make_problem():
    generator = torch.Generator().manual_seed(20240607)

    def normal(*shape, scale=1.0):
        return torch.randn(*shape, generator=generator, dtype=torch.float64) * scale

    data = {"x": normal(5, 3), "y": normal(5, 1), "lateTarget": normal(3, scale=0.5)}
    parameters = {
        "hidden.weight": normal(2, 3, scale=0.7),
        "hidden.bias": normal(2, scale=0.3),
        "output.weight": normal(1, 2, scale=0.9),
        "late": normal(3),
        "frozen": normal(2),
    }
    return data, parameters


def loss_function(p, data, step):
    """The loss at step `step` (1-based); the Swift test computes the same expression."""
    hidden = torch.tanh(data["x"] @ p["hidden.weight"].T + p["hidden.bias"])
    residual = hidden @ p["output.weight"].T - data["y"]
    loss = (residual * residual).mean()
    if step >= LATE_FROM_STEP:
        difference = p["late"] - data["lateTarget"]
        loss = loss + 0.5 * (difference * difference).sum()
    return loss


OPTIMIZER_CASES = [
    ("sgd", "SGD", {"lr": 0.1}),
    ("sgd_momentum", "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1}),
    ("sgd_nesterov", "SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True}),
    ("sgd_weight_decay", "SGD", {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.05}),
    ("adam", "Adam", {"lr": 0.05}),
    ("adam_weight_decay", "Adam", {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.1}),
    ("adam_amsgrad", "Adam", {"lr": 0.05, "betas": (0.9, 0.9), "eps": 1e-6, "amsgrad": True}),
    ("adamw", "AdamW", {"lr": 0.05, "weight_decay": 0.1}),
    ("adamw_amsgrad", "AdamW", {"lr": 0.05, "betas": (0.85, 0.95), "weight_decay": 0.2, "amsgrad": True}),
    ("rmsprop", "RMSprop", {"lr": 0.01}),
    ("rmsprop_momentum", "RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.9}),
    ("rmsprop_centered", "RMSprop", {"lr": 0.01, "alpha": 0.95, "centered": True, "momentum": 0.5}),
    ("rmsprop_weight_decay", "RMSprop", {"lr": 0.02, "alpha": 0.3, "eps": 1e-4, "weight_decay": 0.1}),
    # Learning-rate schedules applied to an optimizer before each step.
    ("sgd_momentum_step_decay", "SGD", {"lr": 0.2, "momentum": 0.9},
     ("StepLR", {"step_size": 2, "gamma": 0.5})),
    ("adam_cosine_annealing", "Adam", {"lr": 0.05},
     ("CosineAnnealingLR", {"T_max": 4, "eta_min": 0.001})),
]


def run_optimizer(case, data, initial):
    name, kind, options = case[0], case[1], case[2]
    schedule = case[3] if len(case) > 3 else None
    parameters = {key: value.clone().requires_grad_(True) for key, value in initial.items()}
    optimizer = getattr(torch.optim, kind)(list(parameters.values()), foreach=False, **options)
    scheduler = None
    if schedule is not None:
        scheduler = getattr(torch.optim.lr_scheduler, schedule[0])(optimizer, **schedule[1])
    steps = []
    for step in range(1, STEPS + 1):
        optimizer.zero_grad(set_to_none=True)
        loss_function(parameters, data, step).backward()
        learning_rate = optimizer.param_groups[0]["lr"]
        gradients = {key: hexes(p.grad) for key, p in parameters.items() if p.grad is not None}
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        steps.append({
            "learningRate": float(learning_rate).hex(),
            "gradients": gradients,
            "parameters": {key: hexes(p) for key, p in parameters.items()},
        })
    result = {"name": name, "optimizer": kind, "options": encoded_options(options), "steps": steps}
    if schedule is not None:
        result["schedule"] = {"kind": schedule[0], "options": encoded_options(schedule[1])}
    return result


def run_schedules():
    cases = [
        ("StepLR", {"step_size": 3, "gamma": 0.1}, 0.1, 12),
        ("StepLR", {"step_size": 2, "gamma": 0.7}, 0.05, 12),
        ("CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001}, 0.1, 26),
        ("CosineAnnealingLR", {"T_max": 7, "eta_min": 0.0}, 0.3, 20),
    ]
    results = []
    for kind, options, base, epochs in cases:
        parameter = torch.zeros(1, requires_grad=True)
        optimizer = torch.optim.SGD([parameter], lr=base)
        scheduler = getattr(torch.optim.lr_scheduler, kind)(optimizer, **options)
        recursive, closed = [], []
        for epoch in range(epochs):
            recursive.append(float(optimizer.param_groups[0]["lr"]).hex())
            closed.append(float(scheduler._get_closed_form_lr()[0]).hex())
            optimizer.step()
            scheduler.step()
        results.append({
            "kind": kind, "options": encoded_options(options), "initialLearningRate": float(base).hex(),
            "learningRates": recursive, "closedForm": closed,
        })
    return results


def run_clipping(data, initial):
    parameters = {key: value.clone().requires_grad_(True) for key, value in initial.items()}
    loss_function(parameters, data, LATE_FROM_STEP).backward()
    gradients = {key: p.grad.clone() for key, p in parameters.items() if p.grad is not None}
    results = []
    for scale, max_norm in [(10.0, 1.0), (1.0, 100.0), (3.0, 0.25)]:
        for key, p in parameters.items():
            if p.grad is not None:
                p.grad = gradients[key] * scale
        before = {key: hexes(p.grad) for key, p in parameters.items() if p.grad is not None}
        total = torch.nn.utils.clip_grad_norm_(list(parameters.values()), max_norm, foreach=False)
        results.append({
            "maxNorm": float(max_norm).hex(),
            "gradients": before,
            "totalNorm": float(total).hex(),
            "clipped": {key: hexes(p.grad) for key, p in parameters.items() if p.grad is not None},
        })
    return results


def main():
    data, initial = make_problem()
    fixture = {
        "torchVersion": torch.__version__,
        "steps": STEPS,
        "lateFromStep": LATE_FROM_STEP,
        "data": {key: encoded(value) for key, value in data.items()},
        "initialParameters": {key: encoded(value) for key, value in initial.items()},
        "optimizers": [run_optimizer(case, data, initial) for case in OPTIMIZER_CASES],
        "schedules": run_schedules(),
        "clipping": run_clipping(data, initial),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optimizer_fixtures.json")
    with open(path, "w") as file:
        json.dump(fixture, file, indent=1, sort_keys=True)
        file.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
