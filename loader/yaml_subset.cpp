#include "loader/yaml_subset.h"

#include <string_view>

#include "loader/error.h"

namespace stgvm {

const YamlNode* YamlNode::get(const std::string& key) const {
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &values[i];
  return nullptr;
}

namespace {

struct Line {
  size_t no;       // 1-based
  size_t indent;
  std::string text;  // without indentation and trailing spaces/CR
};

class Parser {
 public:
  explicit Parser(const std::string& src) {
    size_t no = 0, pos = 0;
    while (pos <= src.size()) {
      size_t nl = src.find('\n', pos);
      if (nl == std::string::npos) nl = src.size();
      std::string_view l(src.data() + pos, nl - pos);
      ++no;
      pos = nl + 1;
      while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t')) l.remove_suffix(1);
      size_t ind = 0;
      while (ind < l.size() && l[ind] == ' ') ++ind;
      if (ind < l.size() && l[ind] == '\t') fail(no, "tab in indentation");
      std::string_view t = l.substr(ind);
      if (t.empty() || t[0] == '#' || t == "---" || t == "...") continue;
      lines_.push_back({no, ind, std::string(t)});
      if (nl == src.size()) break;
    }
  }

  YamlNode document() {
    if (lines_.empty()) return {};
    YamlNode n = block(lines_[0].indent);
    if (i_ < lines_.size()) fail(lines_[i_].no, "unexpected indentation");
    return n;
  }

 private:
  std::vector<Line> lines_;
  size_t i_ = 0;

  [[noreturn]] static void fail(size_t no, const std::string& msg) {
    throw LoadError("", "", -1, "line " + std::to_string(no) + ": " + msg);
  }

  static bool is_seq_item(const std::string& t) { return t == "-" || t.rfind("- ", 0) == 0; }

  // A block at exactly `indent`: a sequence if it starts with `-`, else a mapping.
  YamlNode block(size_t indent) {
    if (is_seq_item(lines_[i_].text)) return sequence(indent);
    return mapping(indent);
  }

  YamlNode sequence(size_t indent) {
    YamlNode n;
    n.kind = YamlNode::Kind::Seq;
    while (i_ < lines_.size() && lines_[i_].indent == indent && is_seq_item(lines_[i_].text)) {
      Line& l = lines_[i_];
      if (l.text == "-") {
        ++i_;
        if (i_ < lines_.size() && lines_[i_].indent > indent) n.items.push_back(block(lines_[i_].indent));
        else n.items.push_back(YamlNode{});
        continue;
      }
      // "- rest": rest is a scalar, or the first key of a compact mapping.
      std::string rest = l.text.substr(2);
      size_t inner = indent + 2;
      while (!rest.empty() && rest[0] == ' ') {
        rest.erase(0, 1);
        ++inner;
      }
      if (key_split(rest).first) {
        l.text = rest;
        l.indent = inner;
        n.items.push_back(mapping(inner));
      } else {
        ++i_;
        n.items.push_back(scalar(rest, l.no));
      }
    }
    return n;
  }

  // Returns (true, key, value-text) if `t` is `key: value` or `key:`.
  static std::pair<bool, std::pair<std::string, std::string>> key_split(const std::string& t) {
    size_t k;
    std::string key;
    if (!t.empty() && (t[0] == '"' || t[0] == '\'')) {
      size_t end = t.find(t[0], 1);
      if (end == std::string::npos) return {false, {}};
      key = t.substr(1, end - 1);
      k = end + 1;
      if (k >= t.size() || t[k] != ':') return {false, {}};
    } else {
      k = t.find(": ");
      if (k == std::string::npos) {
        if (t.size() < 2 || t.back() != ':') return {false, {}};
        k = t.size() - 1;
      }
      key = t.substr(0, k);
      if (key.find('"') != std::string::npos) return {false, {}};
    }
    std::string v = k + 1 < t.size() ? t.substr(k + 1) : "";
    while (!v.empty() && v[0] == ' ') v.erase(0, 1);
    return {true, {key, v}};
  }

