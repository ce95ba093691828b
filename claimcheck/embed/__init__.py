"""Sentence embeddings from a small local model (all-MiniLM-L6-v2), offline and hash-verified.

Importing this package needs neither ``tokenizers`` nor ``safetensors``: they are loaded by
``get_encoder`` when the model is first used.
"""

from claimcheck.embed.install import (
    MODEL,
    InstallResult,
    ModelError,
    ModelFile,
    ModelHashError,
    ModelSpec,
    encoder_info,
    generator_info,
    get_encoder,
    install_model,
    model_dir,
    model_disabled,
    model_status,
    reset_encoder,
)

__all__ = [
    "MODEL",
    "InstallResult",
    "ModelError",
    "ModelFile",
    "ModelHashError",
    "ModelSpec",
    "encoder_info",
    "generator_info",
    "get_encoder",
    "install_model",
    "model_dir",
    "model_disabled",
    "model_status",
    "reset_encoder",
]
