// The SSRF guard's address table: every special-purpose range is refused, public addresses pass,
// and IPv6 forms that embed an IPv4 address inherit its class.
#include "feeds/address_guard.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <string>

namespace mw {
namespace {

struct Case {
  const char* ip;
  AddressClass expected;
};

const Case kCases[] = {
    // IPv4
    {"8.8.8.8", AddressClass::kPublic},
    {"93.184.216.34", AddressClass::kPublic},
    {"1.1.1.1", AddressClass::kPublic},
    {"0.0.0.0", AddressClass::kUnspecified},
    {"0.1.2.3", AddressClass::kUnspecified},
    {"127.0.0.1", AddressClass::kLoopback},
    {"127.255.255.254", AddressClass::kLoopback},
    {"10.0.0.1", AddressClass::kPrivate},
    {"10.255.255.255", AddressClass::kPrivate},
    {"172.16.0.1", AddressClass::kPrivate},
    {"172.31.255.255", AddressClass::kPrivate},
    {"172.15.255.255", AddressClass::kPublic},
    {"172.32.0.0", AddressClass::kPublic},
    {"192.168.1.1", AddressClass::kPrivate},
    {"100.64.0.1", AddressClass::kCarrierNat},
    {"100.127.255.255", AddressClass::kCarrierNat},
    {"100.128.0.0", AddressClass::kPublic},
    {"169.254.169.254", AddressClass::kLinkLocal},  // cloud metadata
    {"224.0.0.1", AddressClass::kMulticast},
    {"239.255.255.250", AddressClass::kMulticast},
    {"255.255.255.255", AddressClass::kBroadcast},
    {"240.0.0.1", AddressClass::kReserved},
    {"192.0.0.8", AddressClass::kReserved},
    {"192.0.2.1", AddressClass::kDocumentation},
    {"198.51.100.7", AddressClass::kDocumentation},
    {"203.0.113.9", AddressClass::kDocumentation},
    {"198.18.0.1", AddressClass::kBenchmarking},
    {"198.19.255.255", AddressClass::kBenchmarking},
    {"198.20.0.0", AddressClass::kPublic},
    // IPv6
    {"2606:4700:4700::1111", AddressClass::kPublic},
    {"2a00:1450:4001:830::200e", AddressClass::kPublic},
    {"::", AddressClass::kUnspecified},
    {"::1", AddressClass::kLoopback},
    {"[::1]", AddressClass::kLoopback},
    {"fe80::1", AddressClass::kLinkLocal},
    {"fe80::1%eth0", AddressClass::kLinkLocal},
    {"febf::1", AddressClass::kLinkLocal},
    {"fec0::1", AddressClass::kPrivate},
    {"fc00::1", AddressClass::kPrivate},
    {"fd12:3456::1", AddressClass::kPrivate},
    {"ff02::1", AddressClass::kMulticast},
    {"2001:db8::1", AddressClass::kDocumentation},
    {"3fff::1", AddressClass::kDocumentation},
    {"2001:2::1", AddressClass::kBenchmarking},
    {"2001::1", AddressClass::kReserved},  // Teredo
    {"100::1", AddressClass::kReserved},
    {"::1.2.3.4", AddressClass::kReserved},  // deprecated IPv4-compatible
    // IPv6 carrying IPv4: the embedded address decides.
    {"::ffff:127.0.0.1", AddressClass::kLoopback},
    {"::ffff:10.1.2.3", AddressClass::kPrivate},
    {"::ffff:169.254.169.254", AddressClass::kLinkLocal},
    {"::ffff:8.8.8.8", AddressClass::kPublic},
    {"64:ff9b::7f00:1", AddressClass::kLoopback},
    {"64:ff9b::808:808", AddressClass::kPublic},
    {"64:ff9b:1::1", AddressClass::kPrivate},
    {"2002:c0a8:0101::1", AddressClass::kPrivate},  // 6to4 of 192.168.1.1
    {"2002:0808:0808::1", AddressClass::kPublic},
};

TEST(AddressGuard, ClassifiesEverySpecialPurposeRange) {
  for (const Case& c : kCases) {
    auto got = classify_ip(c.ip);
    ASSERT_TRUE(got.has_value()) << c.ip;
    EXPECT_EQ(to_string(*got), to_string(c.expected)) << c.ip;
    EXPECT_EQ(is_public(*got), c.expected == AddressClass::kPublic) << c.ip;
  }
}

TEST(AddressGuard, HostNamesAndGarbageAreNotAddresses) {
  for (const char* s : {"localhost", "example.org", "", "1.2.3", "1.2.3.4.5", "::g", "[]",
                        "256.1.1.1", "0x7f.0.0.1"}) {
    EXPECT_FALSE(classify_ip(s).has_value()) << s;
  }
}

TEST(AddressGuard, ClassifiesSocketAddressesAsConnected) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "192.168.0.10", &v4.sin_addr);
  EXPECT_EQ(classify_sockaddr(reinterpret_cast<sockaddr*>(&v4)), AddressClass::kPrivate);
  EXPECT_EQ(sockaddr_to_string(reinterpret_cast<sockaddr*>(&v4)), "192.168.0.10");

  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:127.0.0.1", &v6.sin6_addr);
  EXPECT_EQ(classify_sockaddr(reinterpret_cast<sockaddr*>(&v6)), AddressClass::kLoopback);
  EXPECT_EQ(sockaddr_to_string(reinterpret_cast<sockaddr*>(&v6)), "::ffff:127.0.0.1");

  sockaddr other{};
  other.sa_family = AF_UNIX;
  EXPECT_FALSE(classify_sockaddr(&other).has_value());
  EXPECT_FALSE(classify_sockaddr(nullptr).has_value());
}

}  // namespace
}  // namespace mw
