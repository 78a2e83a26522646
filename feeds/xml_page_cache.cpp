#include "feeds/xml_page_cache.h"

#include <pugixml.hpp>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace mw::feed_detail {
namespace {

// Blocks up to this size (pugixml's page and the copy of a typical feed) are served whole from
// the cache; larger ones go to malloc as they are.
constexpr std::size_t kBlock = 40 * 1024;
// A header before each block says which kind it is; 16 bytes keep malloc's alignment.
constexpr std::size_t kHeader = 16;
constexpr std::size_t kCached = 4;  // blocks kept per thread (a document holds two)

enum class Kind : unsigned char { kCacheable = 1, kLarge = 2 };

struct BlockCache {
  void* blocks[kCached] = {};
  std::size_t count = 0;
  bool alive = true;
  ~BlockCache() {
    for (std::size_t i = 0; i < count; ++i) std::free(blocks[i]);
    count = 0;
    alive = false;  // a block freed later in this thread's exit goes back to malloc
  }
};
thread_local BlockCache cache;

void* allocate(std::size_t size) {
  const bool cacheable = size <= kBlock - kHeader;
  void* raw = nullptr;
  if (cacheable && cache.alive && cache.count > 0) {
    raw = cache.blocks[--cache.count];
  } else {
    raw = std::malloc(cacheable ? kBlock : size + kHeader);
    if (raw == nullptr) return nullptr;  // pugixml reports out-of-memory itself
  }
  *static_cast<Kind*>(raw) = cacheable ? Kind::kCacheable : Kind::kLarge;
  return static_cast<char*>(raw) + kHeader;
}

void deallocate(void* block) {
  if (block == nullptr) return;
  void* raw = static_cast<char*>(block) - kHeader;
  if (*static_cast<Kind*>(raw) == Kind::kCacheable && cache.alive && cache.count < kCached) {
    cache.blocks[cache.count++] = raw;
    return;
  }
  std::free(raw);
}

}  // namespace

bool install_xml_page_cache() {
  pugi::set_memory_management_functions(allocate, deallocate);
  return true;
}

bool xml_page_cache_installed() {
  return pugi::get_memory_allocation_function() == allocate &&
         pugi::get_memory_deallocation_function() == deallocate;
}

}  // namespace mw::feed_detail
