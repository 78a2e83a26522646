// Runner for the article-extraction benchmark (../shared/bench/article-extraction): extracts every
// page, writes predictions in the evaluator's format and a timing file in the format of the
// benchmark's peers/summarize.py. Timed: decode + parse + extract of an in-memory string, per
// page (the same scope as the peer runners); not timed: reading and gunzipping the files.
//
//   extract_bench --corpus DIR --out PRED.json [--timing TIMING.json] [--passes 3] [--warmup 5]
//
// bench/extract_quality.sh and bench/extract_speed.sh drive it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "feeds/article_extractor.h"

namespace {

std::string gunzip(const std::string& path) {
  std::string cmd = "gzip -dc '" + path + "'";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

int usage(const char* why) {
  std::cerr << "extract_bench: " << why
            << "\nusage: extract_bench --corpus DIR --out PRED.json [--timing FILE] "
               "[--passes N] [--warmup N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus = MW_SHARED_DIR "/bench/article-extraction";
  std::string out_path, timing_path;
  int passes = 3, warmup = 5;
  for (int i = 1; i < argc; i += 2) {
    std::string k = argv[i];
    if (i + 1 >= argc) return usage(("missing value for " + k).c_str());
    std::string v = argv[i + 1];
    if (k == "--corpus")
      corpus = v;
    else if (k == "--out")
      out_path = v;
    else if (k == "--timing")
      timing_path = v;
    else if (k == "--passes")
      passes = std::max(1, std::stoi(v));
    else if (k == "--warmup")
      warmup = std::max(0, std::stoi(v));
    else
      return usage(("unknown option " + k).c_str());
  }
  if (out_path.empty()) return usage("--out is required");
  std::ifstream gt_file(corpus + "/ground-truth.json");
  if (!gt_file) return usage(("cannot read " + corpus + "/ground-truth.json").c_str());
  nlohmann::json gt = nlohmann::json::parse(gt_file);

  struct Page {
    std::string id, url, html;
    std::vector<double> ms, cpu;
    std::string text;
    std::string error;
  };
  std::vector<Page> pages;
  for (auto& [id, v] : gt.items()) {
    Page p;
    p.id = id;
    p.url = v.value("url", "");
    p.html = gunzip(corpus + "/html/" + id + ".html.gz");
    pages.push_back(std::move(p));
  }
  mw::ExtractOptions opts;
  for (int w = 0; w < warmup && w < static_cast<int>(pages.size()); ++w) {
    (void)mw::extract_article(pages[w].html, opts, pages[w].url);
  }
  for (int pass = 0; pass < passes; ++pass) {
    for (auto& p : pages) {
      double c0 = thread_cpu_ms();
      auto t0 = std::chrono::steady_clock::now();
      auto art = mw::extract_article(p.html, opts, p.url);
      auto t1 = std::chrono::steady_clock::now();
      p.cpu.push_back(thread_cpu_ms() - c0);
      p.ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      if (pass == 0) {
        if (art)
          p.text = art->text;
        else
          p.error = art.error().describe();
      }
    }
  }
  nlohmann::json pred = nlohmann::json::object();
  nlohmann::json failures = nlohmann::json::object();
  std::vector<double> per_page, per_page_cpu;
  double total = 0, total_cpu = 0;
  for (auto& p : pages) {
    pred[p.id] = {{"articleBody", p.text}};
    if (!p.error.empty()) failures[p.id] = p.error;
    double m = median(p.ms);
    per_page.push_back(m);
    total += m;
    double c = median(p.cpu);
    per_page_cpu.push_back(c);
    total_cpu += c;
  }
  std::ofstream(out_path) << pred.dump() << "\n";
  std::vector<double> sorted = per_page;
  std::sort(sorted.begin(), sorted.end());
  double p90 = sorted.empty() ? 0 : sorted[std::min(sorted.size() - 1, sorted.size() * 9 / 10)];
  nlohmann::json timing = {
      {"pages", pages.size()},
      {"median_ms", median(per_page)},
      {"p90_ms", p90},
      {"pages_per_s", total > 0 ? pages.size() / (total / 1000.0) : 0},
      {"cpu_median_ms", median(per_page_cpu)},
      {"cpu_pages_per_s", total_cpu > 0 ? pages.size() / (total_cpu / 1000.0) : 0},
      {"passes", passes},
      {"version", "missionwatch extractor"},
      {"runtime", "C++20 g++ -O2, Gumbo 0.10.1"},
      {"failures", failures}};
  if (!timing_path.empty()) std::ofstream(timing_path) << timing.dump(2) << "\n";
  std::cerr << "extract_bench: " << pages.size() << " pages, median " << median(per_page)
            << " ms/page (CPU " << median(per_page_cpu) << "), "
            << timing["pages_per_s"].get<double>() << " pages/s, " << failures.size()
            << " failures\n";
  return 0;
}
