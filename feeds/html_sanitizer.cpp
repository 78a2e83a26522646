#include "feeds/html_sanitizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

#include "feeds/feed_entities.h"
#include "feeds/html_css.h"
#include "feeds/name_set.h"
#include "feeds/text_util.h"
#include "feeds/url.h"

namespace mw {

using namespace std::string_view_literals;
namespace {

using Attrs = std::vector<std::pair<std::string, std::string>>;
// Elements written "<x />" and never closed.
// clang-format off
const NameSet kVoidElements = {
    "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input",
    "isindex", "keygen", "link", "meta", "param", "source", "track", "wbr"};
// clang-format on

// Elements kept by the sanitizer (HTML 4 and 5 presentational and structural markup, forms
// without their actions' scripts, media without plugins).
// clang-format off
const NameSet kAcceptableElements = {
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big",
    "blockquote", "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup",
    "command", "datagrid", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl",
    "dt", "em", "event-source", "fieldset", "figcaption", "figure", "footer", "font", "form",
    "header", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "keygen",
    "kbd", "label", "legend", "li", "m", "map", "menu", "meter", "multicol", "nav", "nextid", "ol",
    "output", "optgroup", "option", "p", "pre", "progress", "q", "s", "samp", "section", "select",
    "small", "sound", "source", "spacer", "span", "strike", "strong", "sub", "sup", "table",
    "tbody", "td", "textarea", "time", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "var",
    "video", "noscript"};
// clang-format on

// Dropped together with their text content.
// clang-format off
const NameSet kUnacceptableWithContent = {
    "script", "applet", "style"};
// clang-format on

// clang-format off
const NameSet kAcceptableAttributes = {
    "abbr", "accept", "accept-charset", "accesskey", "action", "align", "alt", "autocomplete",
    "autofocus", "axis", "background", "balance", "bgcolor", "bgproperties", "border",
    "bordercolor", "bordercolordark", "bordercolorlight", "bottompadding", "cellpadding",
    "cellspacing", "ch", "challenge", "char", "charoff", "choff", "charset", "checked", "cite",
    "class", "clear", "color", "cols", "colspan", "compact", "contenteditable", "controls",
    "coords", "data", "datafld", "datapagesize", "datasrc", "datetime", "default", "delay", "dir",
    "disabled", "draggable", "dynsrc", "enctype", "end", "face", "for", "form", "frame",
    "galleryimg", "gutter", "headers", "height", "hidefocus", "hidden", "high", "href", "hreflang",
    "hspace", "icon", "id", "inputmode", "ismap", "keytype", "label", "leftspacing", "lang",
    "list", "longdesc", "loop", "loopcount", "loopend", "loopstart", "low", "lowsrc", "max",
    "maxlength", "media", "method", "min", "multiple", "name", "nohref", "noshade", "nowrap",
    "open", "optimum", "pattern", "ping", "point-size", "poster", "pqg", "preload", "prompt",
    "radiogroup", "readonly", "rel", "repeat-max", "repeat-min", "replace", "required", "rev",
    "rightspacing", "rows", "rowspan", "rules", "scope", "selected", "shape", "size", "span",
    "src", "start", "step", "style", "summary", "suppress", "tabindex", "target", "template",
    "title", "toppadding", "type", "unselectable", "usemap", "urn", "valign", "value", "variable",
    "volume", "vspace", "vrml", "width", "wrap", "xml:lang"};
// clang-format on

// clang-format off
const std::array<std::string_view, 44> kAcceptableSchemes = {
    "file", "ftp", "gopher", "h323", "hdl", "http", "https", "imap", "magnet", "mailto", "mms",
    "news", "nntp", "prospero", "rsync", "rtsp", "rtspu", "sftp", "shttp", "sip", "sips", "snews",
    "svn", "svn+ssh", "telnet", "wais", "aim", "callto", "cvs", "facetime", "feed", "git", "gtalk",
    "irc", "ircs", "irc6", "itms", "msnim", "skype", "ssh", "smb", "ymsg", "", ""};
// clang-format on

// (element, attribute) pairs that hold a URI. Asked for every attribute of every tag: a scan
// of views (length compared first) builds no key string.
bool is_uri_attribute(std::string_view tag, std::string_view attr) {
  struct Pair {
    std::string_view tag, attr;
  };
  // clang-format off
  static constexpr Pair kPairs[] = {
      {"a", "href"}, {"applet", "codebase"}, {"area", "href"}, {"audio", "src"},
      {"blockquote", "cite"}, {"body", "background"}, {"del", "cite"}, {"form", "action"},
      {"frame", "longdesc"}, {"frame", "src"}, {"iframe", "longdesc"}, {"iframe", "src"},
      {"head", "profile"}, {"img", "longdesc"}, {"img", "src"}, {"img", "usemap"},
      {"input", "src"}, {"input", "usemap"}, {"ins", "cite"}, {"link", "href"},
      {"object", "classid"}, {"object", "codebase"}, {"object", "data"}, {"object", "usemap"},
      {"q", "cite"}, {"script", "src"}, {"source", "src"}, {"video", "poster"},
      {"video", "src"}};
  // clang-format on
  for (const auto& p : kPairs) {
    if (p.attr == attr && p.tag == tag) return true;
  }
  return false;
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
using text::is_space;

using text::lower;

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Windows-1252 code points 0x80-0x9F that pages write as "&#146;" mean the cp1252 character.
char32_t cp1252_fix(char32_t c) {
  static constexpr std::array<char32_t, 32> kMap = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  if (c >= 0x80 && c <= 0x9F && kMap[c - 0x80] != 0) return kMap[c - 0x80];
  return c;
}

// The event sink of the tokenizer; each pass (URI resolution, sanitizing, plain text)
// implements it.
class Sink {
 public:
  virtual ~Sink() = default;
  // `attrs` is the tokenizer's, refilled for every tag: a sink may reorder or drop them.
  virtual void start_tag(const std::string& tag, Attrs& attrs) = 0;
  virtual void end_tag(const std::string& tag) = 0;
  virtual void data(std::string_view text) = 0;
  virtual void char_ref(std::string_view ref) = 0;     // "233" or "xE9"
  virtual void entity_ref(std::string_view name) = 0;  // "eacute"
  virtual void comment(std::string_view text) = 0;
  // Whether start_tag needs the attributes: parsing them is most of the cost of a tag.
  virtual bool wants_attributes() const { return true; }
};

// A forgiving SGML-style tokenizer: a tag ends at the first '<' or '>', end tags close every
// element opened after the matching start tag, an end tag with no open match is ignored.
class Tokenizer {
 public:
  Tokenizer(Sink& sink, bool xhtml)
      : sink_(sink),
        xhtml_(xhtml),
        buffers_(Buffers::take()),
        stack_(buffers_->stack),
        attrs_(buffers_->attrs) {}
  ~Tokenizer() { Buffers::give_back(std::move(buffers_)); }
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Whether markup was dropped (a declaration, processing instruction, unclosed comment or
  // unmatched end tag): the text on either side then meets in the output, and tokenizing that
  // output again can find markup the first pass did not.
  bool dropped_markup() const { return dropped_markup_; }

  void run(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    size_t text_start = 0;
    auto flush = [&](size_t upto) {
      if (upto > text_start) sink_.data(s.substr(text_start, upto - text_start));
    };
    while (i < n) {
      char c = s[i];
      if (c == '<') {
        size_t next = 0;
        if (i + 1 < n && is_alpha(s[i + 1])) {
          flush(i);
          next = start_tag(s, i);
        } else if (i + 1 < n && s[i + 1] == '/' && i + 2 < n && is_alpha(s[i + 2])) {
          flush(i);
          next = end_tag(s, i);
        } else if (s.substr(i, 4) == "<!--"sv) {
          flush(i);
          next = comment(s, i);
        } else if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
          flush(i);
          size_t gt = s.find('>', i);
          next = gt == std::string_view::npos ? n : gt + 1;  // declarations and PIs: dropped
          dropped_markup_ = true;
        }
        if (next != 0) {
          i = next;
          text_start = i;
          continue;
        }
        ++i;
      } else if (c == '&') {
        size_t next = reference(s, i, [&] { flush(i); });
        if (next != 0) {
          i = next;
          text_start = i;
          continue;
        }
        ++i;
      } else {
        // Plain text: skip to the next byte that can start markup or a reference.
        i = text::find_either(s, '<', '&', i + 1);
        if (i == std::string_view::npos) i = n;
      }
    }
    flush(n);
  }

 private:
  size_t start_tag(std::string_view s, size_t i) {
    size_t j = i + 1;
    while (j < s.size() &&
           (is_alnum(s[j]) || s[j] == '-' || s[j] == '_' || s[j] == '.' || s[j] == ':')) {
      ++j;
    }
    std::string tag = lower(s.substr(i + 1, j - i - 1));
    // The tag ends at the first '<' or '>' outside a quoted attribute value.
    size_t end = j;
    char last = 0;
    while (end < s.size() && s[end] != '<' && s[end] != '>') {
      char c = s[end];
      if ((c == '"' || c == '\'') && last == '=') {
        size_t close = s.find(c, end + 1);
        if (close == std::string_view::npos) break;
        end = close + 1;
        last = c;
        continue;
      }
      if (!is_space(c)) last = c;
      ++end;
    }
    if (end > s.size()) end = s.size();
    std::string_view inner = s.substr(j, end - j);
    bool self_closing = !inner.empty() && inner.back() == '/';
    attrs_.clear();
    if (sink_.wants_attributes()) parse_attributes(inner, attrs_);
    stack_.push_back(tag);
    sink_.start_tag(tag, attrs_);
    if (xhtml_ && self_closing) close(tag);
    return (end < s.size() && s[end] == '>') ? end + 1 : end;
  }

  size_t end_tag(std::string_view s, size_t i) {
    size_t end = text::find_either(s, '<', '>', i + 2);
    if (end == std::string_view::npos) end = s.size();
    std::string tag = lower(trim(s.substr(i + 2, end - i - 2)));
    close(tag);
    return (end < s.size() && s[end] == '>') ? end + 1 : end;
  }

  void close(const std::string& tag) {
    auto it = std::find(stack_.rbegin(), stack_.rend(), tag);
    if (it == stack_.rend()) {
      dropped_markup_ = true;
      return;
    }
    size_t keep = static_cast<size_t>(stack_.rend() - it) - 1;
    while (stack_.size() > keep) {
      std::string t = std::move(stack_.back());
      stack_.pop_back();
      sink_.end_tag(t);
    }
  }

  size_t comment(std::string_view s, size_t i) {
    size_t end = s.find("-->", i + 4);
    if (end != std::string_view::npos) {
      sink_.comment(s.substr(i + 4, end - i - 4));
      return end + 3;
    }
    // Unclosed comment: skip to the next "--...>" or swallow the rest, never emit it.
    size_t dd = s.find("--", i + 4);
    if (dd != std::string_view::npos) {
      size_t gt = s.find('>', dd);
      if (gt != std::string_view::npos && s.substr(dd, gt - dd).find('<') == std::string::npos) {
        dropped_markup_ = true;
        return gt + 1;
      }
    }
    dropped_markup_ = true;
    return s.size();
  }

  template <class Flush>
  size_t reference(std::string_view s, size_t i, Flush flush) {
    size_t j = i + 1;
    if (j < s.size() && s[j] == '#') {
      size_t k = j + 1;
      bool hex = k < s.size() && (s[k] == 'x' || s[k] == 'X');
      if (hex) ++k;
      size_t d = k;
      while (d < s.size() &&
             (hex ? std::isxdigit(static_cast<unsigned char>(s[d])) != 0 : is_digit(s[d]))) {
        ++d;
      }
      if (d == k) return 0;
      flush();
      sink_.char_ref(s.substr(j + 1, d - j - 1));
      return (d < s.size() && s[d] == ';') ? d + 1 : d;
    }
    if (j >= s.size() || !is_alpha(s[j])) return 0;
    size_t d = j;
    while (d < s.size() && (is_alnum(s[d]) || s[d] == '-' || s[d] == '.')) ++d;
    flush();
    sink_.entity_ref(s.substr(j, d - j));
    return (d < s.size() && s[d] == ';') ? d + 1 : d;
  }

  static void parse_attributes(std::string_view s, Attrs& attrs) {
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && (is_space(s[i]) || s[i] == '/')) ++i;
      if (i >= s.size()) break;
      if (!is_alpha(s[i]) && s[i] != '_') {
        ++i;
        continue;
      }
      size_t k = i;
      while (k < s.size() &&
             (is_alnum(s[k]) || s[k] == '-' || s[k] == '_' || s[k] == '.' || s[k] == ':')) {
        ++k;
      }
      std::string name = lower(s.substr(i, k - i));
      size_t v = k;
      while (v < s.size() && is_space(s[v])) ++v;
      std::string value = name;  // SGML: a bare attribute's value is its name
      if (v < s.size() && s[v] == '=') {
        ++v;
        while (v < s.size() && is_space(s[v])) ++v;
        if (v < s.size() && (s[v] == '"' || s[v] == '\'')) {
          size_t close = s.find(s[v], v + 1);
          if (close == std::string_view::npos) close = s.size();
          value = std::string(s.substr(v + 1, close - v - 1));
          k = close < s.size() ? close + 1 : close;
        } else {
          size_t e = v;
          while (e < s.size() && !is_space(s[e])) ++e;
          value = std::string(s.substr(v, e - v));
          k = e;
        }
      } else {
        k = v;
      }
      attrs.emplace_back(std::move(name), std::move(value));
      i = k;
    }
  }

