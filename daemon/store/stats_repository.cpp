#include "daemon/store/stats_repository.h"

#include "daemon/store/sql_time.h"

namespace mw::store {

Result<StoreFigures> store_figures(Store& store, TimePoint now) {
  return store.guard("reading status figures", [&]() -> Result<StoreFigures> {
    StoreFigures f;
    {
      auto q = store.prepare(
          "SELECT count(*), coalesce(sum(next_poll_at <= ?1), 0) FROM feeds "
          "WHERE enabled = 1 AND gone = 0");
      q->bind(1, to_sql_time(now));
      q->executeStep();
      f.feeds = q->getColumn(0).getInt64();
      f.due = q->getColumn(1).getInt64();
    }
    {
      auto q = store.prepare("SELECT count(*) FROM events");
      q->executeStep();
      f.events = q->getColumn(0).getInt64();
    }
    {
      auto q = store.prepare("SELECT count(*) FROM entries WHERE state = 'pending'");
      q->executeStep();
      f.pending_entries = q->getColumn(0).getInt64();
    }
    {
      auto q = store.prepare("SELECT count(*) FROM deliveries WHERE status = 'pending'");
      q->executeStep();
      f.pending_deliveries = q->getColumn(0).getInt64();
    }
    return f;
  });
}

}  // namespace mw::store
