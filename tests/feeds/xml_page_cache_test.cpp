// The pugixml block cache (feeds/xml_page_cache): every document pugixml builds in the process
// goes through it, so documents of every size, in several threads, freed by another thread
// than the one that built them, must come out as they went in. Under the test build's
// AddressSanitizer a block handed out too small, or freed twice, fails these tests.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "feeds/feed_parser.h"
#include "feeds/xml_page_cache.h"

namespace mw {
namespace {

std::string rss_with_items(int items) {
  std::string doc = "<rss version=\"2.0\"><channel><title>T</title>";
  for (int i = 0; i < items; ++i) {
    doc += "<item><guid>urn:item:" + std::to_string(i) + "</guid><title>Item " + std::to_string(i) +
           "</title><description>&lt;p&gt;Body of item " + std::to_string(i) +
           "&lt;/p&gt;</description></item>";
  }
  return doc + "</channel></rss>";
}

TEST(XmlPageCache, IsWhatPugixmlAllocatesWith) {
  EXPECT_TRUE(feed_detail::xml_page_cache_installed());
}

TEST(XmlPageCache, FeedsOfEverySizeParseAlikeInParallelThreads) {
  // 0 to 2,000 items: documents under one cached block, around it, and far over it (≈ 200 KB).
  const std::vector<int> sizes = {0, 1, 3, 40, 200, 2000, 2, 500};
  std::vector<std::string> docs;
  for (int n : sizes) docs.push_back(rss_with_items(n));
  std::vector<std::vector<std::string>> expected;
  for (const auto& d : docs) {
    std::vector<std::string> keys;
    for (const Entry& e : parse_feed(d).entries)
      keys.push_back(e.key + "|" + e.title + "|" + e.text);
    expected.push_back(std::move(keys));
  }
  ASSERT_EQ(expected[5].size(), 2000u);
  ASSERT_EQ(expected[5][1999], "id:urn:item:1999|Item 1999|Body of item 1999");

  constexpr int kThreads = 4, kRounds = 15;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        for (size_t k = 0; k < docs.size(); ++k) {
          const size_t i = (k + static_cast<size_t>(t)) % docs.size();  // a different order each
          std::vector<std::string> keys;
          for (const Entry& e : parse_feed(docs[i]).entries)
            keys.push_back(e.key + "|" + e.title + "|" + e.text);
          if (keys != expected[i]) ++mismatches[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[static_cast<size_t>(t)], 0) << t;
}

TEST(XmlPageCache, DocumentBuiltInOneThreadIsReadAndFreedInAnother) {
  // A freed block joins the cache of the thread that frees it; the builder's must stay intact.
  std::vector<std::unique_ptr<pugi::xml_document>> built;
  std::thread builder([&] {
    for (int n : {1, 50, 3000}) {
      auto doc = std::make_unique<pugi::xml_document>();
      const std::string text = rss_with_items(n);
      ASSERT_TRUE(doc->load_buffer(text.data(), text.size()));
      built.push_back(std::move(doc));
    }
  });
  builder.join();
  ASSERT_EQ(built.size(), 3u);
  std::thread reader([&] {
    size_t items = 0;
    for (auto& doc : built) {
      for (pugi::xml_node item : doc->child("rss").child("channel").children("item")) {
        (void)item;
        ++items;
      }
      // Parsing here reuses the blocks this thread has just been handed back.
      const std::string text = rss_with_items(10);
      EXPECT_EQ(parse_feed(text).entries.size(), 10u);
      doc.reset();
    }
    EXPECT_EQ(items, 1u + 50u + 3000u);
  });
  reader.join();
}

}  // namespace
}  // namespace mw