  // The open-element stack and the attribute list, kept per thread with their capacity: a
  // fragment is tokenized for every HTML text construct of a feed, and most hold a tag or two,
  // for which making these afresh was most of the allocation.
  struct Buffers {
    std::vector<std::string> stack;
    Attrs attrs;

    static std::unique_ptr<Buffers> take() {
      auto& spare = pool();
      if (spare.empty()) return std::make_unique<Buffers>();
      auto b = std::move(spare.back());
      spare.pop_back();
      return b;
    }
    static void give_back(std::unique_ptr<Buffers> b) {
      auto& spare = pool();
      if (spare.size() >= 4) return;  // tokenizers inside tokenizers: a few at most
      b->stack.clear();
      b->attrs.clear();
      spare.push_back(std::move(b));
    }
    static std::vector<std::unique_ptr<Buffers>>& pool() {
      static thread_local std::vector<std::unique_ptr<Buffers>> spare;
      return spare;
    }
  };

  Sink& sink_;
  bool xhtml_;
  bool dropped_markup_ = false;
  std::unique_ptr<Buffers> buffers_;
  std::vector<std::string>& stack_;
  Attrs& attrs_;
};

// feedparser's preparation of a fragment: "<!x" that is not a comment, doctype or marked
// section is text; "<br/>"-style empty tags are expanded; the two quote references are folded.
std::string prepare(std::string_view html) {
  std::string out;
  out.reserve(html.size() + 16);
  for (size_t i = 0; i < html.size(); ++i) {
    // Only '<' and '&' start anything to rewrite: copy the text up to the next one at once.
    size_t next = text::find_either(html, '<', '&', i);
    if (next == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, next - i));
    i = next;
    char c = html[i];
    if (c == '<' && i + 1 < html.size() && html[i + 1] == '!') {
      std::string_view rest = html.substr(i + 2);
      if (!(rest.substr(0, 7) == "DOCTYPE"sv || rest.substr(0, 2) == "--"sv ||
            rest.substr(0, 1) == "["sv)) {
        out += "&lt;";
        continue;
      }
    }
    if (c == '<' && i + 1 < html.size() && !is_space(html[i + 1]) && html[i + 1] != '<' &&
        html[i + 1] != '>') {
      // <name/> or <name />, name without spaces or angle brackets.
      size_t j = i + 1;
      while (j < html.size() && !is_space(html[j]) && html[j] != '<' && html[j] != '>') ++j;
      size_t k = j;
      while (k < html.size() && is_space(html[k])) ++k;
      std::string_view name = html.substr(i + 1, j - i - 1);
      bool slash_in_name = !name.empty() && name.back() == '/' && k == j;
      if (slash_in_name) name.remove_suffix(1);
      if (!name.empty() && ((k + 1 < html.size() && html[k] == '/' && html[k + 1] == '>') ||
                            (slash_in_name && k < html.size() && html[k] == '>'))) {
        std::string tag(name);
        if (kVoidElements.count(tag)) {
          out += "<" + tag + " />";
        } else {
          out += "<" + tag + "></" + tag + ">";
        }
        i = slash_in_name ? k : k + 1;
        continue;
      }
    }
    if (c == '&' && html.substr(i, 5) == "&#39;"sv) {
      out += '\'';
      i += 4;
      continue;
    }
    if (c == '&' && html.substr(i, 5) == "&#34;"sv) {
      out += '"';
      i += 4;
      continue;
    }
    out += c;
  }
  return out;
}

