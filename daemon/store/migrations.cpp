#include "daemon/store/migrations.h"

#include <array>

namespace mw::store {

namespace {

// Conventions for every table:
//  - Times are ISO 8601 UTC text, "YYYY-MM-DDTHH:MM:SS.mmmZ" (see sql_time.h), sortable as text.
//  - Booleans are INTEGER 0/1 with a CHECK; JSON columns carry CHECK (json_valid(...)).
//  - Enumerations that belong to the event model (action, status, mission_kind) are plain TEXT
//    without CHECK: the classifier owns those vocabularies and may grow them without a table
//    rebuild. Storage state machines (delivery status, entry state) are CHECKed.

// 1: what the pipeline reads: feeds with their HTTP state, entries, articles.
constexpr const char* kPipelineInput = R"sql(
CREATE TABLE schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
);

CREATE TABLE feeds (
  id              INTEGER PRIMARY KEY,
  url             TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL DEFAULT '',
  origin          TEXT NOT NULL DEFAULT 'config',     -- 'config' | 'cli' | 'opml'
  tags            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
  interval_s      INTEGER NOT NULL DEFAULT 900 CHECK (interval_s > 0),
  fetch_articles  INTEGER NOT NULL DEFAULT 1 CHECK (fetch_articles IN (0, 1)),
  topical         INTEGER NOT NULL DEFAULT 0 CHECK (topical IN (0, 1)),
  enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  -- HTTP cache state for conditional GET
  etag            TEXT,
  last_modified   TEXT,
  -- outcome of the last poll
  last_status     INTEGER,                            -- HTTP status; 0 = no response
  last_error      TEXT,
  failure_count   INTEGER NOT NULL DEFAULT 0,         -- consecutive failures (drives backoff)
  next_poll_at    TEXT NOT NULL,
  last_polled_at  TEXT,
  last_success_at TEXT,
  gone            INTEGER NOT NULL DEFAULT 0 CHECK (gone IN (0, 1)),  -- 410: never polled again
  -- permanent redirects: the target seen and on how many consecutive polls
  redirect_url    TEXT,
  redirect_count  INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
-- The scheduler's question: which enabled, live feeds are due?
CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE enabled = 1 AND gone = 0;

CREATE TABLE entries (
  id            INTEGER PRIMARY KEY,
  feed_id       INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
  entry_key     TEXT NOT NULL,                        -- guid, else canonical link, else content hash
  url           TEXT,
  title         TEXT NOT NULL DEFAULT '',
  summary       TEXT NOT NULL DEFAULT '',
  published_at  TEXT,
  first_seen_at TEXT NOT NULL,
  -- the pipeline's work queue: an entry stays 'pending' until its article is processed, so a
  -- restart resumes it
  state         TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'processed', 'skipped', 'failed')),
  state_reason  TEXT,
  UNIQUE (feed_id, entry_key)
);
CREATE INDEX entries_pending ON entries (first_seen_at) WHERE state = 'pending';
CREATE INDEX entries_url ON entries (url);

CREATE TABLE articles (
  id             INTEGER PRIMARY KEY,
  entry_id       INTEGER REFERENCES entries (id) ON DELETE SET NULL,  -- NULL for `ingest` of files
  url            TEXT,
  canonical_url  TEXT,
  title          TEXT NOT NULL DEFAULT '',
  text           TEXT NOT NULL DEFAULT '',
  published_at   TEXT,
  language       TEXT,
  site_name      TEXT,
  authors        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(authors)),
  source_name    TEXT,                                -- the outlet, as shown to people
  content_hash   TEXT NOT NULL,
  simhash        INTEGER,                             -- 64-bit fingerprint, bit-cast to signed
  duplicate_of   INTEGER REFERENCES articles (id) ON DELETE SET NULL,
  from_feed_text INTEGER NOT NULL DEFAULT 0 CHECK (from_feed_text IN (0, 1)),
  ingested_at    TEXT NOT NULL
);
CREATE INDEX articles_canonical_url ON articles (canonical_url);
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_ingested_at ON articles (ingested_at);
CREATE INDEX articles_entry ON articles (entry_id);
)sql";

