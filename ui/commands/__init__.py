"""CLI commands beyond build/export, one module per topic; each adds itself to ``ui.cli.cli``."""
