// The HTTP client's limits against hostile loopback servers: slow drip, stalls, endless and
// oversized bodies, gzip bombs, corrupt encodings, redirect loops and chains.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

#include "feeds/http_client.h"
#include "tests/feeds/http_test_server.h"

namespace mw {
namespace {

using std::chrono::milliseconds;
using testing::LoopbackServer;

constexpr std::size_t kCap = 1024 * 1024;

// gzip-compresses `n` zero bytes (50 MB of zeros compress to about 50 KB).
std::string gzip_zeros(std::size_t n) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::string in(1 << 20, '\0'), out;
  char buf[1 << 16];
  std::size_t left = n;
  int flush = Z_NO_FLUSH;
  do {
    const std::size_t chunk = std::min(left, in.size());
    left -= chunk;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = reinterpret_cast<Bytef*>(in.data());
    z.avail_in = static_cast<uInt>(chunk);
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&z);
  return out;
}

std::string gzip_text(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(text.size() + 128, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

class HttpClientLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = server_.http();
    s.Get("/drip", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/octet-stream",
                                       [this](size_t offset, httplib::DataSink& sink) {
                                         // 10 bytes every 200 ms, for at most 10 s.
                                         if (server_.stopping() || offset >= 500) return false;
                                         testing::sleep_unless_stopping(server_, milliseconds(200));
                                         return sink.write("0123456789", 10);
                                       });
    });
    s.Get("/stall", [this](const httplib::Request&, httplib::Response& res) {
      testing::sleep_unless_stopping(server_, milliseconds(4000));
      res.set_content("late", "text/plain");
    });
    s.Get("/endless", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/octet-stream",
                                       [this](size_t offset, httplib::DataSink& sink) {
                                         static const std::string chunk(64 * 1024, 'x');
                                         if (server_.stopping() || offset >= 256u * 1024 * 1024)
                                           return false;  // bounded
                                         return sink.write(chunk.data(), chunk.size());
                                       });
    });
    s.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(5 * 1024 * 1024, 'y'), "application/octet-stream");
    });
    s.Get("/bomb", [](const httplib::Request&, httplib::Response& res) {
      static const std::string bomb = gzip_zeros(50u * 1024 * 1024);
      res.set_header("Content-Encoding", "gzip");
      res.set_content(bomb, "application/octet-stream");
    });
    s.Get("/gzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(gzip_text("<rss>compressed</rss>"), "application/octet-stream");
    });
    s.Get("/badgzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content("this is not gzip at all, not even close", "application/octet-stream");
    });
    s.Get("/loop-a", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop-b", 302);
    });
    s.Get("/loop-b", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop-a", 301);
    });
    s.Get(R"(/hop/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      const int n = std::stoi(req.matches[1]);
      if (n == 0) {
        res.set_content("arrived", "text/plain");
      } else {
        res.set_redirect("/hop/" + std::to_string(n - 1), 302);
      }
    });
    s.Get("/to-ftp", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("ftp://example.org/feed.xml", 301);
    });
    server_.start();
  }

  HttpResponse get(const std::string& path, HttpClientOptions o = testing::loopback_options()) {
    o.max_body = kCap;
    auto client = make_http_client(o);
    EXPECT_TRUE(client.has_value());
    HttpRequest r;
    r.url = server_.url(path);
    const auto start = std::chrono::steady_clock::now();
    auto resp = (*client)->fetch(r);
    elapsed_ = std::chrono::steady_clock::now() - start;
    return resp;
  }

  LoopbackServer server_;
  std::chrono::steady_clock::duration elapsed_{};
};

TEST_F(HttpClientLimitsTest, SlowDripIsAbortedByTheLowSpeedLimit) {
  auto o = testing::loopback_options();
  o.low_speed_limit = 1000;
  o.low_speed_time = std::chrono::seconds(1);
  auto r = get("/drip", o);
  EXPECT_EQ(r.error, FetchError::kTooSlow) << r.error_message;
  EXPECT_NE(r.error_message.find("less than 1000 bytes/s for 1 s"), std::string::npos)
      << r.error_message;
  EXPECT_LT(elapsed_, std::chrono::seconds(5));
}

TEST_F(HttpClientLimitsTest, StalledServerHitsTheTotalTimeout) {
  auto o = testing::loopback_options();
  o.total_timeout = milliseconds(700);
  auto r = get("/stall", o);
  EXPECT_EQ(r.error, FetchError::kTimeout) << r.error_message;
  EXPECT_NE(r.error_message.find("total timeout 700 ms"), std::string::npos) << r.error_message;
  EXPECT_EQ(r.status, 0);
  EXPECT_LT(elapsed_, std::chrono::seconds(3));
}

TEST_F(HttpClientLimitsTest, EndlessBodyIsCutAtTheCap) {
  auto r = get("/endless");
  EXPECT_EQ(r.error, FetchError::kTooLarge) << r.error_message;
  EXPECT_NE(r.error_message.find("exceeds the limit of 1048576 bytes"), std::string::npos)
      << r.error_message;
  EXPECT_TRUE(r.body.empty()) << "a failed transfer keeps no partial body";
}

TEST_F(HttpClientLimitsTest, OversizedContentLengthIsRefused) {
  auto r = get("/big");
  EXPECT_EQ(r.error, FetchError::kTooLarge) << r.error_message;
}