// Whether prepare() would change `html`: most fragments have nothing it rewrites, and are then
// tokenized as they are instead of copied first.
bool needs_prepare(std::string_view html) {
  // One pass over the '<', '/' and '&' candidates instead of a search per pattern.
  for (size_t i = 0; i + 1 < html.size(); ++i) {
    const char c = html[i];
    if ((c == '<' && html[i + 1] == '!') || (c == '/' && html[i + 1] == '>') ||
        (c == '&' && html[i + 1] == '#' && i + 2 < html.size() && html[i + 2] == '3')) {
      return true;
    }
  }
  return false;
}

// Writes tokens back as markup, the way feedparser's base processor does.
class Serializer : public Sink {
 public:
  void start_tag(const std::string& tag, Attrs& attrs) override { write_start(tag, attrs); }
  void end_tag(const std::string& tag) override {
    if (!kVoidElements.count(tag)) {
      out_ += "</";
      out_ += tag;
      out_ += '>';
    }
  }
  void data(std::string_view text) override { out_ += text; }
  void char_ref(std::string_view ref) override {
    std::string r = lower(ref);
    char32_t value = 0;
    try {
      value =
          static_cast<char32_t>(r[0] == 'x' ? std::stoul(r.substr(1), nullptr, 16) : std::stoul(r));
    } catch (...) {
      value = 0xFFFD;
    }
    char32_t fixed = cp1252_fix(value);
    if (fixed != value) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "&#x%x;", static_cast<unsigned>(fixed));
      out_ += buf;
    } else {
      out_ += "&#" + r + ";";
    }
  }
  void entity_ref(std::string_view name) override {
    if (feed_detail::html4_entity(name) || name == "apos"sv) {
      out_ += "&";
      out_ += name;
      out_ += ";";
    } else {
      out_ += "&amp;";
      out_ += name;
    }
  }
  void comment(std::string_view text) override {
    out_ += "<!--";
    out_ += text;
    out_ += "-->";
  }
  std::string take() { return std::move(out_); }
  // The output is about as long as the input: one allocation instead of a doubling series.
  void reserve(size_t n) { out_.reserve(n); }

 protected:
  // Sorted, de-duplicated (last wins), rel/type lower-cased.
  static void normalize(Attrs& attrs) {
    if (attrs.empty()) return;
    size_t kept = 0;
    for (size_t i = 0; i < attrs.size(); ++i) {
      std::string& k = attrs[i].first;
      std::string& v = attrs[i].second;
      if (k == "rel"sv || k == "type"sv) v = lower(v);
      auto first = std::find_if(attrs.begin(), attrs.begin() + static_cast<std::ptrdiff_t>(kept),
                                [&](const auto& p) { return p.first == k; });
      if (first != attrs.begin() + static_cast<std::ptrdiff_t>(kept)) {
        first->second = std::move(v);
      } else {
        if (kept != i) attrs[kept] = std::move(attrs[i]);
        ++kept;
      }
    }
    attrs.resize(kept);
    std::sort(attrs.begin(), attrs.end());
  }

  void write_start(const std::string& tag, const Attrs& attrs) {
    out_ += '<';
    out_ += tag;
    for (const auto& [k, v] : attrs) {
      out_ += ' ';
      out_ += k;
      out_ += "=\"";
      append_escaped_attribute(out_, v);
      out_ += '"';
    }
    out_ += kVoidElements.count(tag) ? " />" : ">";
  }

  // An attribute value as written between double quotes; existing references are kept, so
  // escaping twice changes nothing.
  static void append_escaped_attribute(std::string& out, std::string_view v) {
    for (size_t i = 0; i < v.size(); ++i) {
      // Most of a value needs no escaping: append it up to the next special byte at once.
      size_t special = next_special(v, i);
      out.append(v.substr(i, special - i));
      if (special == v.size()) break;
      i = special;
      char c = v[i];
      if (c == '>') {
        out += "&gt;";
      } else if (c == '<') {
        out += "&lt;";
      } else if (c == '"') {
        out += "&quot;";
      } else if (c == '&' && !is_reference(v.substr(i))) {
        out += "&amp;";
      } else {
        out += c;
      }
    }
  }

  // The first of '<', '>', '"', '&' in v from i, else v.size().
  static size_t next_special(std::string_view v, size_t i) {
    while (i < v.size() && v[i] != '<' && v[i] != '>' && v[i] != '"' && v[i] != '&') ++i;
    return i;
  }

  // "&#123;", "&#x1f;" or "&name;" at the start of s.
  static bool is_reference(std::string_view s) {
    size_t i = 1;
    if (i < s.size() && s[i] == '#') {
      ++i;
      bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
      if (hex) ++i;
      size_t d = i;
      while (d < s.size() &&
             (hex ? std::isxdigit(static_cast<unsigned char>(s[d])) != 0 : is_digit(s[d]))) {
        ++d;
      }
      return d > i && d < s.size() && s[d] == ';';
    }
    size_t d = i;
    while (d < s.size() && (is_alnum(s[d]) || s[d] == '_')) ++d;
    return d > i && d < s.size() && s[d] == ';';
  }

  std::string out_;
};

