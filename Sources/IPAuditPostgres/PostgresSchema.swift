/// The PostgreSQL schema, as versioned migrations recorded in `schema_migrations`.
///
/// The same tables as the SQLite store, in PostgreSQL's types: allocation blocks keep
/// their canonical text (what is read back) plus a `cidr` copy for the overlap constraints;
/// observation text is `COLLATE "C"` so its order is bytewise, as in SQLite, whatever
/// the server's default collation. Append new migrations at the end; never edit one
/// that has shipped. One statement per string: the extended protocol takes one at a time.
enum PostgresSchema {
    static let migrations: [(version: String, statements: [String])] = [
        ("allocation.v1", [
            """
            CREATE TABLE allocation (
                id         BIGSERIAL PRIMARY KEY,
                path       TEXT NOT NULL,
                kind       TEXT NOT NULL CHECK (kind IN ('region', 'zone', 'rack', 'role', 'agent')),
                family     INTEGER NOT NULL CHECK (family IN (4, 6)),
                prefix     TEXT NOT NULL,
                block      CIDR NOT NULL,
                region     TEXT NOT NULL,
                zone       TEXT,
                rack       TEXT,
                role       TEXT,
                agent      TEXT,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                UNIQUE (path, family),
                UNIQUE (family, prefix)
            )
            """,
            """
            CREATE INDEX allocation_by_block ON allocation USING gist (block inet_ops)
            """,
            """
            -- Last line of defence, as in SQLite: blocks of one kind and family never overlap.
            CREATE FUNCTION allocation_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM allocation
                           WHERE kind = NEW.kind AND family = NEW.family AND block && NEW.block) THEN
                    RAISE EXCEPTION 'allocation % overlaps an existing block of the same kind', NEW.prefix
                        USING ERRCODE = 'exclusion_violation';
                END IF;
                RETURN NEW;
            END $$
            """,
            """
            CREATE TRIGGER allocation_no_overlap BEFORE INSERT ON allocation
                FOR EACH ROW EXECUTE FUNCTION allocation_no_overlap()
            """,
            """
            CREATE TABLE allocation_released (
                id          BIGSERIAL PRIMARY KEY,
                path        TEXT NOT NULL,
                kind        TEXT NOT NULL,
                family      INTEGER NOT NULL,
                prefix      TEXT NOT NULL,
                region      TEXT NOT NULL,
                zone        TEXT,
                rack        TEXT,
                role        TEXT,
                agent       TEXT,
                released_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE allocation_meta (
                key   TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
        ]),
        ("inventory-v1", [
            """
            CREATE TABLE inventory_record (
                id          BIGSERIAL PRIMARY KEY,
                source      TEXT    NOT NULL,
                address     TEXT,
                prefix      TEXT,
                mapped_ipv4 BOOLEAN NOT NULL DEFAULT false,
                name        TEXT    NOT NULL,
                role        TEXT    NOT NULL,
                region      TEXT,
                zone        TEXT,
                rack        TEXT,
                mac         TEXT,
                network     TEXT,
                vlan        BIGINT,
                host        TEXT,
                live        BOOLEAN NOT NULL DEFAULT true,
                labels      TEXT    NOT NULL DEFAULT '{}',
                file        TEXT,
                line        BIGINT,
                path        TEXT,
                CHECK ((address IS NULL) <> (prefix IS NULL))
            )
            """,
            """
            CREATE INDEX inventory_record_by_source ON inventory_record (source)
            """,
            """
            CREATE INDEX inventory_record_by_address ON inventory_record (address)
            """,
        ]),
        ("observation-v1", [
            """
            CREATE TABLE observation (
                domain     TEXT COLLATE "C" NOT NULL,
                address    TEXT COLLATE "C" NOT NULL,
                mac        TEXT COLLATE "C" NOT NULL,
                first_seen DOUBLE PRECISION NOT NULL,
                last_seen  DOUBLE PRECISION NOT NULL,
                frames     BIGINT NOT NULL CHECK (frames >= 0),
                PRIMARY KEY (domain, address, mac)
            )
            """,
            """
            CREATE INDEX observation_by_address ON observation (address, domain, mac)
            """,
        ]),
        // The trigger above cannot see rows other transactions have inserted but not committed
        // (READ COMMITTED), so two writers that skip the advisory lock could both insert
        // overlapping blocks. An exclusion constraint is checked against uncommitted rows too:
        // the second writer waits for the first and then fails. One partial constraint per kind
        // (IPv4 and IPv6 blocks never overlap), so no btree_gist extension is needed.
        ("allocation.v2-exclusion", [
            // Blocks that already overlap (the race this closes could have made some) are
            // named, so the operator can release them, instead of a bare constraint error.
            """
            DO $$
            DECLARE found text;
            BEGIN
                SELECT string_agg(a.path || ' ' || a.prefix || ' and ' || b.path || ' ' || b.prefix, '; ')
                  INTO found
                  FROM allocation a JOIN allocation b ON a.id < b.id AND a.kind = b.kind AND a.block && b.block;
                IF found IS NOT NULL THEN
                    RAISE EXCEPTION 'overlapping allocations must be released before this upgrade: %', found;
                END IF;
            END $$
            """,
            "DROP TRIGGER allocation_no_overlap ON allocation",
            "DROP FUNCTION allocation_no_overlap()",
        ] + ["region", "zone", "rack", "role", "agent"].map { kind in
            """
            ALTER TABLE allocation ADD CONSTRAINT allocation_no_overlap_\(kind)
                EXCLUDE USING gist (block inet_ops WITH &&) WHERE (kind = '\(kind)')
            """
        }),
        // The wire's verdicts and the space a watch covered (see the SQLite store's WireVerdictSchema).
        ("wire-verdict-v1", [
            """
            CREATE TABLE wire_verdict (
                scope          TEXT COLLATE "C" NOT NULL,
                domain         TEXT COLLATE "C" NOT NULL,
                rule           TEXT COLLATE "C" NOT NULL,
                subject        TEXT COLLATE "C" NOT NULL,
                severity       TEXT NOT NULL,
                address        TEXT COLLATE "C",
                message        TEXT NOT NULL,
                finding        TEXT NOT NULL,
                first_raised   DOUBLE PRECISION NOT NULL,
                last_evaluated DOUBLE PRECISION NOT NULL,
                closed_at      DOUBLE PRECISION,
                PRIMARY KEY (scope, domain, rule, subject)
            )
            """,
            """
            CREATE TABLE wire_coverage (
                domain        TEXT COLLATE "C" NOT NULL,
                prefix        TEXT COLLATE "C" NOT NULL,
                first_watched DOUBLE PRECISION NOT NULL,
                last_watched  DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (domain, prefix)
            )
            """,
        ]),
        // arpwatch's log for `history` (see the SQLite `WireEventSchema`), the store's settings
        // (retention), and the indexes `show` reads through.
        ("wire-event-v1", PostgresQuerySchema.wireEvents),
        ("query-index-v1", PostgresQuerySchema.queryIndexes),
        // Each scanner run's highest saved flush, written with its rows: a flush sent again
        // after a lost COMMIT answer, or replayed from a spool file, is not counted twice.
        ("observation-flush-v1", [
            """
            CREATE TABLE observation_flush (
                instance TEXT PRIMARY KEY,
                sequence BIGINT NOT NULL,
                saved_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """,
        ]),
        // Coverage as spans: each span a (domain, prefix) was watched, keyed by its start (see
        // `LinkCoverage.bridge`); the rows before stay as one span each.
        ("wire-coverage-spans-v1", [
            "ALTER TABLE wire_coverage DROP CONSTRAINT wire_coverage_pkey",
            "ALTER TABLE wire_coverage ADD PRIMARY KEY (domain, prefix, first_watched)",
        ]),
    ]
}
