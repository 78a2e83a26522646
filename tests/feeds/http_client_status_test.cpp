// The HTTP client against a real loopback server: statuses, conditional GET, redirects, headers.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>

#include "feeds/http_client.h"
#include "tests/feeds/http_test_server.h"

namespace mw {
namespace {

using testing::LoopbackServer;

constexpr const char* kRss =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
    "</channel></rss>";

class HttpClientStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = server_.http();
    s.Get("/feed", [this](const httplib::Request& req, httplib::Response& res) {
      ++feed_hits_;
      res.set_header("ETag", "\"v1\"");
      res.set_header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
      if (req.get_header_value("If-None-Match") == "\"v1\"" ||
          req.get_header_value("If-Modified-Since") == "Wed, 21 Oct 2015 07:28:00 GMT") {
        res.status = 304;
        return;
      }
      res.set_content(kRss, "application/rss+xml");
    });
    s.Get("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(
          "UA=" + req.get_header_value("User-Agent") + "\nAccept=" + req.get_header_value("Accept"),
          "text/plain");
    });
    s.Get("/moved301",
          [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/feed", 301); });
    s.Get("/moved302",
          [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/feed", 302); });
    s.Get("/moved308", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/moved301", 308);
    });
    s.Get("/relative", [](const httplib::Request&, httplib::Response& res) {
      res.status = 307;
      res.set_header("Location", "feed");  // relative: resolved against the request URL
    });
    s.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("no such feed", "text/plain");
    });
    s.Get("/gone", [](const httplib::Request&, httplib::Response& res) { res.status = 410; });
    s.Get("/busy", [](const httplib::Request&, httplib::Response& res) {
      res.status = 429;
      res.set_header("Retry-After", "120");
    });
    s.Get("/broken", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_content("oops", "text/plain");
    });
    s.Get("/html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><body>not a feed</body></html>", "text/html; charset=utf-8");
    });
    s.Get("/empty", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("", "application/rss+xml");
    });
    server_.start();
    auto client = make_http_client(testing::loopback_options());
    ASSERT_TRUE(client.has_value()) << client.error().describe();
    client_ = std::move(*client);
  }

  HttpResponse get(const std::string& path, std::string etag = "", std::string lm = "") {
    HttpRequest r;
    r.url = server_.url(path);
    r.etag = std::move(etag);
    r.last_modified = std::move(lm);
    r.tag = 42;
    return client_->fetch(std::move(r));
  }

  LoopbackServer server_;
  std::unique_ptr<HttpClient> client_;
  std::atomic<int> feed_hits_{0};
};

TEST_F(HttpClientStatusTest, OkReturnsBodyHeadersAndMetadata) {
  auto r = get("/feed");
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kRss);
  EXPECT_EQ(r.tag, 42u);
  EXPECT_EQ(r.url, server_.url("/feed"));
  EXPECT_EQ(r.final_url, server_.url("/feed"));
  EXPECT_TRUE(r.redirects.empty());
  EXPECT_EQ(r.header("etag"), "\"v1\"");
  EXPECT_EQ(r.header("CONTENT-TYPE"), "application/rss+xml");
  EXPECT_EQ(r.remote_ip, "127.0.0.1");
  EXPECT_TRUE(r.error_message.empty());
  EXPECT_GT(r.timings.total.count(), 0);
}

TEST_F(HttpClientStatusTest, MatchingEtagGivesNotModifiedWithoutBody) {
  auto r = get("/feed", "\"v1\"");
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.not_modified());
  EXPECT_TRUE(r.body.empty());
}