class UriResolver : public Serializer {
 public:
  explicit UriResolver(std::string_view base) : base_(base) {}
  void start_tag(const std::string& tag, Attrs& attrs) override {
    normalize(attrs);
    for (auto& [k, v] : attrs) {
      if (is_uri_attribute(tag, k)) v = make_safe_absolute_uri(base_, trim(v));
    }
    write_start(tag, attrs);
  }

 private:
  std::string_view base_;  // outlives the UriResolver: the caller's argument
};

class Sanitizer : public Serializer {
 public:
  Sanitizer() = default;
  // Also resolves URI attributes against `base`, giving byte for byte what sanitizing the
  // output of resolve_relative_uris gives, in one tokenizer pass instead of two. The
  // differences of the round trip through markup are reproduced: attribute values are seen
  // escaped, "&#39"/"&#34" without ';' come back as quotes, and "<![CDATA[" in a comment is
  // escaped (the second pass would have escaped it); the name of an unknown entity is text.
  explicit Sanitizer(std::string_view base) : resolve_(true), base_(base) {}

  void start_tag(const std::string& tag, Attrs& attrs) override {
    if (!kAcceptableElements.count(tag)) {
      if (kUnacceptableWithContent.count(tag)) ++unacceptable_depth_;
      return;
    }
    if (attrs.empty()) return write_start(tag, attrs);
    normalize(attrs);
    size_t kept = 0;
    for (size_t i = 0; i < attrs.size(); ++i) {
      auto& [k, v] = attrs[i];
      const bool is_style = k == "style"sv;
      if (!is_style && !kAcceptableAttributes.count(k)) continue;  // dropped: no work spent
      if (resolve_) {
        if (is_uri_attribute(tag, k)) v = make_safe_absolute_uri(base_, trim(v));
        if (next_special(v, 0) != v.size()) {
          std::string escaped;
          append_escaped_attribute(escaped, v);
          v = std::move(escaped);
        }
      }
      if (is_style) {
        v = sanitize_style(v);
        if (v.empty()) continue;
      } else if (k == "href"sv) {
        v = make_safe_absolute_uri(v, "");
      }
      if (kept != i) attrs[kept] = std::move(attrs[i]);
      ++kept;
    }
    attrs.resize(kept);
    write_start(tag, attrs);
  }
  void end_tag(const std::string& tag) override {
    if (!kAcceptableElements.count(tag)) {
      if (kUnacceptableWithContent.count(tag) && unacceptable_depth_ > 0) --unacceptable_depth_;
      return;
    }
    Serializer::end_tag(tag);
  }
  void data(std::string_view text) override {
    if (unacceptable_depth_ != 0 || text.empty()) return;
    // A '<' kept as text must not meet text that turns it into markup: "<" and "script>"
    // become neighbours when what stood between them was dropped.
    char c = text.front();
    if (!out_.empty() && out_.back() == '<' && (is_alpha(c) || c == '/' || c == '!' || c == '?')) {
      out_.pop_back();
      out_ += "&lt;";
    }
    Serializer::data(text);
  }
  void char_ref(std::string_view ref) override {
    if (resolve_ && (ref == "39"sv || ref == "34"sv)) {
      if (unacceptable_depth_ == 0) out_ += ref == "39"sv ? '\'' : '"';
      return;
    }
    Serializer::char_ref(ref);
  }
  void entity_ref(std::string_view name) override {
    // An unknown entity comes back from the round trip as "&amp;" and text, and text inside a
    // script is dropped.
    if (resolve_ && !feed_detail::html4_entity(name) && name != "apos"sv) {
      out_ += "&amp;";
      if (unacceptable_depth_ == 0) out_ += name;
      return;
    }
    Serializer::entity_ref(name);
  }
  void comment(std::string_view text) override {
    if (!resolve_) return Serializer::comment(text);
    out_ += "<!--";
    for (size_t p = 0;;) {
      size_t c = text.find("<![CDATA[", p);
      if (c == std::string_view::npos) {
        out_.append(text.substr(p));
        break;
      }
      out_.append(text.substr(p, c - p));
      out_ += "&lt;";
      p = c + 1;
    }
    out_ += "-->";
  }

