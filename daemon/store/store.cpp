#include "daemon/store/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include <SQLiteCpp/Transaction.h>

namespace mw::store {

namespace {

bool is_special_path(const std::string& path) {
  return path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0;
}

// Creates the missing folders of `dir` (like mkdir -p) with mode 0750.
Status make_folders(const std::string& db_path, const std::string& dir) {
  if (dir.empty()) return ok();
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) {
      return fail(ErrorCode::kIo,
                  fmt::format("{}: cannot create the database: {} is not a folder", db_path, dir));
    }
    return ok();
  }
  auto slash = dir.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    if (auto parent = make_folders(db_path, dir.substr(0, slash)); !parent) return parent;
  }
  if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) {
    int err = errno;
    return fail(ErrorCode::kIo,
                fmt::format("{}: cannot create the database folder {}: {} (create it, or pass "
                            "--db with a writable path)",
                            db_path, dir, std::strerror(err)));
  }
  return ok();
}

// Prepares the file system for SQLite: folder, file with mode 0640, writability. SQLite would
// create the file itself with 0644 & ~umask and silently open a read-only file read-only; we
// want neither.
Status prepare_file(const std::string& path) {
  if (is_special_path(path)) return ok();
  auto slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  if (auto st = make_folders(path, dir); !st) return st;

  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd >= 0) {
    // The umask may have removed bits (e.g. 077 → 0600); the mode is part of the contract
    // (the service group reads the database), so set it explicitly.
    int rc = ::fchmod(fd, 0640);
    int err = errno;
    ::close(fd);
    if (rc != 0) {
      return fail(ErrorCode::kIo, fmt::format("{}: cannot set mode 0640 on the new database: {}",
                                              path, std::strerror(err)));
    }
  } else if (errno != EEXIST) {
    int err = errno;
    return fail(ErrorCode::kIo, fmt::format("{}: cannot create the database file: {} (check the "
                                            "folder's owner and mode, or pass --db)",
                                            path, std::strerror(err)));
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return fail(ErrorCode::kIo,
                fmt::format("{}: is a folder; --db / [service] database must name a file", path));
  }
  if (::access(path.c_str(), R_OK | W_OK) != 0) {
    int err = errno;
    return fail(ErrorCode::kIo, fmt::format("{}: database file is not readable and writable by "
                                            "this user (uid {}): {}; fix its owner or mode",
                                            path, ::getuid(), std::strerror(err)));
  }
  // WAL mode creates <db>-wal and <db>-shm beside the file.
  if (::access(dir.c_str(), W_OK) != 0) {
    int err = errno;
    return fail(ErrorCode::kIo,
                fmt::format("{}: the folder {} is not writable by this user (uid {}): {}; SQLite "
                            "needs to create {}-wal and {}-shm there",
                            path, dir, ::getuid(), std::strerror(err), path, path));
  }
  return ok();
}

int read_user_version(SQLite::Database& db) {
  return db.execAndGet("PRAGMA user_version").getInt();
}

}  // namespace

// --- Lease ------------------------------------------------------------------------------------

Store::Lease::Lease(SQLite::Statement* stmt, bool* busy, std::unique_ptr<SQLite::Statement> owned)
    : stmt_(stmt), busy_(busy), owned_(std::move(owned)) {}

Store::Lease::Lease(Lease&& other) noexcept
    : stmt_(other.stmt_), busy_(other.busy_), owned_(std::move(other.owned_)) {
  other.stmt_ = nullptr;
  other.busy_ = nullptr;
}

Store::Lease::~Lease() {
  if (stmt_ != nullptr) stmt_->tryReset();
  if (busy_ != nullptr) *busy_ = false;
}

Store::Lease Store::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto stmt = std::make_unique<SQLite::Statement>(*db_, sql);
    it = cache_.emplace(sql, CachedStatement{std::move(stmt), false}).first;
  }
  CachedStatement& slot = it->second;
  if (slot.busy) {  // nested use of the same SQL: a private statement
    auto stmt = std::make_unique<SQLite::Statement>(*db_, sql);
    SQLite::Statement* raw = stmt.get();
    return Lease(raw, nullptr, std::move(stmt));
  }
  slot.stmt->tryReset();
  slot.stmt->clearBindings();
  slot.busy = true;
  return Lease(slot.stmt.get(), &slot.busy, nullptr);
}

// --- Store ------------------------------------------------------------------------------------

Store::Store(std::string path, std::unique_ptr<SQLite::Database> db)
    : path_(std::move(path)), db_(std::move(db)) {}

Store::~Store() {
  cache_.clear();  // statements must be finalized before the connection closes
}

Error Store::database_error(std::string_view what, const std::exception& e) const {
  std::string hint;
  if (const auto* se = dynamic_cast<const SQLite::Exception*>(&e)) {
    switch (se->getErrorCode()) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        hint =
            " (another connection held the write lock longer than busy_timeout; is another "
            "missionwatch writing to this file?)";
        break;
      case SQLITE_READONLY: hint = " (the file or its folder is read-only for this user)"; break;
      case SQLITE_FULL: hint = " (the disk is full)"; break;
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        hint = " (the file is damaged or not a missionwatch database; run `missionwatch db check`)";
        break;
      default: break;
    }
  }
  return Error{ErrorCode::kDatabase, fmt::format("{}: {}: {}{}", path_, what, e.what(), hint)};
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, const StoreOptions& options) {
  return open_with_migrations(path, options, schema_migrations());
}

