"""Backend-agnostic contract suites for our ports; each backend's module runs the same suite."""