 private:
  bool resolve_ = false;
  std::string_view base_;  // outlives the Sanitizer: the caller's argument
  int unacceptable_depth_ = 0;
};

class TextExtractor : public Sink {
 public:
  void start_tag(const std::string& tag, Attrs&) override {
    if (kUnacceptableWithContent.count(tag)) ++hidden_;
    if (!kInline.count(tag)) out_ += ' ';
  }
  void end_tag(const std::string& tag) override {
    if (kUnacceptableWithContent.count(tag) && hidden_ > 0) --hidden_;
    if (!kInline.count(tag)) out_ += ' ';
  }
  void data(std::string_view text) override {
    if (hidden_ == 0) out_ += text;
  }
  void char_ref(std::string_view ref) override {
    if (hidden_ != 0) return;
    std::string r = lower(ref);
    char32_t value = 0xFFFD;
    try {
      value =
          static_cast<char32_t>(r[0] == 'x' ? std::stoul(r.substr(1), nullptr, 16) : std::stoul(r));
    } catch (...) {
    }
    feed_detail::append_utf8(out_, cp1252_fix(value));
  }
  void entity_ref(std::string_view name) override {
    if (hidden_ != 0) return;
    if (auto c = feed_detail::html4_entity(name)) {
      feed_detail::append_utf8(out_, *c);
    } else if (name == "apos"sv) {
      out_ += '\'';
    } else {
      out_ += "&";
      out_ += name;
    }
  }
  void comment(std::string_view) override {}
  bool wants_attributes() const override { return false; }  // text has none
  void reserve(size_t n) { out_.reserve(n); }

