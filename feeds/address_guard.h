#pragma once
// The SSRF guard's core: which IP addresses a fetch may connect to.
//
// Feed URLs and article links come from untrusted content. Without a guard, a feed could make the
// daemon fetch http://169.254.169.254/ (cloud metadata), http://127.0.0.1:8080/admin or a printer
// on the LAN. The HTTP client calls `classify_address` on the address it is ACTUALLY about to
// connect to (from CURLOPT_OPENSOCKETFUNCTION), after DNS and for every redirect hop, so DNS
// rebinding and redirects to private hosts are caught too.
//
//   auto c = classify_ip("10.1.2.3");   // AddressClass::kPrivate
//   is_public(*c)                        // false -> refuse unless allow_private_networks
//
// Pure functions: no DNS, no I/O.
#include <optional>
#include <string>
#include <string_view>

struct sockaddr;

namespace mw {

// Where an address points. Everything except kPublic is refused by default.
enum class AddressClass {
  kPublic,         // globally routable unicast
  kUnspecified,    // 0.0.0.0/8, ::
  kLoopback,       // 127.0.0.0/8, ::1
  kPrivate,        // RFC 1918, fc00::/7 unique local, fec0::/10 site-local, 64:ff9b:1::/48
  kCarrierNat,     // 100.64.0.0/10 (RFC 6598 shared address space)
  kLinkLocal,      // 169.254.0.0/16, fe80::/10
  kMulticast,      // 224.0.0.0/4, ff00::/8
  kBroadcast,      // 255.255.255.255
  kDocumentation,  // TEST-NET-1/2/3, 2001:db8::/32, 3fff::/20
  kBenchmarking,   // 198.18.0.0/15, 2001:2::/48
  kReserved,       // 240.0.0.0/4, 192.0.0.0/24, 192.88.99.0/24, 100::/64, ::/96, Teredo 2001::/32
};

// Stable lower-case name for messages and JSON ("loopback", "private", ...).
std::string_view to_string(AddressClass c);

// True only for kPublic.
inline bool is_public(AddressClass c) {
  return c == AddressClass::kPublic;
}

// Classifies an IPv4 address given in host byte order (0x7f000001 = 127.0.0.1).
AddressClass classify_ipv4(unsigned int host_order);

// Classifies a 16-byte IPv6 address. Addresses that embed an IPv4 address (IPv4-mapped
// ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) take the class of the embedded address, so
// ::ffff:127.0.0.1 is loopback.
AddressClass classify_ipv6(const unsigned char (&bytes)[16]);

// Classifies a textual IPv4 or IPv6 literal ("192.168.0.1", "::1", "[::1]" with brackets, an IPv6
// zone suffix "%eth0" is ignored). nullopt when the text is not an IP literal (e.g. a host name).
std::optional<AddressClass> classify_ip(std::string_view text);

// Classifies a socket address of family AF_INET or AF_INET6; nullopt for other families.
std::optional<AddressClass> classify_sockaddr(const sockaddr* addr);

// Formats a socket address as text ("127.0.0.1", "::1"); "?" for unknown families.
std::string sockaddr_to_string(const sockaddr* addr);

}  // namespace mw
