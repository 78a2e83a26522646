// Proxies from the standard environment variables: the client sets no proxy of its own unless
// HttpClientOptions::proxy says so, so libcurl's reading of http_proxy / no_proxy applies (the
// daemon has no proxy config key: the environment is how it is configured). The "proxy" here is
// a loopback cpp-httplib server that answers the absolute-URI request a client sends a proxy.
#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>

#include "tests/feeds/http_test_server.h"

namespace mw {
namespace {

using testing::LoopbackServer;

// Sets (or unsets, with nullopt) an environment variable for the scope of a test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Every proxy-related variable cleared except those a test sets after.
struct CleanProxyEnv {
  ScopedEnv a{"http_proxy", std::nullopt}, b{"https_proxy", std::nullopt},
      c{"HTTPS_PROXY", std::nullopt}, d{"all_proxy", std::nullopt}, e{"ALL_PROXY", std::nullopt},
      f{"no_proxy", std::nullopt}, g{"NO_PROXY", std::nullopt};
};

// A loopback "proxy" that records the request target and Host it was asked for.
struct RecordingProxy {
  LoopbackServer server{4};
  std::mutex mu;
  std::string target;
  std::string host;
  int hits = 0;

  void start() {
    server.http().Get(R"(.*)", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      target = req.target.empty() ? req.path : req.target;
      host = req.get_header_value("Host");
      ++hits;
      res.set_content("<rss version=\"2.0\"><channel><title>via proxy</title></channel></rss>",
                      "application/rss+xml");
    });
    server.start();
  }
};

HttpClientOptions environment_proxy_options() {
  HttpClientOptions o = testing::loopback_options();
  o.no_proxy = "";  // the environment decides (loopback_options bypasses proxies)
  return o;
}

TEST(HttpClientProxy, HttpProxyFromTheEnvironmentCarriesTheRequest) {
  CleanProxyEnv clean;
  RecordingProxy proxy;
  proxy.start();
  ScopedEnv env("http_proxy", proxy.server.url(""));
  auto client = make_http_client(environment_proxy_options());
  ASSERT_TRUE(client) << client.error().describe();
  // A name that cannot resolve: only the proxy can answer it.
  HttpResponse r = (*client)->fetch(HttpRequest{.url = "http://feeds.example.invalid/rss.xml"});
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("via proxy"), std::string::npos);
  std::lock_guard lock(proxy.mu);
  EXPECT_EQ(proxy.target, "http://feeds.example.invalid/rss.xml");
  EXPECT_EQ(proxy.host, "feeds.example.invalid");
}

TEST(HttpClientProxy, NoProxyFromTheEnvironmentBypassesTheProxy) {
  CleanProxyEnv clean;
  RecordingProxy proxy;
  proxy.start();
  LoopbackServer origin(4);
  origin.http().Get("/feed", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<rss version=\"2.0\"><channel><title>direct</title></channel></rss>",
                    "application/rss+xml");
  });
  origin.start();
  ScopedEnv env("http_proxy", proxy.server.url(""));
  ScopedEnv bypass("no_proxy", "127.0.0.1");
  auto client = make_http_client(environment_proxy_options());
  ASSERT_TRUE(client) << client.error().describe();
  HttpResponse r = (*client)->fetch(HttpRequest{.url = origin.url("/feed")});
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_NE(r.body.find("direct"), std::string::npos);
  std::lock_guard lock(proxy.mu);
  EXPECT_EQ(proxy.hits, 0);
}

TEST(HttpClientProxy, ExplicitNoProxyStarIgnoresTheEnvironment) {
  CleanProxyEnv clean;
  RecordingProxy proxy;
  proxy.start();
  ScopedEnv env("http_proxy", proxy.server.url(""));
  HttpClientOptions o = environment_proxy_options();
  o.no_proxy = "*";
  o.connect_timeout = std::chrono::milliseconds(2000);
  auto client = make_http_client(o);
  ASSERT_TRUE(client) << client.error().describe();
  HttpResponse r = (*client)->fetch(HttpRequest{.url = "http://feeds.example.invalid/rss.xml"});
  EXPECT_FALSE(r.ok());  // direct: the name does not resolve
  std::lock_guard lock(proxy.mu);
  EXPECT_EQ(proxy.hits, 0);
}

}  // namespace
}  // namespace mw