  std::string take() {
    // Whitespace runs collapsed to one space, none at either end; done in place.
    size_t w = 0;
    bool space = false;
    for (char c : out_) {
      if (is_space(c)) {
        space = w != 0;
      } else {
        if (space) out_[w++] = ' ';
        space = false;
        out_[w++] = c;
      }
    }
    out_.resize(w);
    return std::move(out_);
  }

 private:
  // clang-format off
static inline const NameSet kInline = {
    "a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "kbd", "q", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "tt", "u", "var", "acronym", "dfn"};
  // clang-format on
  std::string out_;
  int hidden_ = 0;
};

std::string finish(std::string s) {
  std::string_view t = trim(s);
  if (t.find('\r') == std::string_view::npos) {
    if (t.size() == s.size()) return s;
    return std::string(t);
  }
  std::string out;
  out.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n') continue;
    out += t[i];
  }
  return out;
}

}  // namespace

bool is_acceptable_html_element(std::string_view tag) {
  return kAcceptableElements.count(tag) > 0;
}

bool is_acceptable_uri_scheme(std::string_view uri) {
  uri = trim(uri);
  size_t colon = uri.find(':');
  if (colon == std::string_view::npos) return true;
  std::string scheme = lower(uri.substr(0, colon));
  // Python's split(':') takes whatever precedes the first colon, even "a/b:c".
  return std::find(kAcceptableSchemes.begin(), kAcceptableSchemes.end(), scheme) !=
             kAcceptableSchemes.end() &&
         !scheme.empty();
}

