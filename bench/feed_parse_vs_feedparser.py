#!/usr/bin/python3
"""Feed parsing throughput, missionwatch vs Debian's python3-feedparser, on the same files.

Rows: the feedparser conformance corpus (all fixture files, parsed from bytes) and one large
synthetic RSS 2.0 feed (generated here, 5,000 items), each parsed by missionwatch the daemon's
way (typed entry fields only) and with the full feedparser view (what `parse-feed` prints);
feedparser always builds its full result. Medians of --runs runs of each side. missionwatch is measured in-process by
bench/feed_parse_bench (Google Benchmark); feedparser in-process here, with
feedparser.parse(bytes). Both sides are timed in CPU time (Google Benchmark's default, Python's
process_time), so a busy machine does not skew the ratio. Prints a Markdown table.

Run with Debian's /usr/bin/python3 (python3-feedparser). Usage: bench/feed_parse_vs_feedparser.py [--bench PATH/feed_parse_bench] [--shared DIR] [--runs N]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def synthetic_feed(items):
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
             'xmlns:dc="http://purl.org/dc/elements/1.1/" '
             'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
             '<title>Synthetic diplomatic news</title><link>https://news.example/</link>\n'
             '<description>Generated for benchmarks</description>\n']
    for i in range(items):
        n = str(i)
        parts.append(
            f'<item><title>Embassy update {n}: mission &amp; consulate news</title>'
            f'<link>https://news.example/articles/{n}?utm_source=rss</link>'
            f'<guid isPermaLink="false">urn:synthetic:{n}</guid>'
            f'<pubDate>Mon, 0{1 + i % 9} Jan 2024 1{i % 10}:30:00 +0900</pubDate>'
            f'<dc:creator>Desk {i % 7}</dc:creator>'
            '<category>Diplomacy</category><category>Asia</category>'
            f'<description>&lt;p&gt;The embassy in city {n} announced changes to its consular '
            f'section. &lt;a href="/more/{n}"&gt;Read more&lt;/a&gt; &amp;mdash; officials said '
            'the mission would &lt;b&gt;reopen&lt;/b&gt; next month after a review of staffing '
            'and security.&lt;/p&gt;</description>'
            f'<content:encoded><![CDATA[<p>Full text of article {n}. <img src="/img/{n}.jpg" '
            'onerror="x()"> Diplomats from several countries attended the ceremony; the '
            'ambassador presented credentials.</p><script>track()</script>]]></content:encoded>'
            '</item>\n')
    parts.append('</channel>\n</rss>\n')
    return ''.join(parts).encode('utf-8')


def time_feedparser(docs, min_seconds=2.0, headers=None):
    import feedparser
    total_bytes = sum(len(d) for d in docs)
    rounds, entries, start = 0, 0, time.process_time()
    while True:
        for d in docs:
            try:
                entries += len(feedparser.parse(d, response_headers=headers).entries)
            except AssertionError:  # feedparser 6.0.10 crashes on one fixture (see README)
                pass
        rounds += 1
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            break
    return total_bytes * rounds / elapsed / 1e6, entries / elapsed


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--bench', default=os.path.join(here, '..', 'build', 'release', 'bench',
                                                    'feed_parse_bench'))
    ap.add_argument('--runs', type=int, default=3, help='runs of each side (median reported)')
    ap.add_argument('--shared', default=os.environ.get('MW_SHARED_DIR',
                                                       os.path.join(here, '..', '..', 'shared')))
    args = ap.parse_args()
    fixtures = os.path.join(args.shared, 'conformance', 'feedparser', 'fixtures')
    corpus = []
    for root, _, files in os.walk(fixtures):
        for f in sorted(files):
            with open(os.path.join(root, f), 'rb') as fh:
                corpus.append(fh.read())
    big = synthetic_feed(5000)
    with tempfile.NamedTemporaryFile(suffix='.xml', delete=False) as tmp:
        tmp.write(big)
    try:
        env = dict(os.environ, MW_BENCH_SYNTHETIC=tmp.name)
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([args.bench, '--benchmark_format=json'], env=env, check=True,
                                 capture_output=True, text=True).stdout
            runs.append({b['name'].split('/')[0]: b for b in json.loads(out)['benchmarks']})
    finally:
        os.unlink(tmp.name)

    def mw_median(name, key):
        return statistics.median(r[name][key] for r in runs)

    import feedparser
    fp = {}
    # The daemon parses with the feed's URL as the base of relative links; feedparser gets the
    # same base as Content-Location (BM_ParseSyntheticFeedWithBaseUrl's URL).
    base = {'content-location': 'https://news.example/feeds/all.xml'}
    for label, docs, headers in (('corpus', corpus, None), ('synthetic', [big], None),
                                 ('synthetic+url', [big], base)):
        rates = [time_feedparser(docs, headers=headers) for _ in range(args.runs)]
        fp[label] = (statistics.median(r[0] for r in rates), statistics.median(r[1] for r in rates))
    corpus_label = 'conformance corpus (%d files, %.1f MB)' % (len(corpus),
                                                               sum(map(len, corpus)) / 1e6)
    big_label = 'synthetic RSS 2.0 (5,000 items, %.1f MB)' % (len(big) / 1e6)
    rows = [(corpus_label + ', typed fields', 'BM_ParseConformanceCorpus', 'corpus'),
            (corpus_label + ', full detail', 'BM_ParseConformanceCorpusFullDetail', 'corpus'),
            (big_label + ', typed fields', 'BM_ParseSyntheticFeed', 'synthetic'),
            (big_label + ', full detail', 'BM_ParseSyntheticFeedFullDetail', 'synthetic'),
            (big_label + ', typed fields, with its URL as base (the daemon)',
             'BM_ParseSyntheticFeedWithBaseUrl', 'synthetic+url')]
    print('Medians of %d runs.\n' % args.runs)
    print('| input | missionwatch MB/s | feedparser %s MB/s | × | missionwatch entries/s | '
          'feedparser entries/s |' % feedparser.__version__)
    print('|---|---:|---:|---:|---:|---:|')
    for label, name, which in rows:
        mw_mbs = mw_median(name, 'bytes_per_second') / 1e6
        mw_eps = mw_median(name, 'entries_per_second')
        fp_mbs, fp_eps = fp[which]
        print('| %s | %.1f | %.2f | %.0f× | %.0f | %.0f |' % (
            label, mw_mbs, fp_mbs, mw_mbs / fp_mbs, mw_eps, fp_eps))
    return 0


if __name__ == '__main__':
    sys.exit(main())