Result<std::unique_ptr<Store>> Store::open_with_migrations(const std::string& path,
                                                           const StoreOptions& options,
                                                           std::span<const Migration> migrations) {
  if (path.empty()) {
    return fail(ErrorCode::kInvalidArgument,
                "store: empty database path (set [service] database or pass --db)");
  }
  if (auto st = prepare_file(path); !st) return tl::unexpected(st.error());

  std::unique_ptr<Store> store;
  try {
    auto db = std::make_unique<SQLite::Database>(
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_URI,
        options.busy_timeout_ms);
    store.reset(new Store(path, std::move(db)));
  } catch (const std::exception& e) {
    return fail(ErrorCode::kDatabase,
                fmt::format("{}: cannot open the database: {}", path, e.what()));
  }
  SQLite::Database& db = store->db();
  const int known = static_cast<int>(migrations.size());

  try {
    // Until we know the version is ours, closing this connection must not write anything: no
    // checkpoint on close, and no pragma that changes the file (journal_mode writes the header).
    sqlite3_db_config(db.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    const int found = read_user_version(db);
    store->opened_at_version_ = found;
    if (found > known) {
      return fail(ErrorCode::kUnsupported,
                  fmt::format("{}: database schema version {} is newer than this missionwatch "
                              "knows ({}); it was written by a newer release. Upgrade "
                              "missionwatch or use another --db; the file was not modified",
                              path, found, known));
    }
    sqlite3_db_config(db.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);

    if (!is_special_path(path)) {
      std::string mode = db.execAndGet("PRAGMA journal_mode=WAL").getString();
      if (mode != "wal") {
        return fail(ErrorCode::kDatabase,
                    fmt::format("{}: cannot switch to WAL journal mode (got \"{}\"); the file "
                                "system may not support shared memory (network file system?)",
                                path, mode));
      }
    }
    db.exec(options.synchronous == Synchronous::kFull ? "PRAGMA synchronous=FULL"
                                                      : "PRAGMA synchronous=NORMAL");

    if (found < known && options.migrate) {
      // Foreign keys off while migrating (a pragma that is a no-op inside a transaction), so
      // a migration may rebuild a table; the whole schema is checked before the commit.
      db.exec("PRAGMA foreign_keys=OFF");
      db.exec("BEGIN IMMEDIATE");
      try {
        // Another process may have migrated between our read and our write lock.
        int current = read_user_version(db);
        for (int v = current; v < known; ++v) {
          const Migration& m = migrations[static_cast<std::size_t>(v)];
          try {
            db.exec(m.sql);
          } catch (const SQLite::Exception& e) {
            throw SQLite::Exception(
                fmt::format("migration {} ({}) failed: {}", v + 1, m.name, e.what()),
                e.getErrorCode());
          }
          SQLite::Statement record(db,
                                   "INSERT INTO schema_migrations (version, name, applied_at) "
                                   "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
          record.bind(1, v + 1);
          record.bind(2, m.name);
          record.exec();
        }
        SQLite::Statement fk(db, "PRAGMA foreign_key_check");
        if (fk.executeStep()) {
          throw SQLite::Exception(fmt::format("migration left a foreign key violation in table {}",
                                              fk.getColumn(0).getString()),
                                  SQLITE_CONSTRAINT);
        }
        // PRAGMA takes no bind parameters; the value is our own integer.
        db.exec(fmt::format("PRAGMA user_version = {}", known));
        db.exec("COMMIT");
      } catch (...) {
        db.tryExec("ROLLBACK");
        throw;
      }
    }
    db.exec("PRAGMA foreign_keys=ON");
    store->schema_version_ = read_user_version(db);
  } catch (const std::exception& e) {
    return tl::unexpected(store->database_error("open", e));
  }
  return store;
}

Result<std::vector<std::string>> Store::check_integrity() {
  return guard("integrity check", [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> problems;
    SQLite::Statement integrity(*db_, "PRAGMA integrity_check");
    while (integrity.executeStep()) {
      std::string line = integrity.getColumn(0).getString();
      if (line != "ok") problems.push_back(std::move(line));
    }
    SQLite::Statement fk(*db_, "PRAGMA foreign_key_check");
    while (fk.executeStep()) {
      problems.push_back(fmt::format("foreign key violation: {} row {} refers to a missing {} row",
                                     fk.getColumn(0).getString(), fk.getColumn(1).getInt64(),
                                     fk.getColumn(2).getString()));
    }
    return problems;
  });
}

Status Store::begin() {
  return guard("begin transaction", [&]() -> Status {
    if (depth_ == 0) {
      db_->exec("BEGIN IMMEDIATE");
    } else {
      db_->exec("SAVEPOINT mw_nested");
    }
    ++depth_;
    return ok();
  });
}

Status Store::commit() {
  return guard("commit", [&]() -> Status {
    db_->exec(depth_ == 1 ? "COMMIT" : "RELEASE mw_nested");
    --depth_;
    return ok();
  });
}

void Store::rollback() noexcept {
  if (depth_ == 0) return;
  if (depth_ == 1) {
    // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); then ROLLBACK fails
    // harmlessly.
    db_->tryExec("ROLLBACK");
  } else {
    db_->tryExec("ROLLBACK TO mw_nested");
    db_->tryExec("RELEASE mw_nested");
  }
  --depth_;
}

}  // namespace mw::store
