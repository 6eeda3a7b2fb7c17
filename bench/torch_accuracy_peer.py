#!/usr/bin/python3
"""PyTorch accuracy peer for `bin/bench`: trains NAS-Bench-201-style networks with EarlyRank's recipe in
PyTorch (what NASLib / NAS-Bench-201 users train with) and prints each one's final test accuracy, so the
bench can compare EarlyRank's runs.final_test_acc with the same recipe's in the framework users know.

The network is EarlyRank's NetworkBuilder nb201 skeleton in PyTorch modules: conv3x3 stem + BN; three
stages of N cells with C, 2C, 4C channels; residual reduction blocks between stages (ReLU-conv3x3 stride 2-BN,
ReLU-conv3x3-BN, shortcut avg-pool 2x2 + conv1x1); BN-ReLU-global average pool-linear head. Cell edges:
conv_1x1/conv_3x3 = ReLU-Conv-BN (one ReLU per source node), avg_pool_3x3 (stride 1, padding not counted),
skip_connect, none; edges that cannot reach the output are dropped, an all-none cell outputs zeros.
Every layer keeps PyTorch's defaults (initialisation, BN momentum 0.1 and eps 1e-5).

The recipe is PyTorch's plain meaning of EarlyRank's train keys: SGD(net.parameters(), lr, momentum,
nesterov=True, weight_decay) on every parameter, learning rate decayed linearly to 0 per minibatch step,
minibatches of --batch drawn from a fresh permutation each epoch (the last one partial), cross-entropy.
Data: Fashion-MNIST from Debian's dataset-fashion-mnist, the training images at --train-indices (EarlyRank's
own split, one index into the training file a line), down-sampled by average pooling to --image-size,
standardised with the training subset's mean and standard deviation; tested on the whole test file.

  /usr/bin/python3 bench/torch_accuracy_peer.py --archs FILE --train-indices FILE [--epochs 12] [--batch 128]
      [--lr 0.1] [--momentum 0.9] [--weight-decay 5e-4] [--channels 8] [--cells 1] [--image-size 14] [--procs 2]
      [--data DIR]
Prints one JSON line: per_arch (final test accuracy), median, test_images, seconds. Needs python3-torch.
"""
import argparse
import gzip
import json
import multiprocessing as mp
import os
import statistics
import time

import numpy as np

DATA = "/usr/share/datasets/fashion-mnist"  # Debian dataset-fashion-mnist; --data overrides
FROM = [0, 0, 1, 0, 1, 2]
TO = [1, 2, 2, 3, 3, 3]


def read_idx(folder, name):
    path = os.path.join(folder, name)
    with (gzip.open(path) if os.path.exists(path) else open(path[:-3], "rb")) as f:
        data = f.read()
    if data[3] == 3:
        n, h, w = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, h, w)
    return np.frombuffer(data, np.uint8, offset=8)


def parse(arch):
    ops = [e.split("~")[0] for group in arch.split("+") for e in group.strip("|").split("|")]
    if len(ops) != 6:
        raise ValueError("not a NAS-Bench-201 cell string: " + arch)
    return ops


def effective(ops):
    """Drops edges that cannot reach node 3 or cannot be reached from node 0 (as EarlyRank's CellArch)."""
    ops = list(ops)
    changed = True
    while changed:
        changed = False
        reach_in, reach_out = {0}, {3}
        for e in range(6):
            if ops[e] != "none" and FROM[e] in reach_in:
                reach_in.add(TO[e])
        for e in reversed(range(6)):
            if ops[e] != "none" and TO[e] in reach_out:
                reach_out.add(FROM[e])
        for e in range(6):
            if ops[e] != "none" and (FROM[e] not in reach_in or TO[e] not in reach_out):
                ops[e] = "none"
                changed = True
    return ops


