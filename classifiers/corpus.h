#pragma once
// Loading a labelled corpus from disk for `missionwatch eval` and the corpus tests. This is the
// imperative shell next to the pure classifier: it reads files, the classifier never does.
//
// Two layouts: a seeds folder (*.txt plus one expected.json with "articles"), or a development
// folder (<slug>.txt beside <slug>.json). Files are returned sorted by name.
#include <string>
#include <vector>

#include "classifiers/eval.h"
#include "common/result.h"

namespace mw {

struct CorpusArticle {
  ExpectedArticle expected;
  std::string text;  // the .txt file's content
};

Result<std::vector<CorpusArticle>> load_corpus(const std::string& dir);

// Splits a plain-text article into title and body: the first line is the title when it looks
// like a headline (at most 200 bytes and 25 words, no final full stop, followed by more text).
// Offsets let callers map evidence back to the file.
struct SplitArticle {
  std::string_view title, body;
  std::size_t title_offset = 0, body_offset = 0;
};
SplitArticle split_title(std::string_view text);

// Runs the classifier over a corpus and scores it.
EvalReport evaluate_corpus(const MissionClassifier& clf, const std::vector<CorpusArticle>& corpus);

}  // namespace mw
