#include "feeds/address_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace mw {
namespace {

// One IPv4 block: base address (host order) and prefix length.
struct V4Block {
  unsigned int base;
  int prefix;
  AddressClass cls;
};

constexpr unsigned int v4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 and updates), most specific first where
// blocks nest. Anything not listed is public.
constexpr V4Block kV4Blocks[] = {
    {v4(255, 255, 255, 255), 32, AddressClass::kBroadcast},
    {v4(0, 0, 0, 0), 8, AddressClass::kUnspecified},
    {v4(10, 0, 0, 0), 8, AddressClass::kPrivate},
    {v4(100, 64, 0, 0), 10, AddressClass::kCarrierNat},
    {v4(127, 0, 0, 0), 8, AddressClass::kLoopback},
    {v4(169, 254, 0, 0), 16, AddressClass::kLinkLocal},
    {v4(172, 16, 0, 0), 12, AddressClass::kPrivate},
    {v4(192, 0, 0, 0), 24, AddressClass::kReserved},
    {v4(192, 0, 2, 0), 24, AddressClass::kDocumentation},
    {v4(192, 88, 99, 0), 24, AddressClass::kReserved},
    {v4(192, 168, 0, 0), 16, AddressClass::kPrivate},
    {v4(198, 18, 0, 0), 15, AddressClass::kBenchmarking},
    {v4(198, 51, 100, 0), 24, AddressClass::kDocumentation},
    {v4(203, 0, 113, 0), 24, AddressClass::kDocumentation},
    {v4(224, 0, 0, 0), 4, AddressClass::kMulticast},
    {v4(240, 0, 0, 0), 4, AddressClass::kReserved},
};

bool in_v4_block(unsigned int addr, const V4Block& b) {
  const unsigned int mask = b.prefix == 0 ? 0u : ~0u << (32 - b.prefix);
  return (addr & mask) == (b.base & mask);
}

// True when the first `prefix` bits of `a` equal those of `b`.
bool v6_prefix_equal(const unsigned char* a, const unsigned char* b, int prefix) {
  const int whole = prefix / 8;
  if (std::memcmp(a, b, static_cast<size_t>(whole)) != 0) return false;
  const int rest = prefix % 8;
  if (rest == 0) return true;
  const unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

unsigned int v4_from_bytes(const unsigned char* p) {
  return (static_cast<unsigned int>(p[0]) << 24) | (static_cast<unsigned int>(p[1]) << 16) |
         (static_cast<unsigned int>(p[2]) << 8) | static_cast<unsigned int>(p[3]);
}

struct V6Block {
  unsigned char base[16];
  int prefix;
  AddressClass cls;
};

// IANA IPv6 Special-Purpose Address Registry, the blocks a fetcher must not reach. Checked after
// the embedded-IPv4 forms and the exact addresses :: and ::1.
const V6Block kV6Blocks[] = {
    {{0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48, AddressClass::kPrivate},  // local-use NAT64
    {{0x01, 0x00}, 64, AddressClass::kReserved},                         // discard-only
    {{0x20, 0x01, 0x00, 0x02, 0x00, 0x00}, 48, AddressClass::kBenchmarking},
    {{0x20, 0x01, 0x0d, 0xb8}, 32, AddressClass::kDocumentation},
    {{0x20, 0x01, 0x00, 0x00}, 32, AddressClass::kReserved},  // Teredo: tunnels to anywhere
    {{0x3f, 0xff}, 20, AddressClass::kDocumentation},
    {{0xfc}, 7, AddressClass::kPrivate},  // unique local
    {{0xfe, 0x80}, 10, AddressClass::kLinkLocal},
    {{0xfe, 0xc0}, 10, AddressClass::kPrivate},  // deprecated site-local
    {{0xff}, 8, AddressClass::kMulticast},
};

}  // namespace

std::string_view to_string(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic: return "public";
    case AddressClass::kUnspecified: return "unspecified";
    case AddressClass::kLoopback: return "loopback";
    case AddressClass::kPrivate: return "private";
    case AddressClass::kCarrierNat: return "carrier-grade NAT";
    case AddressClass::kLinkLocal: return "link-local";
    case AddressClass::kMulticast: return "multicast";
    case AddressClass::kBroadcast: return "broadcast";
    case AddressClass::kDocumentation: return "documentation";
    case AddressClass::kBenchmarking: return "benchmarking";
    case AddressClass::kReserved: return "reserved";
  }
  return "reserved";
}

AddressClass classify_ipv4(unsigned int host_order) {
  for (const auto& b : kV4Blocks) {
    if (in_v4_block(host_order, b)) return b.cls;
  }
  return AddressClass::kPublic;
}

AddressClass classify_ipv6(const unsigned char (&a)[16]) {
  static constexpr unsigned char kZero[16] = {};
  // :: and ::1 are exact addresses inside ::/96, which is otherwise the deprecated
  // IPv4-compatible range.
  if (std::memcmp(a, kZero, 15) == 0 && (a[15] == 0 || a[15] == 1)) {
    return a[15] == 0 ? AddressClass::kUnspecified : AddressClass::kLoopback;
  }
  // ::ffff:a.b.c.d (IPv4-mapped) — the kernel connects these to the IPv4 address.
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a, kMapped, 12) == 0) return classify_ipv4(v4_from_bytes(a + 12));
  // 64:ff9b::/96 (well-known NAT64 prefix) — a NAT64 gateway forwards to the embedded address.
  static constexpr unsigned char kNat64[12] = {0x00, 0x64, 0xff, 0x9b};
  if (std::memcmp(a, kNat64, 12) == 0) return classify_ipv4(v4_from_bytes(a + 12));
  // 2002:a.b.c.d::/48 (6to4) — relays forward to the embedded address.
  if (a[0] == 0x20 && a[1] == 0x02) return classify_ipv4(v4_from_bytes(a + 2));
  if (std::memcmp(a, kZero, 12) == 0) return AddressClass::kReserved;  // IPv4-compatible
  for (const auto& b : kV6Blocks) {
    if (v6_prefix_equal(a, b.base, b.prefix)) return b.cls;
  }
  return AddressClass::kPublic;
}

std::optional<AddressClass> classify_ip(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (auto pct = text.find('%'); pct != std::string_view::npos) text = text.substr(0, pct);
  if (text.empty() || text.size() > 64) return std::nullopt;
  const std::string s(text);
  in_addr a4{};
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1) return classify_ipv4(ntohl(a4.s_addr));
  unsigned char a6[16];
  if (inet_pton(AF_INET6, s.c_str(), a6) == 1) return classify_ipv6(a6);
  return std::nullopt;
}

std::optional<AddressClass> classify_sockaddr(const sockaddr* addr) {
  if (addr == nullptr) return std::nullopt;
  if (addr->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, addr, sizeof in);  // the caller's buffer may not be aligned for sockaddr_in
    return classify_ipv4(ntohl(in.sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, addr, sizeof in6);
    unsigned char bytes[16];
    std::memcpy(bytes, &in6.sin6_addr, 16);
    return classify_ipv6(bytes);
  }
  return std::nullopt;
}

std::string sockaddr_to_string(const sockaddr* addr) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (addr != nullptr && addr->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, addr, sizeof in);
    if (inet_ntop(AF_INET, &in.sin_addr, buf, sizeof buf) != nullptr) return buf;
  } else if (addr != nullptr && addr->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, addr, sizeof in6);
    if (inet_ntop(AF_INET6, &in6.sin6_addr, buf, sizeof buf) != nullptr) return buf;
  }
  return "?";
}

}  // namespace mw
