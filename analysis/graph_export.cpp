#include "analysis/graph_export.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <stdexcept>

namespace stgvm {

namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // (XML 1.0 has no place for other control characters: names never hold them)
        if (uint8_t(c) >= 0x20 || c == '\t') out += c;
    }
  }
  return out;
}

const char* kind_name(const Attribution& at, uint32_t p) {
  if (!p) return "global";
  switch (at.points[p].kind) {
    case PointKind::Closure: return "closure";
    case PointKind::Scrutinee: return "scrutinee";
    case PointKind::Alt: return "alternative";
  }
  return "?";
}

// Object ids from a counter. cgraph's default discipline uses the addresses of the name
// strings as the ids of named objects, and orders subgraphs by id: the clusters of the DOT and
// SVG would come out in a different order from run to run.
// (Names are cgraph's own reference-counted strings, as its writer expects.)
struct CounterIds {
  Agraph_t* g;
  std::map<std::string, IDTYPE> by_name;
  std::map<IDTYPE, char*> names;
  IDTYPE next = 1;
};
void* ids_open(Agraph_t* g, Agdisc_t*) { return new CounterIds{g, {}, {}, 1}; }
long ids_map(void* state, int, char* str, IDTYPE* id, int create) {
  auto* s = static_cast<CounterIds*>(state);
  if (str) {
    auto it = s->by_name.find(str);
    if (it != s->by_name.end()) {
      *id = it->second;
      return 1;
    }
    if (!create) return 0;
    *id = s->next++;
    s->by_name.emplace(str, *id);
    s->names.emplace(*id, agstrdup(s->g, str));
    return 1;
  }
  *id = s->next++;
  return 1;
}
long ids_alloc(void*, int, IDTYPE) { return 0; }  // (no caller-chosen ids)
void ids_free(void* state, int, IDTYPE id) {
  auto* s = static_cast<CounterIds*>(state);
  auto it = s->names.find(id);
  if (it == s->names.end()) return;
  s->by_name.erase(it->second);
  agstrfree(s->g, it->second);
  s->names.erase(it);
}
char* ids_print(void* state, int, IDTYPE id) {
  auto* s = static_cast<CounterIds*>(state);
  auto it = s->names.find(id);
  return it == s->names.end() ? nullptr : it->second;
}
void ids_close(void* state) { delete static_cast<CounterIds*>(state); }
void ids_register(void*, int, void*) {}
Agiddisc_t kCounterIds = {ids_open, ids_map, ids_alloc, ids_free, ids_print, ids_close, ids_register};
Agdisc_t kDisc = {&AgMemDisc, &kCounterIds, &AgIoDisc};

}  // namespace

std::string call_graph_gexf(const CallGraph& g, const std::map<uint32_t, Profile::Counts>& closures,
                            const std::string& program) {
  const Attribution& at = g.attribution();
  const std::vector<CallGraph::Edge>& edges = g.edges();
  std::map<uint32_t, uint64_t> entries;  // node → calls into it
  std::set<uint32_t> nodes;
  for (const CallGraph::Edge& e : edges) {
    nodes.insert(e.from), nodes.insert(e.to);
    if (!e.direct) entries[e.to] += e.count;
  }
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
      "  <meta>\n    <creator>stgvm</creator>\n    <description>call graph of " + xml_escape(program) +
      "</description>\n  </meta>\n"
      "  <graph defaultedgetype=\"directed\" mode=\"static\">\n"
      "    <attributes class=\"node\">\n"
      "      <attribute id=\"module\" title=\"module\" type=\"string\"/>\n"
      "      <attribute id=\"package\" title=\"package\" type=\"string\"/>\n"
      "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
      "      <attribute id=\"entries\" title=\"entries\" type=\"long\"/>\n"
      "      <attribute id=\"allocated\" title=\"allocated bytes\" type=\"long\"/>\n"
      "    </attributes>\n"
      "    <attributes class=\"edge\">\n"
      "      <attribute id=\"call-site-type\" title=\"call-site-type\" type=\"string\"/>\n"
      "    </attributes>\n"
      "    <nodes>\n";
  for (uint32_t n : nodes) {
    std::string module, package;
    uint64_t allocated = 0;
    if (n) {
      const SourceBinder& b = at.binders[at.points[n].binder];
      module = at.strings[b.module], package = at.strings[b.unit];
      if (at.points[n].kind == PointKind::Closure && closures.count(n)) allocated = closures.at(n).allocated;
    }
    out += "      <node id=\"" + std::to_string(n) + "\" label=\"" + xml_escape(g.point_name(n)) + "\">\n        <attvalues>";
    out += "<attvalue for=\"module\" value=\"" + xml_escape(module) + "\"/>";
    out += "<attvalue for=\"package\" value=\"" + xml_escape(package) + "\"/>";
    out += "<attvalue for=\"kind\" value=\"" + std::string(kind_name(at, n)) + "\"/>";
    out += "<attvalue for=\"entries\" value=\"" + std::to_string(entries.count(n) ? entries[n] : 0) + "\"/>";
    out += "<attvalue for=\"allocated\" value=\"" + std::to_string(allocated) + "\"/>";
    out += "</attvalues>\n      </node>\n";
  }
  out += "    </nodes>\n    <edges>\n";
  size_t id = 0;
  for (const CallGraph::Edge& e : edges) {
    std::string kind = e.direct ? "direct" : origin_name(e.origin);
    std::string type = e.direct ? "direct" : origin_known(e.origin) ? "known" : "unknown";
    out += "      <edge id=\"" + std::to_string(id++) + "\" source=\"" + std::to_string(e.from) + "\" target=\"" +
           std::to_string(e.to) + "\" kind=\"" + kind + "\" weight=\"" + std::to_string(e.count) + "\">" +
           "<attvalues><attvalue for=\"call-site-type\" value=\"" + type + "\"/></attvalues></edge>\n";
  }
  out += "    </edges>\n  </graph>\n</gexf>\n";
  return out;
}

