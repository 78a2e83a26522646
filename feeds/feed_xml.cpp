#include "feeds/feed_xml.h"

#include <pugixml.hpp>

#include <list>
#include <vector>

#include "feeds/feed_entities.h"
#include "feeds/xml_page_cache.h"

namespace mw::feed_detail {
namespace {

[[maybe_unused]] const bool kPageCacheInstalled = install_xml_page_cache();

struct Decoder {
  const std::map<std::string, std::string>& entities;
  XmlOutcome& outcome;

  void problem(const std::string& what) {
    if (outcome.well_formed) {
      outcome.well_formed = false;
      outcome.error = what;
    }
  }

  // Resolves character and entity references in raw XML text (pugixml runs without
  // parse_escapes so that undeclared entities can be told apart from escaped ampersands).
  std::string decode(std::string_view raw) {
    if (raw.find('&') == std::string_view::npos) return std::string(raw);
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (c != '&') {
        size_t amp = raw.find('&', i);
        if (amp == std::string_view::npos) amp = raw.size();
        out.append(raw.substr(i, amp - i));
        i = amp - 1;
        continue;
      }
      size_t semi = raw.find(';', i + 1);
      size_t limit = std::min(raw.size(), i + 40);
      if (semi == std::string_view::npos || semi >= limit) {
        problem("unescaped '&' in text");
        out += c;
        continue;
      }
      std::string_view name = raw.substr(i + 1, semi - i - 1);
      if (!name.empty() && name[0] == '#') {
        char32_t value = 0;
        bool ok = name.size() > 1;
        bool hex = ok && (name[1] == 'x' || name[1] == 'X');
        for (size_t k = hex ? 2 : 1; ok && k < name.size(); ++k) {
          char d = name[k];
          int digit = -1;
          if (d >= '0' && d <= '9')
            digit = d - '0';
          else if (hex && d >= 'a' && d <= 'f')
            digit = d - 'a' + 10;
          else if (hex && d >= 'A' && d <= 'F')
            digit = d - 'A' + 10;
          if (digit < 0 || value > 0x10FFFF)
            ok = false;
          else
            value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
        }
        if (hex && name.size() == 2) ok = false;
        if (!ok) {
          problem("invalid character reference &" + std::string(name) + ";");
          out += c;
          continue;
        }
        append_utf8(out, value);
        i = semi;
        continue;
      }
      if (name == "lt")
        out += '<';
      else if (name == "gt")
        out += '>';
      else if (name == "amp")
        out += '&';
      else if (name == "quot")
        out += '"';
      else if (name == "apos")
        out += '\'';
      else if (auto it = entities.find(std::string(name)); it != entities.end())
        out += decode(it->second);
      else if (auto cp = html4_entity(name)) {
        problem("undefined entity &" + std::string(name) + ";");
        append_utf8(out, *cp);
      } else {
        problem("undefined entity &" + std::string(name) + ";");
        out += raw.substr(i, semi - i + 1);
      }
      i = semi;
    }
    return out;
  }
};

// Position of the ':' in a qualified name, npos when none. Names are a few bytes long: a loop,
// not a memchr call, four times per element.
size_t colon_in(std::string_view qname) {
  for (size_t i = 0; i < qname.size(); ++i) {
    if (qname[i] == ':') return i;
  }
  return std::string_view::npos;
}

std::string_view local_of(std::string_view qname) {
  size_t c = colon_in(qname);
  return c == std::string_view::npos ? qname : qname.substr(c + 1);
}

std::string_view prefix_of(std::string_view qname) {
  size_t c = colon_in(qname);
  return c == std::string_view::npos ? std::string_view() : qname.substr(0, c);
}

// What replay_xml's iterative walk keeps: the open elements and the namespace bindings in
// scope, innermost last (each frame remembers how many bindings it added, so opening an
// element copies nothing), and the attribute list handed to the builder.
struct WalkScratch {
  struct Binding {
    std::string prefix;  // "" = default namespace
    std::string uri;
  };
  struct Frame {
    pugi::xml_node node;
    std::string_view qname;  // the node's name, measured once
    size_t bindings = 0;     // bindings this element declared
  };
  std::vector<Frame> stack;
  std::vector<Binding> scope;
  std::vector<QAttr> attrs;

