"""The app's widgets: search bar, paper view, note editor, sidebar, palette."""