TEST_F(HttpClientLimitsTest, PerRequestCapOverridesTheDefault) {
  auto client = make_http_client(testing::loopback_options());
  ASSERT_TRUE(client.has_value());
  HttpRequest req;
  req.url = server_.url("/big");
  req.max_body = 6 * 1024 * 1024;
  auto r = (*client)->fetch(req);
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.body.size(), 5u * 1024 * 1024);
}

TEST_F(HttpClientLimitsTest, GzipBombStopsAtTheDecompressedCap) {
  auto r = get("/bomb");
  EXPECT_EQ(r.error, FetchError::kTooLarge) << r.error_message;
  EXPECT_NE(r.error_message.find("after decompression"), std::string::npos) << r.error_message;
  EXPECT_LT(elapsed_, std::chrono::seconds(5));
}

TEST_F(HttpClientLimitsTest, GzipBodyIsDecoded) {
  auto r = get("/gzip");
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.body, "<rss>compressed</rss>");
}

TEST_F(HttpClientLimitsTest, CorruptContentEncodingIsADecodeError) {
  auto r = get("/badgzip");
  EXPECT_EQ(r.error, FetchError::kDecode) << r.error_message;
}

TEST_F(HttpClientLimitsTest, RedirectLoopIsDetected) {
  auto r = get("/loop-a");
  EXPECT_EQ(r.error, FetchError::kRedirectLoop) << r.error_message;
  EXPECT_NE(r.error_message.find("redirect loop: " + server_.url("/loop-a") + " -> " +
                                 server_.url("/loop-b") + " -> " + server_.url("/loop-a")),
            std::string::npos)
      << r.error_message;
  EXPECT_EQ(r.redirects.size(), 2u);
}

TEST_F(HttpClientLimitsTest, FiveRedirectsAreFollowedButNotSix) {
  auto five = get("/hop/5");
  ASSERT_TRUE(five.ok()) << five.error_message;
  EXPECT_EQ(five.body, "arrived");
  EXPECT_EQ(five.redirects.size(), 5u);
  auto six = get("/hop/6");
  EXPECT_EQ(six.error, FetchError::kTooManyRedirects) << six.error_message;
  EXPECT_NE(six.error_message.find("more than 5 redirects"), std::string::npos);
}

TEST_F(HttpClientLimitsTest, RedirectToAnotherSchemeIsRefused) {
  auto r = get("/to-ftp");
  EXPECT_EQ(r.error, FetchError::kInvalidUrl) << r.error_message;
  EXPECT_NE(r.error_message.find("ftp://example.org/feed.xml"), std::string::npos);
}

TEST_F(HttpClientLimitsTest, MixedBatchGivesEachItsOutcomeAndBadFeedsDelayNoOne) {
  auto o = testing::loopback_options();
  o.max_body = kCap;
  // One loopback host stands in for many. Kept at 4: cpp-httplib listens with a backlog of 5,
  // and more simultaneous connects can lose a SYN and wait a second for its retransmit.
  o.max_per_host = 4;
  o.low_speed_limit = 1000;
  o.low_speed_time = std::chrono::seconds(1);
  auto client = make_http_client(o);
  ASSERT_TRUE(client.has_value());
  const std::vector<std::pair<std::string, FetchError>> expected = {
      {"/drip", FetchError::kTooSlow},     {"/bomb", FetchError::kTooLarge},
      {"/endless", FetchError::kTooLarge}, {"/loop-a", FetchError::kRedirectLoop},
      {"/badgzip", FetchError::kDecode},   {"/gzip", FetchError::kNone},
      {"/hop/2", FetchError::kNone},       {"/gzip", FetchError::kNone}};
  std::vector<HttpRequest> batch;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    HttpRequest r;
    r.url = server_.url(expected[i].first);
    r.tag = i;
    batch.push_back(r);
  }
  const auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration last_good{}, drip_done{};
  int calls = 0;
  (*client)->fetch_all(batch, [&](HttpResponse&& r) {
    ++calls;
    const auto& [path, error] = expected.at(r.tag);
    EXPECT_EQ(to_string(r.error), to_string(error)) << path << ": " << r.error_message;
    const auto t = std::chrono::steady_clock::now() - start;
    if (r.ok()) last_good = std::max(last_good, t);
    if (path == "/drip") drip_done = t;
  });
  EXPECT_EQ(calls, static_cast<int>(expected.size()));
  EXPECT_LT(last_good, drip_done) << "good feeds finish while the slow drip is still running";
}

TEST_F(HttpClientLimitsTest, BodyBytesArePassedThroughUnchanged) {
  // Invalid UTF-8 and truncated XML are the parser's problem: the client delivers bytes as sent.
  server_.stop();
  testing::LoopbackServer raw;
  const std::string bytes = std::string("<rss><title>\xff\xfe caf\xe9 \xc3") + "<ite";
  raw.http().Get("/raw", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(bytes, "application/rss+xml; charset=utf-8");
  });
  raw.start();
  auto client = make_http_client(testing::loopback_options());
  ASSERT_TRUE(client.has_value());
  HttpRequest req;
  req.url = raw.url("/raw");
  auto r = (*client)->fetch(req);
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.body, bytes);
}

}  // namespace
}  // namespace mw
