// The regular YAML subset written by the ext-stg tooling (`.ghc_stgapp`, `app.info`): block
// mappings and sequences by indentation, `- ` items, bare `-` object items, double-quoted
// JSON-escaped strings, single-quoted and plain scalars, `[]`/`{}`, empty value = null.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace stgvm {

struct YamlNode {
  enum class Kind { Null, Scalar, Seq, Map } kind = Kind::Null;
  std::string scalar;
  bool quoted = false;
  std::vector<YamlNode> items;                            // Seq
  std::vector<std::string> keys;                          // Map, in document order
  std::vector<YamlNode> values;                           // Map, parallel to keys

  const YamlNode* get(const std::string& key) const;
  bool is_null() const { return kind == Kind::Null; }
};

// Throws LoadError with the line number in the message on malformed input.
YamlNode parse_yaml(const std::string& text);

}  // namespace stgvm