TEST_F(HttpClientStatusTest, MatchingLastModifiedGivesNotModified) {
  auto r = get("/feed", "", "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_TRUE(r.not_modified()) << r.status;
}

TEST_F(HttpClientStatusTest, StaleValidatorsGetTheFullBody) {
  auto r = get("/feed", "\"v0\"", "Tue, 20 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.not_modified());
  EXPECT_EQ(r.body, kRss);
}

TEST_F(HttpClientStatusTest, SendsDescriptiveUserAgentAndFeedAccept) {
  auto r = get("/echo");
  ASSERT_EQ(r.status, 200) << r.error_message;
  EXPECT_NE(r.body.find("UA=missionwatch/"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(" (+https://example.org/missionwatch)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("Accept=application/rss+xml, application/atom+xml"), std::string::npos)
      << r.body;
}

TEST_F(HttpClientStatusTest, FollowsRedirectsAndRecordsEveryHop) {
  for (int code : {301, 302}) {
    auto r = get("/moved" + std::to_string(code));
    ASSERT_TRUE(r.ok()) << r.error_message;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, kRss);
    EXPECT_EQ(r.final_url, server_.url("/feed"));
    ASSERT_EQ(r.redirects.size(), 1u);
    EXPECT_EQ(r.redirects[0].url, server_.url("/moved" + std::to_string(code)));
    EXPECT_EQ(r.redirects[0].status, code);
  }
  auto r = get("/moved308");  // 308 -> 301 -> 200
  ASSERT_EQ(r.redirects.size(), 2u);
  EXPECT_EQ(r.redirects[0].status, 308);
  EXPECT_EQ(r.redirects[1].status, 301);
  EXPECT_EQ(r.redirects[1].url, server_.url("/moved301"));
  EXPECT_EQ(r.final_url, server_.url("/feed"));
}

TEST_F(HttpClientStatusTest, RedirectKeepsConditionalHeaders) {
  auto r = get("/moved301", "\"v1\"");
  EXPECT_TRUE(r.not_modified()) << r.status;
  EXPECT_EQ(r.redirects.size(), 1u);
}

TEST_F(HttpClientStatusTest, RelativeLocationIsResolved) {
  auto r = get("/relative");
  EXPECT_EQ(r.status, 200) << r.error_message;
  EXPECT_EQ(r.final_url, server_.url("/feed"));
  ASSERT_EQ(r.redirects.size(), 1u);
  EXPECT_EQ(r.redirects[0].status, 307);
}

TEST_F(HttpClientStatusTest, ErrorStatusesAreResponsesNotTransportErrors) {
  struct {
    const char* path;
    int status;
  } cases[] = {{"/missing", 404}, {"/gone", 410}, {"/busy", 429}, {"/broken", 500}};
  for (auto c : cases) {
    auto r = get(c.path);
    EXPECT_TRUE(r.ok()) << c.path << ": " << r.error_message;
    EXPECT_EQ(r.status, c.status) << c.path;
  }
  auto busy = get("/busy");
  EXPECT_EQ(busy.header("Retry-After"), "120");
  EXPECT_EQ(get("/missing").body, "no such feed");
}

TEST_F(HttpClientStatusTest, WrongContentTypeIsReportedAsIs) {
  auto r = get("/html");
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.body, "<html><body>not a feed</body></html>");
}

TEST_F(HttpClientStatusTest, EmptyBodyIsAnEmptyOkResponse) {
  auto r = get("/empty");
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(HttpClientStatusTest, NonHttpUrlsAreRefusedWithoutNetwork) {
  for (const char* url : {"ftp://example.org/feed", "file:///etc/passwd", "not a url", ""}) {
    HttpRequest req;
    req.url = url;
    auto r = client_->fetch(req);
    EXPECT_EQ(r.error, FetchError::kInvalidUrl) << url;
    EXPECT_NE(r.error_message.find("not an http(s) URL"), std::string::npos) << r.error_message;
  }
}

TEST_F(HttpClientStatusTest, ConnectionRefusedIsAConnectError) {
  // A port that was free a moment ago: bind it, read its number, close it.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  close(fd);
  const int port = ntohs(a.sin_port);
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/feed";
  auto r = client_->fetch(req);
  EXPECT_EQ(r.error, FetchError::kConnect) << r.error_message;
  EXPECT_NE(r.error_message.find(req.url), std::string::npos) << r.error_message;
}

TEST(HttpClientOptionsTest, ValidationNamesTheKey) {
  HttpClientOptions o;
  EXPECT_TRUE(validate_http_client_options(o).has_value());
  o.max_per_host = 0;
  auto st = validate_http_client_options(o);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kConfig);
  EXPECT_EQ(st.error().message, "http.max_per_host must be at least 1, got 0");
  o = {};
  o.ca_file = "/nonexistent/ca.pem";
  EXPECT_FALSE(make_http_client(o).has_value());
}

TEST(HttpClientOptionsTest, UserAgentNamesVersionAndContact) {
  EXPECT_EQ(make_user_agent("https://example.org/bot").rfind("missionwatch/", 0), 0u);
  EXPECT_NE(make_user_agent("https://example.org/bot").find(" (+https://example.org/bot)"),
            std::string::npos);
  EXPECT_EQ(make_user_agent("").find('('), std::string::npos);
}

}  // namespace
}  // namespace mw