// 2: what the pipeline derives: mentions, canonical events, their sources, and read-only views.
constexpr const char* kEvents = R"sql(
CREATE TABLE events (
  id             INTEGER PRIMARY KEY,
  direction      TEXT NOT NULL CHECK (direction IN ('dprk_abroad', 'foreign_in_dprk')),
  country        TEXT NOT NULL,                       -- ISO 3166-1 alpha-2
  action         TEXT NOT NULL,
  city           TEXT,
  mission_kind   TEXT NOT NULL DEFAULT 'mission',
  status         TEXT NOT NULL,
  effective_date TEXT,                                -- as precise as the text: YYYY[-MM[-DD]]
  historical     INTEGER NOT NULL DEFAULT 0 CHECK (historical IN (0, 1)),
  confidence     REAL NOT NULL,
  first_seen_at  TEXT NOT NULL,
  last_seen_at   TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
-- The merger's identity lookup: (direction, country, action) seen within the merge window.
CREATE INDEX events_identity ON events (direction, country, action, last_seen_at);
CREATE INDEX events_last_seen ON events (last_seen_at);

CREATE TABLE event_mentions (
  id             INTEGER PRIMARY KEY,
  article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  event_id       INTEGER REFERENCES events (id) ON DELETE SET NULL,  -- NULL: historical only / unmerged
  direction      TEXT NOT NULL CHECK (direction IN ('dprk_abroad', 'foreign_in_dprk')),
  country        TEXT NOT NULL,
  city           TEXT,
  mission_kind   TEXT NOT NULL DEFAULT 'mission',
  action         TEXT NOT NULL,
  status         TEXT NOT NULL,
  effective_date TEXT,
  confidence     REAL NOT NULL,
  evidence_text  TEXT NOT NULL DEFAULT '',
  evidence_start INTEGER,                             -- byte offsets into articles.text
  evidence_end   INTEGER,
  created_at     TEXT NOT NULL
);
CREATE INDEX event_mentions_article ON event_mentions (article_id);
CREATE INDEX event_mentions_event ON event_mentions (event_id);

CREATE TABLE event_sources (
  event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  mention_id  INTEGER REFERENCES event_mentions (id) ON DELETE SET NULL,
  independent INTEGER NOT NULL DEFAULT 1 CHECK (independent IN (0, 1)),  -- 0: a copy of a story
  evidence    TEXT NOT NULL DEFAULT '',
  added_at    TEXT NOT NULL,
  PRIMARY KEY (event_id, article_id)
);
CREATE INDEX event_sources_article ON event_sources (article_id);

-- Read-only views for tools that open the database file directly (safe while the daemon runs:
-- WAL gives readers a consistent snapshot). Column names follow the event JSON record.
CREATE VIEW events_v AS
SELECT e.id, e.direction, e.country, e.city, e.mission_kind, e.action, e.status,
       e.effective_date, e.historical, e.confidence,
       e.first_seen_at AS first_seen, e.last_seen_at AS last_seen, e.updated_at,
       (SELECT count(*) FROM event_sources s WHERE s.event_id = e.id) AS sources,
       (SELECT count(*) FROM event_sources s
         WHERE s.event_id = e.id AND s.independent = 1) AS independent_sources
  FROM events e;

CREATE VIEW event_sources_v AS
SELECT s.event_id, s.article_id, e.direction, e.country, e.action,
       a.url, a.canonical_url, a.title, coalesce(a.source_name, a.site_name) AS outlet,
       a.published_at AS published, s.evidence, s.independent, s.added_at
  FROM event_sources s
  JOIN events e ON e.id = s.event_id
  JOIN articles a ON a.id = s.article_id;
)sql";

// 3: what leaves the store: the alert outbox with per-channel deliveries, and the changefeed.
constexpr const char* kOutbox = R"sql(
CREATE TABLE alerts (
  id         INTEGER PRIMARY KEY,
  -- no cascade: an alert must never vanish with its event; NULL for channel test alerts
  event_id   INTEGER REFERENCES events (id),
  kind       TEXT NOT NULL,                           -- 'created' | 'status_changed' | 'test'
  payload    TEXT NOT NULL CHECK (json_valid(payload)),
  created_at TEXT NOT NULL
);
CREATE INDEX alerts_event ON alerts (event_id);

CREATE TABLE deliveries (
  id              INTEGER PRIMARY KEY,
  alert_id        INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  channel         TEXT NOT NULL,                      -- configured channel name
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_attempt_at TEXT,
  last_error      TEXT,
  delivered_at    TEXT,
  idempotency_key TEXT NOT NULL UNIQUE,               -- webhook-id / Message-ID, same on retries
  created_at      TEXT NOT NULL,
  UNIQUE (alert_id, channel)
);
-- The delivery worker's question: which pending deliveries are due?
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

-- The changefeed. AUTOINCREMENT (not just INTEGER PRIMARY KEY) so that a sequence number is
-- never reused, even after the newest rows are deleted: downstream loaders resume from it.
CREATE TABLE changes (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id INTEGER REFERENCES events (id),
  type     TEXT NOT NULL,                             -- 'created' | 'updated' | 'source_added' | 'status_changed'
  time     TEXT NOT NULL,
  data     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data))
);
CREATE INDEX changes_event ON changes (event_id);
)sql";

// 4: MinHash fingerprints for near-duplicate detection (classifiers/near_duplicate.h). The SimHash
// column stays (columns are never dropped); only rows with a non-empty minhash are candidates, so
// articles stored before this migration are simply never matched as near-duplicates.
constexpr const char* kMinhash = R"sql(
ALTER TABLE articles ADD COLUMN minhash BLOB;
)sql";

// 5: the database's identity, the CloudEvents `source` of its changefeed (daemon/changefeed.h):
// a random version 4 UUID minted once, here, by SQLite itself (the migration stays constant
// text). Kept in the database rather than in a file beside it because it qualifies the change
// sequence numbers, which live here: it must travel with them when the file is moved or copied.
constexpr const char* kInstanceId = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value)
SELECT 'instance_id',
       lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' ||
             substr('89ab', 1 + (random() & 3), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12))
  FROM (SELECT hex(randomblob(16)) AS h);
)sql";

constexpr std::array kMigrations = {
    Migration{"feeds, entries, articles", kPipelineInput},
    Migration{"events, mentions, sources, views", kEvents},
    Migration{"alerts, deliveries, changes", kOutbox},
    Migration{"articles.minhash", kMinhash},
    Migration{"meta: database instance id", kInstanceId},
};

}  // namespace

std::span<const Migration> schema_migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return static_cast<int>(kMigrations.size());
}

}  // namespace mw::store