  // A deeply nested or attribute-laden document must not leave its memory held by the thread.
  void release_if_large() {
    constexpr size_t kKeep = 256;
    if (stack.capacity() > kKeep) stack = {};
    if (scope.capacity() > kKeep) scope = {};
    if (attrs.capacity() > kKeep) attrs = {};
  }
};

std::string position(std::string_view text, ptrdiff_t offset) {
  size_t line = 1, col = 1;
  for (ptrdiff_t i = 0; i < offset && static_cast<size_t>(i) < text.size(); ++i) {
    if (text[static_cast<size_t>(i)] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

}  // namespace

XmlOutcome replay_xml(std::string_view utf8, const std::map<std::string, std::string>& entities,
                      FeedBuilder& builder) {
  XmlOutcome outcome;
  Decoder dec{entities, outcome};
  pugi::xml_document doc;
  const unsigned flags = pugi::parse_cdata | pugi::parse_wconv_attribute | pugi::parse_eol |
                         pugi::parse_ws_pcdata | pugi::parse_doctype;
  pugi::xml_parse_result r = doc.load_buffer(utf8.data(), utf8.size(), flags, pugi::encoding_utf8);
  if (!r) {
    dec.problem(position(utf8, r.offset) + ": " + r.description());
  }

  // Iterative walk keeping the in-scope namespace bindings, so deep documents cannot exhaust
  // the stack. Its containers are kept per thread and emptied for each document: most feeds
  // are small, and their allocations were a visible share of parsing one.
  thread_local WalkScratch scratch;
  struct Release {
    WalkScratch& s;
    ~Release() { s.release_if_large(); }  // also when the builder throws
  } release{scratch};
  std::vector<WalkScratch::Frame>& stack = scratch.stack;
  std::vector<WalkScratch::Binding>& scope = scratch.scope;
  std::vector<QAttr>& attrs = scratch.attrs;
  stack.clear();
  scope.clear();
  int roots = 0;
  static const std::string empty, xml_uri = "http://www.w3.org/XML/1998/namespace";
  auto lookup = [&](std::string_view prefix) -> const std::string& {
    for (auto it = scope.rbegin(); it != scope.rend(); ++it) {
      if (it->prefix == prefix) return it->uri;
    }
    return prefix == "xml" ? xml_uri : empty;  // bound in every document
  };
  // Attribute values that held references, decoded; QAttr::value views them. A list: growing
  // it does not move the strings the views point into, and empty it allocates nothing (a
  // std::deque allocates when constructed).
  std::list<std::string> decoded;
  auto open = [&](pugi::xml_node el) {
    WalkScratch::Frame f{el, el.name(), 0};
    attrs.clear();
    // One walk over the attributes: namespace declarations are applied as they come, the
    // others kept; their prefixes are looked up once all of this element's are in scope.
    decoded.clear();
    bool prefixed = false, escaped = false;
    for (pugi::xml_attribute a : el.attributes()) {
      std::string_view qn = a.name();
      if (qn.starts_with("xmlns") && (qn.size() == 5 || qn[5] == ':')) {
        std::string p(qn.size() == 5 ? std::string_view() : qn.substr(6));
        std::string value = dec.decode(a.value());
        builder.start_prefix_mapping(p, value);
        scope.push_back(WalkScratch::Binding{std::move(p), std::move(value)});
        ++f.bindings;
        continue;
      }
      QAttr q;
      q.qname = qn;
      size_t colon = colon_in(qn);
      q.local = colon == std::string_view::npos ? qn : qn.substr(colon + 1);
      prefixed = prefixed || (colon != std::string_view::npos && colon > 0);
      q.value = a.value();  // raw: decoded below, after the declarations' values
      escaped = escaped || q.value.find('&') != std::string_view::npos;
      attrs.push_back(q);
    }
    if (prefixed || escaped) {
      for (QAttr& q : attrs) {
        size_t colon = q.qname.size() - q.local.size() - 1;  // where the prefix ends
        if (q.local.size() < q.qname.size() && colon > 0) q.ns = lookup(q.qname.substr(0, colon));
        if (q.value.find('&') != std::string_view::npos) {
          decoded.push_back(dec.decode(q.value));
          q.value = decoded.back();
        }
      }
    }
    builder.start_element(f.qname, lookup(prefix_of(f.qname)), local_of(f.qname), attrs);
    stack.push_back(f);
  };
  auto close = [&]() {
    WalkScratch::Frame& f = stack.back();
    builder.end_element(f.qname, lookup(prefix_of(f.qname)), local_of(f.qname));
    scope.resize(scope.size() - f.bindings);
    stack.pop_back();
  };

  for (pugi::xml_node top : doc.children()) {
    if (top.type() != pugi::node_element) continue;
    if (++roots > 1) dec.problem("junk after document element");
    open(top);
    pugi::xml_node cur = top.first_child();
    while (!stack.empty()) {
      if (!cur) {
        pugi::xml_node done = stack.back().node;
        close();
        if (stack.empty()) break;
        cur = done.next_sibling();
        continue;
      }
      switch (cur.type()) {
        case pugi::node_element:
          open(cur);
          cur = cur.first_child();
          continue;
        case pugi::node_pcdata: {
          // Most text holds no reference: handed on as it is, without a decoded copy.
          std::string_view raw = cur.value();
          if (raw.find('&') == std::string_view::npos) {
            builder.characters(raw);
          } else {
            builder.characters(dec.decode(raw));
          }
          break;
        }
        case pugi::node_cdata: builder.characters(cur.value()); break;
        default: break;
      }
      cur = cur.next_sibling();
    }
  }
  if (roots == 0 && outcome.well_formed) dec.problem("no document element");
  if (!builder.namespace_error().empty()) dec.problem(builder.namespace_error());
  return outcome;
}

}  // namespace mw::feed_detail
