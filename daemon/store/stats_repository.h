#pragma once
// Figures for the service's status line (sd_notify STATUS=) and `missionwatch run` logs. Cheap:
// each is one indexed count. Also the service's health probe: if these fail, the store is not
// answering and the watchdog is not fed.
#include "common/clock.h"
#include "common/result.h"
#include "daemon/store/store.h"

namespace mw::store {

struct StoreFigures {
  long feeds = 0;               // enabled, not gone
  long due = 0;                 // of those, due at `now`
  long events = 0;              // canonical events (historical ones included)
  long pending_entries = 0;     // entries waiting for the pipeline
  long pending_deliveries = 0;  // alert deliveries not yet delivered or failed
};

Result<StoreFigures> store_figures(Store& store, TimePoint now);

}  // namespace mw::store
