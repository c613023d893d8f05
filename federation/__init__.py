"""Federation adapters: the standard's validator (jsonschema), the webhook sender (Standard
Webhooks over httpx), open-data exports and the client that syncs with another exchange."""
