"""The store's schema: its version, its file name and the migrations that build it."""

from __future__ import annotations

SCHEMA_VERSION = 1
# The store's file in a library folder.
STORE_FILE = "library.sqlite3"

# Each entry upgrades the schema from version i to i + 1; never edit one that has
# shipped, append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE papers (
        id TEXT PRIMARY KEY,
        ident TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        abstract TEXT,
        authors_count INTEGER,
        organisation TEXT,
        published TEXT,
        year_inferred INTEGER NOT NULL DEFAULT 0,
        date_raw TEXT,
        upvotes INTEGER,
        links TEXT NOT NULL DEFAULT '[]',
        starred INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'unread'
            CHECK (status IN ('unread', 'reading', 'read')),
        note TEXT NOT NULL DEFAULT '',
        citekey TEXT UNIQUE,
        added REAL NOT NULL,
        modified REAL NOT NULL
    );
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        imported_at REAL NOT NULL
    );
    CREATE TABLE sources (
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        line INTEGER NOT NULL,
        PRIMARY KEY (paper_id, import_id)
    );
    CREATE INDEX sources_by_import ON sources(import_id);
    CREATE TABLE tags (
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (paper_id, tag)
    );
    CREATE TABLE lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created REAL NOT NULL
    );
    CREATE TABLE list_items (
        list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (list_id, paper_id)
    );
    CREATE INDEX list_items_by_paper ON list_items(paper_id);
    CREATE TABLE saved_searches (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        query TEXT NOT NULL,
        created REAL NOT NULL
    );
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        paper_id TEXT NOT NULL
    );
    """,
)

PAPER_COLUMNS = (
    "id, title, abstract, authors_count, organisation, published, year_inferred, "
    "date_raw, upvotes, links, starred, status, note, citekey, added"
)

# The tables every Reading List store has, at every schema version so far.
TABLES = frozenset(
    {"meta", "papers", "imports", "sources", "tags", "lists", "list_items"}
    | {"saved_searches", "outbox"}
)