HotGraph hot_call_graph(const CallGraph& g, const Profile& p, const std::string& program, HotGraphOptions o) {
  // Calls between closures, busiest first (ties by closure order: deterministic).
  std::vector<std::pair<std::pair<uint32_t, uint32_t>, uint64_t>> calls;
  uint64_t total = 0;
  for (auto& [e, n] : g.closure_calls()) {
    if (!g.point_passes(e.first) || !g.point_passes(e.second)) continue;
    calls.push_back({e, n});
    total += n;
  }
  std::stable_sort(calls.begin(), calls.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  size_t keep = 0;
  for (uint64_t covered = 0; keep < calls.size() && keep < o.top && double(covered) < o.share * double(total); ++keep)
    covered += calls[keep].second;
  calls.resize(keep);
  std::map<std::string, std::set<uint32_t>> by_module;
  for (auto& [e, n] : calls) by_module[g.attribution().point_module(e.first)].insert(e.first), by_module[g.attribution().point_module(e.second)].insert(e.second);
  const std::map<uint32_t, Profile::Counts>& counts = p.by_closure();
  const Profile::Counts kNone{};

  HotGraph out;
  std::string gname = "call graph of " + program;
  Agraph_t* gr = agopen(gname.data(), Agdirected, &kDisc);
  if (!gr) throw std::runtime_error("graphviz: cannot create a graph");
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> close(gr, agclose);
  auto set = [](void* obj, const char* k, const std::string& v) {
    agsafeset(obj, const_cast<char*>(k), const_cast<char*>(v.c_str()), const_cast<char*>(""));
  };
  set(gr, "rankdir", "LR");
  set(gr, "fontname", "Helvetica");
  std::map<uint32_t, Agnode_t*> nodes;
  size_t cluster = 0;
  for (auto& [module, members] : by_module) {
    std::string cname = "cluster_" + std::to_string(cluster++);
    Agraph_t* sub = agsubg(gr, cname.data(), 1);
    set(sub, "label", module.empty() ? "runtime" : module);
    set(sub, "style", "rounded");
    for (uint32_t c : members) {
      std::string id = "c" + std::to_string(c);
      Agnode_t* n = agnode(sub, id.data(), 1);
      const Profile::Counts& k = counts.count(c) ? counts.at(c) : kNone;
      set(n, "label", p.closure_name(c) + "\\n" + std::to_string(k.entries) + " entries, " + std::to_string(k.blocks) +
                          " blocks");
      set(n, "shape", "box");
      set(n, "fontname", "Helvetica");
      nodes[c] = n;
    }
  }
  for (auto& [e, n] : calls) {
    Agedge_t* ed = agedge(gr, nodes[e.first], nodes[e.second], nullptr, 1);
    // (xlabel: Graphviz 2.42 corrupts its heap laying out labels of edges within one rank)
    set(ed, "xlabel", std::to_string(n));
    char w[32];
    std::snprintf(w, sizeof w, "%.2f", 1.0 + 4.0 * double(n) / double(std::max<uint64_t>(1, calls.front().second)));
    set(ed, "penwidth", w);
  }
  out.nodes = nodes.size(), out.edges = calls.size();
  char* buf = nullptr;
  size_t len = 0;
  FILE* f = open_memstream(&buf, &len);
  if (!f) throw std::runtime_error("graphviz: no memory");
  agwrite(gr, f);
  std::fclose(f);
  out.dot.assign(buf, len);
  std::free(buf);
  GVC_t* gvc = gvContext();
  if (!gvc) throw std::runtime_error("graphviz: no context");
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> free_gvc(gvc, gvFreeContext);
  if (gvLayout(gvc, gr, "dot") != 0) throw std::runtime_error("graphviz: the dot layout failed");
  // (Through a FILE: Graphviz 2.42's gvRenderData overruns its buffer on larger graphs.)
  buf = nullptr, len = 0;
  f = open_memstream(&buf, &len);
  if (!f) throw std::runtime_error("graphviz: no memory");
  int rc = gvRender(gvc, gr, "svg", f);
  std::fclose(f);
  gvFreeLayout(gvc, gr);
  out.svg.assign(buf ? buf : "", buf ? len : 0);
  std::free(buf);
  if (rc != 0 || out.svg.empty())
    throw std::runtime_error("graphviz: cannot render SVG (is the graphviz package's plugin set up?)");
  return out;
}

}  // namespace stgvm
