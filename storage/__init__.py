"""File storage adapters: the filesystem under the data directory (default) and S3."""
