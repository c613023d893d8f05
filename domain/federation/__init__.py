"""Federation and open data (issue 14): API keys, the change feed, webhooks, inbound records
and the published metadata standard. Pure rules and data; adapters live in db/ and api/."""