  YamlNode mapping(size_t indent) {
    YamlNode n;
    n.kind = YamlNode::Kind::Map;
    while (i_ < lines_.size() && lines_[i_].indent == indent && !is_seq_item(lines_[i_].text)) {
      const Line& l = lines_[i_];
      auto [ok, kv] = key_split(l.text);
      if (!ok) fail(l.no, "expected `key: value`");
      ++i_;
      YamlNode v;
      if (!kv.second.empty()) {
        v = scalar(kv.second, l.no);
      } else if (i_ < lines_.size() &&
                 (lines_[i_].indent > indent || (lines_[i_].indent == indent && is_seq_item(lines_[i_].text)))) {
        v = block(lines_[i_].indent);
      }
      n.keys.push_back(kv.first);
      n.values.push_back(std::move(v));
    }
    if (i_ < lines_.size() && lines_[i_].indent > indent) fail(lines_[i_].no, "unexpected indentation");
    return n;
  }

  static void put_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) out += char(cp);
    else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) { out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
    else { out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
  }

  // Four hex digits at t[at..at+4) → out.
  static bool hex4(const std::string& t, size_t at, uint32_t& out) {
    if (at + 4 > t.size()) return false;
    out = 0;
    for (size_t k = at; k < at + 4; ++k) {
      char c = t[k];
      out <<= 4;
      if (c >= '0' && c <= '9') out |= uint32_t(c - '0');
      else if (c >= 'a' && c <= 'f') out |= uint32_t(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') out |= uint32_t(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  static YamlNode scalar(const std::string& t, size_t no) {
    YamlNode n;
    n.kind = YamlNode::Kind::Scalar;
    if (t == "null" || t == "~") return YamlNode{};
    if (t == "[]") { n.kind = YamlNode::Kind::Seq; return n; }
    if (t == "{}") { n.kind = YamlNode::Kind::Map; return n; }
    if (t[0] == '"') {
      n.quoted = true;
      size_t i = 1;
      for (; i < t.size() && t[i] != '"'; ++i) {
        if (t[i] != '\\') { n.scalar += t[i]; continue; }
        if (++i >= t.size()) fail(no, "unterminated escape");
        switch (t[i]) {
          case '"': n.scalar += '"'; break;
          case '\\': n.scalar += '\\'; break;
          case '/': n.scalar += '/'; break;
          case 'b': n.scalar += '\b'; break;
          case 'f': n.scalar += '\f'; break;
          case 'n': n.scalar += '\n'; break;
          case 'r': n.scalar += '\r'; break;
          case 't': n.scalar += '\t'; break;
          case '0': n.scalar += '\0'; break;
          case 'u': {
            uint32_t cp = 0;
            if (!hex4(t, i + 1, cp)) fail(no, "bad \\u escape");
            i += 4;
            // A UTF-16 surrogate pair (JSON escaping of non-BMP characters) is one character.
            uint32_t lo = 0;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 2 < t.size() && t[i + 1] == '\\' && t[i + 2] == 'u' &&
                hex4(t, i + 3, lo) && lo >= 0xDC00 && lo < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              i += 6;
            }
            put_utf8(n.scalar, cp);
            break;
          }
          default: fail(no, std::string("unknown escape \\") + t[i]);
        }
      }
      if (i >= t.size()) fail(no, "unterminated string");
      if (i + 1 != t.size()) fail(no, "text after closing quote");
      return n;
    }
    if (t[0] == '\'') {
      n.quoted = true;
      size_t i = 1;
      for (; i < t.size(); ++i) {
        if (t[i] == '\'') {
          if (i + 1 < t.size() && t[i + 1] == '\'') { n.scalar += '\''; ++i; continue; }
          break;
        }
        n.scalar += t[i];
      }
      if (i >= t.size()) fail(no, "unterminated string");
      if (i + 1 != t.size()) fail(no, "text after closing quote");
      return n;
    }
    n.scalar = t;
    return n;
  }
};

}  // namespace

YamlNode parse_yaml(const std::string& text) { return Parser(text).document(); }

}  // namespace stgvm
