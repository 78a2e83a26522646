#pragma once
// The numbered schema migrations of the missionwatch database.
//
// Rules (the schema's history is part of every user's database file):
//  - The list is append-only. Never edit or reorder a migration that has shipped; fix a mistake
//    with a new one. Migration i (0-based) brings the schema to version i + 1.
//  - PRAGMA user_version holds the version of a database. Store::open applies every pending
//    migration in ONE transaction (all or nothing), with foreign keys off during the migration
//    and `PRAGMA foreign_key_check` before the commit, so a migration may rebuild a table the
//    way SQLite's ALTER TABLE documentation describes.
//  - A database whose version is higher than the list knows is refused and left untouched.
//  - Values are never concatenated into SQL; migrations are constant text.
#include <span>

namespace mw::store {

struct Migration {
  const char* name;  // short description, recorded in the schema_migrations table
  const char* sql;   // one or more statements
};

// Every migration this binary knows, oldest first.
std::span<const Migration> schema_migrations();

// The schema version this binary writes: schema_migrations().size().
int latest_schema_version();

}  // namespace mw::store
