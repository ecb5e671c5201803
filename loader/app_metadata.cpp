#include "loader/app_metadata.h"

#include "loader/error.h"
#include "loader/yaml_subset.h"

namespace stgvm {
namespace {

[[noreturn]] void bad(const std::string& msg) { throw LoadError("", "", -1, msg); }

std::string str(const YamlNode& m, const char* key, bool required = false) {
  const YamlNode* v = m.get(key);
  if (!v || v->is_null()) {
    if (required) bad(std::string("missing key `") + key + "`");
    return "";
  }
  if (v->kind != YamlNode::Kind::Scalar) bad(std::string("key `") + key + "` is not a string");
  return v->scalar;
}

std::vector<std::string> list(const YamlNode& m, const char* key) {
  std::vector<std::string> out;
  const YamlNode* v = m.get(key);
  if (!v || v->is_null()) return out;  // an empty list is written as a bare `key:`
  if (v->kind != YamlNode::Kind::Seq) bad(std::string("key `") + key + "` is not a list");
  for (auto& item : v->items) {
    if (item.kind != YamlNode::Kind::Scalar) bad(std::string("key `") + key + "` has a non-string element");
    out.push_back(item.scalar);
  }
  return out;
}

bool boolean(const YamlNode& m, const char* key) {
  std::string s = str(m, key);
  if (s.empty() || s == "false") return false;
  if (s == "true") return true;
  bad(std::string("key `") + key + "` is not a boolean");
}

}  // namespace

AppMetadata parse_ghc_stgapp(const std::string& text) {
  YamlNode doc = parse_yaml(text);
  if (doc.kind != YamlNode::Kind::Map) bad("ghc_stgapp: expected a mapping at the top level");
  AppMetadata a;
  a.ghc_name = str(doc, "ghc-name");
  a.ghc_version = str(doc, "ghc-version", true);
  a.target_platform = str(doc, "target-platform");
  a.platform_os = str(doc, "platform-os");
  a.no_hs_main = boolean(doc, "no-hs-main");
  if (auto s = str(doc, "o-suffix"); !s.empty()) a.o_suffix = s;
  a.ways = list(doc, "ways");
  a.object_dir = str(doc, "object-dir");
  if (auto s = str(doc, "app-unit-id"); !s.empty()) a.app_unit_id = s;
  a.app_modules = list(doc, "app-modules");
  if (auto s = str(doc, "app-main-module-name"); !s.empty()) a.main_module_name = s;
  if (const YamlNode* v = doc.get("app-main-module-object"); v && !v->is_null()) a.main_module_object = v->scalar;
  a.extra_ld_inputs = list(doc, "extra-ld-inputs");
  a.library_dirs = list(doc, "library-dirs");
  a.extra_libraries = list(doc, "extra-libraries");
  a.ld_options = list(doc, "ld-options");
  a.unit_db_paths = list(doc, "unit-db-paths");
  if (const YamlNode* deps = doc.get("app-deps"); deps && !deps->is_null()) {
    if (deps->kind != YamlNode::Kind::Seq) bad("key `app-deps` is not a list");
    for (auto& d : deps->items) {
      if (d.kind != YamlNode::Kind::Map) bad("`app-deps` element is not a mapping");
      AppDep dep;
      dep.name = str(d, "name", true);
      dep.version = str(d, "version");
      dep.id = str(d, "id", true);
      dep.unit_import_dirs = list(d, "unit-import-dirs");
      dep.unit_libraries = list(d, "unit-libraries");
      dep.library_dirs = list(d, "library-dirs");
      dep.extra_libraries = list(d, "extra-libraries");
      dep.exposed_modules = list(d, "exposed-modules");
      dep.hidden_modules = list(d, "hidden-modules");
      dep.depends = list(d, "depends");
      a.app_deps.push_back(std::move(dep));
    }
  }
  return a;
}

std::vector<LiveModule> parse_app_info(const std::string& text) {
  YamlNode doc = parse_yaml(text);
  std::vector<LiveModule> out;
  if (doc.kind != YamlNode::Kind::Map) bad("app.info: expected a mapping at the top level");
  if (const YamlNode* live = doc.get("live-code")) {
    if (live->is_null()) return out;
    if (live->kind != YamlNode::Kind::Seq) bad("app.info: `live-code` is not a list");
    for (auto& item : live->items) {
      if (item.kind != YamlNode::Kind::Map) bad("app.info: `live-code` element is not a mapping");
      LiveModule m;
      m.module_name = str(item, "module-name", true);
      m.package_name = str(item, "package-name", true);
      m.unit_id = str(item, "unit-id");
      out.push_back(std::move(m));
    }
    return out;
  }
  if (const YamlNode* mods = doc.get("modules")) {  // Mar 2021 – Aug 2023 layout
    for (auto& s : list(doc, "modules")) out.push_back({s, "", ""});
    (void)mods;
    return out;
  }
  bad("app.info: neither `live-code` nor `modules` present");
}

}  // namespace stgvm
