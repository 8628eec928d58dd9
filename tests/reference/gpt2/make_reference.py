"""Writes the GPT-2 loader's reference fixture, independently of the course's C# code.

    /usr/bin/python3 tests/reference/gpt2/make_reference.py

Needs Debian's Python with python3-torch (bookworm's 1.13 made the committed files; trixie's 2.6 works too); the tests read the two files it
writes and never run Python:

- gpt2-tiny.safetensors: a GPT-2-shaped model with random weights, stored as Hugging Face stores GPT-2 (names
  without a prefix, Conv1D weights as (in, out), each block's causal-mask buffer "h.N.attn.bias", no lm_head);
- gpt2-tiny-logits.safetensors: "input_ids" (I64, batch x tokens) and the "logits" (F32) this script's own GPT-2
  forward pass computes for them in float64.

The forward pass below is written from the GPT-2 paper and Hugging Face's modeling_gpt2.py conventions, not from
the course's code: pre-norm blocks, tanh-approximated GELU, causal softmax attention, a final layer norm, and the
output head tied to the token embedding.
"""
import json
import math
import os
import struct

import torch

VOCAB, CONTEXT, LAYERS, HEADS, WIDTH = 96, 32, 2, 4, 64  # head dimension 16
HERE = os.path.dirname(os.path.abspath(__file__))


def random_gpt2(generator):
    def normal(*shape, std):
        return torch.randn(*shape, generator=generator, dtype=torch.float64) * std

    # Larger than GPT-2's initialisation (std 0.02), so the logits differ clearly from token to token.
    tensors = {"wte.weight": normal(VOCAB, WIDTH, std=0.5), "wpe.weight": normal(CONTEXT, WIDTH, std=0.2)}
    for i in range(LAYERS):
        p = f"h.{i}."
        tensors[p + "ln_1.weight"] = 1 + normal(WIDTH, std=0.1)
        tensors[p + "ln_1.bias"] = normal(WIDTH, std=0.1)
        tensors[p + "attn.c_attn.weight"] = normal(WIDTH, 3 * WIDTH, std=0.15)  # Conv1D: (in, out)
        tensors[p + "attn.c_attn.bias"] = normal(3 * WIDTH, std=0.1)
        tensors[p + "attn.c_proj.weight"] = normal(WIDTH, WIDTH, std=0.15)
        tensors[p + "attn.c_proj.bias"] = normal(WIDTH, std=0.1)
        tensors[p + "ln_2.weight"] = 1 + normal(WIDTH, std=0.1)
        tensors[p + "ln_2.bias"] = normal(WIDTH, std=0.1)
        tensors[p + "mlp.c_fc.weight"] = normal(WIDTH, 4 * WIDTH, std=0.15)
        tensors[p + "mlp.c_fc.bias"] = normal(4 * WIDTH, std=0.1)
        tensors[p + "mlp.c_proj.weight"] = normal(4 * WIDTH, WIDTH, std=0.08)
        tensors[p + "mlp.c_proj.bias"] = normal(WIDTH, std=0.1)
        tensors[p + "attn.bias"] = torch.tril(torch.ones(CONTEXT, CONTEXT, dtype=torch.float64)).view(1, 1, CONTEXT, CONTEXT)
    tensors["ln_f.weight"] = 1 + normal(WIDTH, std=0.1)
    tensors["ln_f.bias"] = normal(WIDTH, std=0.1)
    # The file holds float32, as Hugging Face's does; compute from exactly those values.
    return {name: t.float().double() for name, t in tensors.items()}


def gelu_tanh(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x.pow(3))))


def layer_norm(x, weight, bias, eps=1e-5):
    mean = x.mean(-1, keepdim=True)
    variance = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(variance + eps) * weight + bias


def forward(w, ids):
    batch, length = ids.shape
    x = w["wte.weight"][ids] + w["wpe.weight"][torch.arange(length)]
    head_dim = WIDTH // HEADS
    for i in range(LAYERS):
        p = f"h.{i}."
        h = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"])
        qkv = h @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = (t.view(batch, length, HEADS, head_dim).transpose(1, 2) for t in qkv.split(WIDTH, dim=-1))
        scores = q @ k.transpose(-2, -1) / math.sqrt(head_dim)
        mask = w[p + "attn.bias"][:, :, :length, :length] == 0
        scores = scores.masked_fill(mask, float("-inf"))
        attended = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, WIDTH)
        x = x + attended @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        h = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"])
        h = gelu_tanh(h @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
        x = x + h @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    x = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"])
    return x @ w["wte.weight"].T


def write_safetensors(path, tensors):
    dtypes = {torch.float32: "F32", torch.int64: "I64"}
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        blob = t.contiguous().numpy().tobytes()  # little-endian on the machines this runs on
        header[name] = {"dtype": dtypes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)


def main():
    generator = torch.Generator().manual_seed(2019)
    weights = random_gpt2(generator)
    ids = torch.randint(0, VOCAB, (2, CONTEXT), generator=generator, dtype=torch.int64)
    logits = forward(weights, ids)
    write_safetensors(os.path.join(HERE, "gpt2-tiny.safetensors"), {n: t.float() for n, t in weights.items()})
    write_safetensors(os.path.join(HERE, "gpt2-tiny-logits.safetensors"), {"input_ids": ids, "logits": logits.float()})
    print(f"torch {torch.__version__}: logits {tuple(logits.shape)}, std {logits.std():.3f}, "
          f"first row argmax {logits[0].argmax(-1)[:8].tolist()}")


if __name__ == "__main__":
    main()
