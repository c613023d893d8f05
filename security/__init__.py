"""Security adapters: password hashing (argon2id) and authorship-receipt signing (Ed25519)."""
