"""The desktop app: PySide6 widgets over the core library."""