def build(arch, c, cells, torch, nn):
    class Cell(nn.Module):
        def __init__(self, ops, ch):
            super().__init__()
            self.ops = effective(ops)
            self.mods = nn.ModuleDict()
            for e, op in enumerate(self.ops):
                if op in ("conv_1x1", "conv_3x3"):
                    k = 1 if op == "conv_1x1" else 3
                    self.mods[str(e)] = nn.Sequential(nn.Conv2d(ch, ch, k, padding=k // 2, bias=False), nn.BatchNorm2d(ch))
                elif op == "avg_pool_3x3":
                    self.mods[str(e)] = nn.AvgPool2d(3, 1, 1, count_include_pad=False)

        def forward(self, x):
            node, relu = [x, None, None, None], [None] * 4
            for j in (1, 2, 3):
                acc = None
                for e in range(6):
                    op = self.ops[e]
                    if TO[e] != j or op == "none" or node[FROM[e]] is None:
                        continue
                    src = node[FROM[e]]
                    if op == "skip_connect":
                        t = src
                    elif op == "avg_pool_3x3":
                        t = self.mods[str(e)](src)
                    else:
                        if relu[FROM[e]] is None:
                            relu[FROM[e]] = torch.relu(src)
                        t = self.mods[str(e)](relu[FROM[e]])
                    acc = t if acc is None else acc + t
                node[j] = acc
            return node[3] if node[3] is not None else x * 0.0

    class Reduction(nn.Module):
        def __init__(self, cin, cout):
            super().__init__()
            self.a = nn.Sequential(nn.ReLU(), nn.Conv2d(cin, cout, 3, 2, 1, bias=False), nn.BatchNorm2d(cout))
            self.b = nn.Sequential(nn.ReLU(), nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
            self.s = nn.Sequential(nn.AvgPool2d(2, 2, ceil_mode=True), nn.Conv2d(cin, cout, 1, bias=False))

        def forward(self, x):
            return self.b(self.a(x)) + self.s(x)

    ops = parse(arch)
    layers = [nn.Conv2d(1, c, 3, padding=1, bias=False), nn.BatchNorm2d(c)]
    ch = c
    for stage in range(3):
        if stage > 0:
            layers.append(Reduction(ch, ch * 2))
            ch *= 2
        layers += [Cell(ops, ch) for _ in range(cells)]
    layers += [nn.BatchNorm2d(ch), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(ch, 10)]
    return nn.Sequential(*layers)


def load(folder, train_indices, size):
    x, y = read_idx(folder, "train-images-idx3-ubyte.gz"), read_idx(folder, "train-labels-idx1-ubyte.gz")
    xt, yt = read_idx(folder, "t10k-images-idx3-ubyte.gz"), read_idx(folder, "t10k-labels-idx1-ubyte.gz")
    f = x.shape[1] // size

    def pool(a):
        return a.reshape(len(a), size, f, size, f).astype(np.float32).mean(axis=(2, 4))

    xtr, xte = pool(x[train_indices]), pool(xt)
    m, s = xtr.mean(), xtr.std()
    return ((xtr - m) / s)[:, None], y[train_indices].astype(np.int64), ((xte - m) / s)[:, None], yt.astype(np.int64)


def train_some(job):
    """Trains the architectures of one process (one thread, like one Spark task)."""
    archs, seeds, a, data = job
    import torch
    import torch.nn as nn
    torch.set_num_threads(1)
    xtr, ytr, xte, yte = (torch.from_numpy(np.ascontiguousarray(v)) for v in data)
    n = len(xtr)
    steps = a.epochs * ((n + a.batch - 1) // a.batch)
    out = {}
    for arch, seed in zip(archs, seeds):
        torch.manual_seed(seed)
        net = build(arch, a.channels, a.cells, torch, nn)
        opt = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=a.momentum, nesterov=a.momentum > 0,
                              weight_decay=a.weight_decay)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda t: max(0.0, 1 - t / steps))
        loss = nn.CrossEntropyLoss()
        for _ in range(a.epochs):
            net.train()
            perm = torch.randperm(n)
            for i in range(0, n, a.batch):
                b = perm[i:i + a.batch]
                opt.zero_grad()
                loss(net(xtr[b]), ytr[b]).backward()
                opt.step()
                sched.step()
        net.eval()
        with torch.no_grad():
            correct = sum((net(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, len(xte), 1000))
        out[arch] = correct / len(xte)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--archs", required=True)
    p.add_argument("--train-indices", required=True)
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--channels", type=int, default=8)
    p.add_argument("--cells", type=int, default=1)
    p.add_argument("--image-size", type=int, default=14)
    p.add_argument("--procs", type=int, default=2)
    p.add_argument("--data", default=DATA, help="folder of the Fashion-MNIST IDX files")
    a = p.parse_args()
    archs = [line.strip() for line in open(a.archs) if line.strip()]
    idx = np.array([int(line) for line in open(a.train_indices) if line.strip()])
    data = load(a.data, idx, a.image_size)
    t0 = time.perf_counter()
    jobs = [(archs[k::a.procs], list(range(k, len(archs), a.procs)), a, data) for k in range(a.procs) if archs[k::a.procs]]
    with mp.get_context("spawn").Pool(len(jobs)) as pool:
        parts = pool.map(train_some, jobs)
    per = {arch: acc for part in parts for arch, acc in part.items()}
    print(json.dumps({"per_arch": {arch: per[arch] for arch in archs}, "median": statistics.median(per.values()),
                      "test_images": int(len(data[3])), "train_images": int(len(idx)), "epochs": a.epochs,
                      "seconds": round(time.perf_counter() - t0, 1)}))


if __name__ == "__main__":
    main()
