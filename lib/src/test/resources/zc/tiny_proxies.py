"""Reference values of the zero-cost proxies on the tiny network of ZeroCostProxiesTest, in float64.

Independent of the Java code: the network's forward pass is written out in numpy, and every derivative
is a central finite difference of that forward pass (no backpropagation), the Hessian of GraSP included.

Network (DL4J layouts): x [4,1,5,5] -> c1: conv 3x3, 1->2, same padding, no bias -> b1: batch norm
(training mode: batch mean and biased variance over (n, h, w), eps 1e-5, gamma, beta) -> r1: relu ->
c2: conv 1x1, 2->2, no bias -> a: c2 + r1 -> r2: relu -> features: global average pool -> output:
z = f W + b (W [2,3]), softmax, mean cross-entropy over the 4 images. Labels n % 3.
Parameter formulas: see params() below; ZeroCostProxiesTest builds the same values.

Run: python3 lib/src/test/resources/zc/tiny_proxies.py
"""
import numpy as np

N, C, H, W, K = 4, 1, 5, 5, 3
EPS_BN = 1e-5


def params():
    def w(shape, t):
        j = np.arange(int(np.prod(shape)))
        return (0.6 * np.sin(0.9 * j + t + 0.3)).reshape(shape)
    p = {}
    p["c1_W"] = w((2, 1, 3, 3), 0)
    j = np.arange(2)
    p["b1_gamma"] = 1 + 0.3 * np.sin(j + 1.0)
    p["b1_beta"] = 0.2 * np.cos(j + 2.0)
    p["c2_W"] = w((2, 2, 1, 1), 3)
    p["output_W"] = w((2, 3), 4)
    p["output_b"] = 0.1 * np.sin(2 * np.arange(3) + 5.0)
    return p


def inputs():
    j = np.arange(N * C * H * W)
    x = (np.sin(0.37 * j + 0.1) + 0.2 * np.cos(1.1 * j)).reshape(N, C, H, W)
    y = np.zeros((N, K))
    y[np.arange(N), np.arange(N) % 3] = 1
    return x, y


def conv(x, w):
    n, c, h, ww = x.shape
    o, i, kh, kw = w.shape
    ph, pw = kh // 2, kw // 2
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = np.zeros((n, o, h, ww))
    for a in range(kh):
        for b in range(kw):
            out += np.einsum("nihw,oi->nohw", xp[:, :, a:a + h, b:b + ww], w[:, :, a, b])
    return out


def forward(p, x, bn=True, taps=None):
    """Logits; taps adds a perturbation to named intermediate outputs (for d/d activation)."""
    taps = taps or {}
    c1 = conv(x, p["c1_W"]) + taps.get("c1", 0)
    if bn:
        m = c1.mean(axis=(0, 2, 3), keepdims=True)
        v = c1.var(axis=(0, 2, 3), keepdims=True)
        b1 = (c1 - m) / np.sqrt(v + EPS_BN) * p["b1_gamma"].reshape(1, -1, 1, 1) + p["b1_beta"].reshape(1, -1, 1, 1)
    else:
        b1 = c1
    r1 = np.maximum(b1, 0)
    c2 = conv(r1, p["c2_W"]) + taps.get("c2", 0)
    r2 = np.maximum(c2 + r1, 0)
    f = r2.mean(axis=(2, 3))
    return f @ p["output_W"] + p["output_b"] + taps.get("output", 0), {"c1": c1, "c2": c2}


def loss(p, x, y, taps=None):
    z, _ = forward(p, x, taps=taps)
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -(y * logp).sum() / x.shape[0]


def grad(f, a, h=1e-6):
    g = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        old = a[i]
        a[i] = old + h
        fp = f()
        a[i] = old - h
        fm = f()
        a[i] = old
        g[i] = (fp - fm) / (2 * h)
    return g


WEIGHTS = ["c1_W", "c2_W", "output_W"]
FAN_IN = {"c1": 1 * 3 * 3, "c2": 2 * 1 * 1, "output": 2}


def main():
    p = params()
    x, y = inputs()
    g = {k: grad(lambda: loss(p, x, y), p[k]) for k in WEIGHTS}
    grad_norm = sum(np.linalg.norm(g[k]) for k in WEIGHTS)
    snip = sum(np.abs(p[k] * g[k]).sum() for k in WEIGHTS)

    # GraSP: full Hessian of L over the weights by second differences, then -theta . (H g)
    flat = np.concatenate([p[k].ravel() for k in WEIGHTS])
    sizes = [p[k].size for k in WEIGHTS]

    def set_flat(v):
        o = 0
        for k, s in zip(WEIGHTS, sizes):
            p[k] = v[o:o + s].reshape(p[k].shape).copy()
            o += s

    def l_at(v):
        set_flat(v)
        return loss(p, x, y)

    n = flat.size
    h = 1e-4
    hess = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            e_i = np.zeros(n); e_i[i] = h
            e_j = np.zeros(n); e_j[j] = h
            v = (l_at(flat + e_i + e_j) - l_at(flat + e_i - e_j) - l_at(flat - e_i + e_j) + l_at(flat - e_i - e_j)) / (4 * h * h)
            hess[i, j] = hess[j, i] = v
    set_flat(flat)
    gflat = np.concatenate([g[k].ravel() for k in WEIGHTS])
    grasp = -(flat * (hess @ gflat)).sum()

    # Fisher: activations of each weighted layer and dL/d(activation) by differences on a tap
    _, acts = forward(p, x)
    z, _ = forward(p, x)
    acts["output"] = z
    fisher = 0.0
    for name in ["c1", "c2", "output"]:
        tap = np.zeros_like(acts[name])
        ga = grad(lambda: loss(p, x, y, taps={name: tap}), tap)
        prod = acts[name] * ga
        per = prod.sum(axis=(2, 3)) if prod.ndim == 4 else prod
        fisher += FAN_IN[name] * (0.5 * (per ** 2).mean(axis=0)).sum()

    # Synflow: |params|, all-ones image, no batch norm, R = sum of logits
    pa = {k: np.abs(v) for k, v in p.items()}
    ones = np.ones((1, C, H, W))
    synflow = 0.0
    for k in WEIGHTS:
        gk = grad(lambda: forward(pa, ones, bn=False)[0].sum(), pa[k])
        synflow += np.abs(pa[k] * gk).sum()

    # Jacov: rows = d(sum of all logits)/d x_n, training-mode batch norm couples the images
    xs = x.copy()
    jac = grad(lambda: forward(p, xs)[0].sum(), xs).reshape(N, -1)
    corr = np.corrcoef(jac)
    lam = np.linalg.eigvalsh(corr)
    jacov = -np.sum(np.log(lam + 1e-5) + 1.0 / (lam + 1e-5))

    for name, v in [("loss", loss(p, x, y)), ("grad_norm", grad_norm), ("snip", snip), ("grasp", grasp),
                    ("fisher", fisher), ("synflow", synflow), ("jacov", jacov)]:
        print(f"{name} = {v!r}")


if __name__ == "__main__":
    main()