std::string join_uri(std::string_view base, std::string_view uri) {
  if (base.empty()) return std::string(uri);
  if (uri.empty()) return std::string(base);
  if (!url::scheme(uri).empty()) return std::string(uri);
  if (auto r = url::resolve(base, uri)) return *r;
  return std::string(uri);
}

std::string make_safe_absolute_uri(std::string_view base, std::string_view rel) {
  if (base.empty()) return std::string(rel);
  if (rel.empty()) {
    std::string s = url::scheme(base);
    if (s.empty() || is_acceptable_uri_scheme(base)) return std::string(base);
    return "";
  }
  std::string uri = join_uri(base, rel);
  std::string_view u = trim(uri);
  size_t colon = u.find(':');
  if (colon == std::string_view::npos) return "";  // feedparser: no scheme is not acceptable
  if (!is_acceptable_uri_scheme(u)) return "";
  return uri;
}

std::string resolve_relative_uris(std::string_view html, std::string_view base, bool xhtml) {
  if (html.find('<') == std::string_view::npos) return std::string(html);  // no tags, no URIs
  UriResolver r(base);
  Tokenizer(r, xhtml).run(prepare(html));
  return r.take();
}

std::string sanitize_html(std::string_view html, bool xhtml) {
  // Plain text (the common case for titles) comes out as it went in, trimmed.
  if (text::find_either(html, '<', '&') == std::string_view::npos) return finish(std::string(html));
  std::string src(html);
  for (size_t p = 0; (p = src.find("<![CDATA[", p)) != std::string::npos; p += 4) {
    src.replace(p, 1, "&lt;");
  }
  Sanitizer s;
  s.reserve(src.size() + 16);
  Tokenizer(s, xhtml).run(prepare(src));
  return finish(s.take());
}

std::string resolve_and_sanitize_html(std::string_view html, std::string_view base, bool xhtml) {
  // Without tags there is nothing to resolve, and the resolving pass hands the text on as is.
  if (html.find('<') == std::string_view::npos) return sanitize_html(html, xhtml);
  Sanitizer s(base);
  s.reserve(html.size() + 16);
  Tokenizer t(s, xhtml);
  if (needs_prepare(html)) {
    t.run(prepare(html));
  } else {
    t.run(html);
  }
  // Text that met where markup was dropped must be tokenized again, as the two-pass path does.
  if (t.dropped_markup()) return sanitize_html(resolve_relative_uris(html, base, xhtml), xhtml);
  return finish(s.take());
}

std::string html_to_text(std::string_view html) {
  if (text::find_either(html, '<', '&') == std::string_view::npos) {
    TextExtractor t;
    t.data(html);
    return t.take();
  }
  TextExtractor t;
  t.reserve(html.size());
  Tokenizer(t, false).run(html);
  return t.take();
}

}  // namespace mw
