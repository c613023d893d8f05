"""Federation and open data adapters (issue 14)."""
