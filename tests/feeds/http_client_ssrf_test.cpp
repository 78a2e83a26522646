// The SSRF guard in the real client: with allow_private_networks = false, loopback targets are
// refused before any byte reaches the server, whether named by a literal IP (checked up front)
// or by a host name (checked on the socket libcurl is about to connect, after DNS).
#include <gtest/gtest.h>

#include <atomic>

#include "feeds/http_client.h"
#include "tests/feeds/http_test_server.h"

namespace mw {
namespace {

class HttpClientSsrfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.http().Get("/feed", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_content("<rss/>", "application/rss+xml");
    });
    server_.http().Get("/to-localhost", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_redirect("http://localhost:" + std::to_string(server_.port()) + "/feed", 302);
    });
    server_.start();
  }
  std::unique_ptr<HttpClient> client(bool allow_private) {
    auto o = testing::loopback_options();
    o.allow_private_networks = allow_private;
    auto c = make_http_client(o);
    EXPECT_TRUE(c.has_value());
    return std::move(*c);
  }
  HttpResponse get(HttpClient& c, const std::string& url) {
    HttpRequest r;
    r.url = url;
    return c.fetch(r);
  }

  testing::LoopbackServer server_;
  std::atomic<int> hits_{0};
};

TEST_F(HttpClientSsrfTest, LiteralLoopbackAddressIsRefused) {
  auto c = client(false);
  const std::string url = server_.url("/feed");
  auto r = get(*c, url);
  EXPECT_EQ(r.error, FetchError::kSsrfRefused) << r.error_message;
  EXPECT_EQ(r.error_message, "fetch " + url +
                                 ": refused to connect to 127.0.0.1 (loopback address); set "
                                 "http.allow_private_networks = true to allow private networks");
  EXPECT_EQ(hits_, 0);
}

TEST_F(HttpClientSsrfTest, HostNameResolvingToLoopbackIsRefusedAtConnect) {
  auto c = client(false);
  const std::string url = "http://localhost:" + std::to_string(server_.port()) + "/feed";
  auto r = get(*c, url);
  EXPECT_EQ(r.error, FetchError::kSsrfRefused) << r.error_message;
  EXPECT_NE(r.error_message.find("fetch " + url + ": refused to connect to "), std::string::npos)
      << r.error_message;
  // localhost may resolve to ::1 and 127.0.0.1; whichever was tried last is named.
  EXPECT_NE(r.error_message.find("(loopback address)"), std::string::npos) << r.error_message;
  EXPECT_EQ(hits_, 0);
}

TEST_F(HttpClientSsrfTest, LoopbackIsAllowedWhenPrivateNetworksAreAllowed) {
  auto c = client(true);
  auto r = get(*c, "http://localhost:" + std::to_string(server_.port()) + "/to-localhost");
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(hits_, 2);
}

TEST_F(HttpClientSsrfTest, PrivateAndMetadataLiteralsAreRefusedWithoutConnecting) {
  auto c = client(false);
  for (const char* url :
       {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/feed",
        "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "https://192.168.1.1/admin"}) {
    auto r = get(*c, url);
    EXPECT_EQ(r.error, FetchError::kSsrfRefused) << url << ": " << r.error_message;
  }
}

}  // namespace
}  // namespace mw
