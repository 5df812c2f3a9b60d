"""Build tiny random-weight Argos packages for tests and benchmarks.

The package is a real Argos layout (metadata.json, model/ with a CTranslate2
Transformer, sentencepiece.model) so that every code path of the argos backend
runs; its translations are gibberish. Weights come from a seeded numpy generator,
so a given configuration always builds the same model.
"""

from __future__ import annotations

import io
import itertools
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

GERMAN_SUBJECTS = [
    "Die Regierung",
    "Der Minister",
    "Eine Sprecherin",
    "Das Gericht",
    "Die Firma",
    "Der Verband",
    "Die Forscherin",
    "Ein Künstler",
    "Die Stadt",
    "Der Konzern",
]
GERMAN_VERBS = ["veröffentlichte", "kritisierte", "bestätigte", "prüfte", "verschob", "lobte"]
GERMAN_OBJECTS = [
    "einen Bericht",
    "die Pläne",
    "das Gesetz",
    "den Vertrag",
    "die Zahlen",
    "einen Brief",
    "die Studie",
    "das Budget",
]
GERMAN_TIMES = [
    "am Montag",
    "am Dienstag",
    "im Juni",
    "gestern",
    "in Berlin",
    "nach langer Debatte",
]
ENGLISH_SUBJECTS = [
    "The government",
    "The minister",
    "A spokeswoman",
    "The court",
    "The company",
    "The association",
    "The researcher",
    "An artist",
    "The city",
    "The group",
]
ENGLISH_VERBS = ["published", "criticised", "confirmed", "examined", "postponed", "praised"]
ENGLISH_OBJECTS = [
    "a report",
    "the plans",
    "the law",
    "the contract",
    "the figures",
    "a letter",
    "the study",
    "the budget",
]
ENGLISH_TIMES = [
    "on Monday",
    "on Tuesday",
    "in June",
    "yesterday",
    "in Berlin",
    "after a long debate",
]


