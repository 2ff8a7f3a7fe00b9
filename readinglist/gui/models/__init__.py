"""Qt item models over the library: lazy, fetched by paper id."""
