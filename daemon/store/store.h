#pragma once
// The SQLite store: one connection to the missionwatch database, its pragmas, migrations,
// transactions and a cache of prepared statements. The typed repositories beside this file
// (feed_repository.h, entry_repository.h, article_repository.h, event_repository.h,
// alert_repository.h, change_repository.h) are the only code that writes SQL; everything else
// passes plain structs to them.
//
//   auto store = mw::store::Store::open("/var/lib/missionwatch/missionwatch.db", {});
//   if (!store) return fail_with(store.error());
//   auto st = (*store)->transaction([&]() -> mw::Status {
//     auto id = insert_article(**store, article, now);
//     if (!id) return tl::unexpected(id.error());
//     return append_change(**store, event_id, "created", "{}", now).map([](auto) {});
//   });
//
// Threads: a Store is one SQLite connection and is NOT thread-safe. Give each thread its own
// Store (open the same path again); WAL lets any number of readers run while one writer writes,
// and busy_timeout makes writers queue for each other instead of failing.
//
// Errors: SQLiteCpp throws; every public function here and in the repositories catches at the
// boundary and returns mw::Result with ErrorCode::kDatabase (or kUnsupported for a database from
// a newer missionwatch), the message naming the database file.
#include <cstdint>
#include <exception>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "common/result.h"
#include "daemon/store/migrations.h"

namespace mw::store {

// PRAGMA synchronous in WAL mode.
enum class Synchronous {
  // Default. A commit is durable across crashes of missionwatch (and of any process), and the
  // database can never be corrupted; a power loss or kernel crash may lose the last few
  // transactions (they were in the WAL but not yet synced). Much faster: no fsync per commit.
  kNormal,
  // Every commit is fsynced before it returns: also durable across power loss. Costs one fsync
  // per transaction (a few ms on disks), i.e. per article in the pipeline.
  kFull,
};

struct StoreOptions {
  // How long a connection waits for another connection's write lock before failing with
  // "database is locked". 5 s covers the longest transaction the daemon runs (one article).
  int busy_timeout_ms = 5000;
  Synchronous synchronous = Synchronous::kNormal;
  // Apply pending migrations at open (true). false opens an older database as it is, for
  // inspection (`db check`): compare schema_version() with latest_schema_version() before
  // using the repositories, which assume the latest schema.
  bool migrate = true;
};

class Store {
 public:
  // Opens (creating if missing) the database at `path`:
  //  - a missing parent folder is created with mode 0750, a new database file with mode 0640
  //    (whatever the umask); an existing file keeps its mode;
  //  - pragmas: journal_mode=WAL, synchronous (see options), foreign_keys=ON, busy_timeout;
  //  - all pending migrations are applied in one transaction.
  // Fails with kUnsupported when the file's schema version is newer than this binary knows (the
  // file is then not modified), kIo when the folder or file cannot be created or written, and
  // kDatabase for anything SQLite reports (not a database, corrupt, locked).
  static Result<std::unique_ptr<Store>> open(const std::string& path,
                                             const StoreOptions& options = {});

  // Test hook: the same with an explicit migration list (e.g. the first N of
  // schema_migrations(), to build an old-version fixture, or the full list plus one more).
  static Result<std::unique_ptr<Store>> open_with_migrations(const std::string& path,
                                                             const StoreOptions& options,
                                                             std::span<const Migration> migrations);

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  const std::string& path() const { return path_; }

  // PRAGMA user_version as read (after migration) at open.
  int schema_version() const { return schema_version_; }
  // The version the database had before open() migrated it (0 for a new file).
  int opened_at_version() const { return opened_at_version_; }

  // PRAGMA integrity_check and PRAGMA foreign_key_check; an empty list means healthy,
  // otherwise one human-readable line per problem.
  Result<std::vector<std::string>> check_integrity();

  // Runs fn() in a transaction and returns what it returns. fn returns mw::Status or
  // mw::Result<T>. Commits when fn succeeds; rolls back when it returns an error or throws
  // (SQLiteCpp / std exceptions become a kDatabase / kInternal error; others are rethrown after
  // the rollback). Outermost calls use BEGIN IMMEDIATE (take the write lock up front, so the
  // busy timeout applies once and a read never has to be upgraded); nested calls use savepoints,
  // so a repository function may open its own transaction inside the caller's.
  template <class F>
  auto transaction(F&& fn) -> std::invoke_result_t<F&>;

  // --- for the repositories -------------------------------------------------------------

  // A cached prepared statement, with its bindings cleared. When the lease ends the statement
  // is reset, which matters in WAL mode: a statement left mid-result holds a read snapshot
  // open (stale reads, blocked checkpoints). If the same SQL is already leased (a nested use),
  // a fresh uncached statement is prepared instead. Throws SQLite::Exception; call inside
  // guard().
  class Lease {
   public:
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    SQLite::Statement& operator*() { return *stmt_; }
    SQLite::Statement* operator->() { return stmt_; }

   private:
    friend class Store;
    Lease(SQLite::Statement* stmt, bool* busy, std::unique_ptr<SQLite::Statement> owned);
    SQLite::Statement* stmt_;
    bool* busy_;  // the cache slot's in-use flag, or nullptr for an uncached statement
    std::unique_ptr<SQLite::Statement> owned_;
  };
  Lease prepare(const char* sql);

  // Runs fn() (which returns a Result) and converts exceptions thrown by SQLiteCpp into a
  // kDatabase error "<db path>: <what>: <sqlite message>".
  template <class F>
  auto guard(std::string_view what, F&& fn) -> std::invoke_result_t<F&>;

  // The error for an SQLite exception, with a hint for the common cases (locked, read-only,
  // disk full, corrupt).
  Error database_error(std::string_view what, const std::exception& e) const;

  SQLite::Database& db() { return *db_; }

 private:
  Store(std::string path, std::unique_ptr<SQLite::Database> db);
  Status begin();
  Status commit();
  void rollback() noexcept;

  struct CachedStatement {
    std::unique_ptr<SQLite::Statement> stmt;
    bool busy = false;
  };

  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
  std::unordered_map<std::string, CachedStatement> cache_;
  int depth_ = 0;  // transaction nesting
  int schema_version_ = 0;
  int opened_at_version_ = 0;
};

// ------------------------------------------------------------------------------------------

template <class F>
auto Store::guard(std::string_view what, F&& fn) -> std::invoke_result_t<F&> {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(database_error(what, e));
  } catch (const std::exception& e) {
    return tl::unexpected(database_error(what, e));
  }
}

template <class F>
auto Store::transaction(F&& fn) -> std::invoke_result_t<F&> {
  if (auto st = begin(); !st) return tl::unexpected(st.error());
  try {
    auto result = fn();
    if (!result) {
      rollback();
      return result;
    }
    if (auto st = commit(); !st) {
      rollback();
      return tl::unexpected(st.error());
    }
    return result;
  } catch (const SQLite::Exception& e) {
    rollback();
    return tl::unexpected(database_error("transaction", e));
  } catch (const std::exception& e) {
    rollback();
    return tl::unexpected(
        Error{ErrorCode::kInternal, path_ + ": transaction aborted by an exception: " + e.what()});
  } catch (...) {
    rollback();
    throw;
  }
}

}  // namespace mw::store
