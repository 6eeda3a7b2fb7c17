#!/usr/bin/python3
"""Seed-to-seed spread of the PyTorch accuracy peer: trains one architecture with bench/torch_accuracy_peer.py's
own network, recipe and data (its train_some), once per seed, and prints each seed's final test accuracy on the
whole test file. torch_accuracy_peer.py seeds the k-th architecture of its list with k, so its figure for a lone
architecture is seed 0; this script gives the others, to tell a parity difference from seed noise.

  /usr/bin/python3 bench/torch_accuracy_seeds.py --arch '|none~0|+|conv_3x3~0|...|' --train-indices FILE
      [--seeds 1,2,3] [--epochs 12] [--batch 128] [--lr 0.1] [--momentum 0.9] [--weight-decay 5e-4]
      [--channels 8] [--cells 1] [--image-size 14]
Needs python3-torch. FILE: bench/train_indices.jsh writes the default config's.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_accuracy_peer as peer  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", required=True)
    p.add_argument("--train-indices", required=True)
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--channels", type=int, default=8)
    p.add_argument("--cells", type=int, default=1)
    p.add_argument("--image-size", type=int, default=14)
    p.add_argument("--data", default=peer.DATA)
    a = p.parse_args()
    idx = np.array([int(line) for line in open(a.train_indices) if line.strip()])
    data = peer.load(a.data, idx, a.image_size)
    for seed in (int(s) for s in a.seeds.split(",")):
        print(seed, peer.train_some(([a.arch], [seed], a, data))[a.arch], flush=True)


if __name__ == "__main__":
    main()
