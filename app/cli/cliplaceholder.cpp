// replaced by the CLI commands
