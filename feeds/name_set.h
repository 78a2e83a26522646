#pragma once
// Internal to feeds/: a fixed set of short ASCII names (HTML tags and attributes, CSS
// properties and keywords), asked about several times for every tag of every fragment. Open
// addressing over an FNV-1a hash, a mask instead of a division, no allocation per lookup;
// std::unordered_set's hashing and bucket walk were 5 % of parsing a feed.
//
//   static const NameSet kVoid = {"br", "hr", "img"};
//   if (kVoid.count(tag)) ...
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace mw {

class NameSet {
 public:
  // The views must outlive the set (string literals, in practice).
  NameSet(std::initializer_list<std::string_view> names) {
    size_t capacity = 16;
    while (capacity < names.size() * 4) capacity *= 2;
    slots_.resize(capacity);
    mask_ = capacity - 1;
    for (std::string_view n : names) {
      size_t i = hash(n) & mask_;
      while (slots_[i].data() != nullptr && slots_[i] != n) i = (i + 1) & mask_;
      slots_[i] = n;
    }
  }
  size_t count(std::string_view name) const {
    for (size_t i = hash(name) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].data() == nullptr) return 0;  // an empty slot ends the probe
      if (slots_[i] == name) return 1;
    }
  }

 private:
  static size_t hash(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    return static_cast<size_t>(h ^ (h >> 32));
  }
  std::vector<std::string_view> slots_;  // default (null) views are empty slots
  size_t mask_ = 0;
};

}  // namespace mw