def training_lines(limit: int = 400) -> list[str]:
    """German and English sentences from the templates above (our own text)."""
    german = (
        f"{s} {v} {o} {t}."
        for s, v, o, t in itertools.product(
            GERMAN_SUBJECTS, GERMAN_VERBS, GERMAN_OBJECTS, GERMAN_TIMES
        )
    )
    english = (
        f"{s} {v} {o} {t}."
        for s, v, o, t in itertools.product(
            ENGLISH_SUBJECTS, ENGLISH_VERBS, ENGLISH_OBJECTS, ENGLISH_TIMES
        )
    )
    pairs = itertools.islice(zip(german, english, strict=False), 0, None, 7)
    lines = [line for pair in itertools.islice(pairs, limit // 2) for line in pair]
    return lines


@dataclass(frozen=True)
class ModelShape:
    encoder_layers: int = 2
    decoder_layers: int = 2
    d_model: int = 64
    heads: int = 4
    ffn: int = 128
    vocab_size: int = 300
    pad_vocabulary: bool = False  # add made-up pieces up to vocab_size (benchmark sizes)


TINY = ModelShape()
REALISTIC = ModelShape(
    encoder_layers=6,
    decoder_layers=6,
    d_model=512,
    heads=8,
    ffn=2048,
    vocab_size=32000,
    pad_vocabulary=True,
)


def train_sentencepiece(lines: list[str], vocab_size: int) -> bytes:
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram" if vocab_size < 1000 else "bpe",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    return model.getvalue()


def _synthetic_vocabulary(pieces: list[str], size: int) -> list[str]:
    """Pad a small trained vocabulary with made-up pieces up to `size` (benchmark models)."""
    extra = (f"▁x{i}" for i in itertools.count())
    return pieces + list(itertools.islice(extra, max(0, size - len(pieces))))


class _Filler:
    def __init__(self, shape: ModelShape, seed: int) -> None:
        self.shape = shape
        self.rng = np.random.default_rng(seed)

    def matrix(self, rows: int, cols: int) -> np.ndarray[Any, Any]:
        scale = 1.0 / np.sqrt(cols)
        return (self.rng.standard_normal((rows, cols)) * scale).astype(np.float32)

    def linear(self, spec: Any, rows: int, cols: int) -> None:
        spec.weight = self.matrix(rows, cols)
        spec.bias = np.zeros(rows, dtype=np.float32)

    def norm(self, spec: Any) -> None:
        spec.gamma = np.ones(self.shape.d_model, dtype=np.float32)
        spec.beta = np.zeros(self.shape.d_model, dtype=np.float32)

    def attention(self, spec: Any, fused_self: bool) -> None:
        d = self.shape.d_model
        self.norm(spec.layer_norm)
        if fused_self:
            self.linear(spec.linear[0], 3 * d, d)
        else:
            self.linear(spec.linear[0], d, d)
            self.linear(spec.linear[1], 2 * d, d)
        self.linear(spec.linear[-1], d, d)

    def ffn(self, spec: Any) -> None:
        self.norm(spec.layer_norm)
        self.linear(spec.linear_0, self.shape.ffn, self.shape.d_model)
        self.linear(spec.linear_1, self.shape.d_model, self.shape.ffn)


def build_model_dir(
    target: Path,
    vocabulary: list[str],
    shape: ModelShape,
    seed: int = 1,
    quantization: str | None = None,
) -> None:
    """Write a random-weight CTranslate2 Transformer into `target`."""
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(
        (shape.encoder_layers, shape.decoder_layers), shape.heads
    )
    fill = _Filler(shape, seed)
    vocab, d = len(vocabulary), shape.d_model
    spec.encoder.embeddings[0].weight = fill.matrix(vocab, d)
    spec.decoder.embeddings.weight = fill.matrix(vocab, d)
    for stack in (spec.encoder, spec.decoder):
        fill.norm(stack.layer_norm)
        for layer in stack.layer:
            fill.attention(layer.self_attention, fused_self=True)
            if hasattr(layer, "attention"):
                fill.attention(layer.attention, fused_self=False)
            fill.ffn(layer.ffn)
    fill.linear(spec.decoder.projection, vocab, d)
    bias = fill.rng.standard_normal(vocab).astype(np.float32)
    bias[: min(2, vocab)] = -1e4  # never <unk> or <s>
    bias[2] = 3.0  # "</s>": sentences end after a few tokens
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=quantization)
    target.mkdir(parents=True, exist_ok=True)
    spec.save(str(target))


def build_package_dir(
    target: Path,
    shape: ModelShape = TINY,
    from_code: str = "de",
    to_code: str = "en",
    version: str = "1.0",
    seed: int = 1,
    quantization: str | None = None,
) -> Path:
    """An unpacked Argos package directory at `target`."""
    import sentencepiece

    target.mkdir(parents=True, exist_ok=True)
    lines = training_lines()
    spm_bytes = train_sentencepiece(lines, min(shape.vocab_size, 400))
    (target / "sentencepiece.model").write_bytes(spm_bytes)
    processor = sentencepiece.SentencePieceProcessor(model_proto=spm_bytes)
    pieces = [processor.IdToPiece(i) for i in range(processor.GetPieceSize())]
    vocabulary = _synthetic_vocabulary(pieces, shape.vocab_size) if shape.pad_vocabulary else pieces
    build_model_dir(target / "model", vocabulary, shape, seed, quantization)
    metadata = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": "German",
        "to_code": to_code,
        "to_name": "English",
        "name": f"tiny-{from_code}_{to_code}",
        "type": "translate",
        "languages": [{"code": from_code}, {"code": to_code}],
    }
    (target / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    return target


def zip_package(package_dir: Path, archive: Path, skip: tuple[str, ...] = ()) -> Path:
    """Zip a package directory as `<folder>/…` (the .argosmodel layout), leaving out `skip`."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in sorted(package_dir.rglob("*")):
            relative = path.relative_to(package_dir).as_posix()
            if path.is_file() and relative not in skip:
                out.write(path, f"{package_dir.name}/{relative}")
    return archive


def build_argosmodel(workdir: Path, **options: Any) -> Path:
    """A complete tiny `.argosmodel` file in `workdir`."""
    from_code, to_code = options.get("from_code", "de"), options.get("to_code", "en")
    package = build_package_dir(workdir / f"translate-{from_code}_{to_code}-1_0", **options)
    archive = zip_package(package, workdir / f"translate-{from_code}_{to_code}.argosmodel")
    shutil.rmtree(package)
    return archive
