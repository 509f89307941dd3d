#include "adapters/speech/local/ngram_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

namespace webox::speech {
namespace {

using Gram = std::vector<std::string>;

struct Order {
  std::map<Gram, double> count;  // the n-gram -> times seen
  std::map<Gram, double> prob;   // its probability given its history
  std::map<Gram, double> bow;    // as a history of the next order: its back-off weight
};

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string log10_text(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", p > 0 ? std::log10(p) : -99.0);
  return buf;
}

}  // namespace

std::string arpa_from_sentences(const std::vector<std::string>& sentences, int order) {
  order = std::clamp(order, 1, 5);
  std::vector<Order> by(order + 1);  // by[n]: n-grams of n words
  for (const std::string& s : sentences) {
    Gram words = split(s);
    if (words.empty()) continue;
    words.insert(words.begin(), "<s>");
    words.push_back("</s>");
    for (int n = 1; n <= order; ++n)
      for (std::size_t i = 0; i + n <= words.size(); ++i)
        by[n].count[Gram(words.begin() + i, words.begin() + i + n)] += 1;
  }
  if (by[1].count.empty()) return {};

  // Unigrams: maximum likelihood over every token but <s>, which never follows anything.
  double tokens = 0;
  for (const auto& [g, c] : by[1].count)
    if (g[0] != "<s>") tokens += c;
  for (const auto& [g, c] : by[1].count) by[1].prob[g] = g[0] == "<s>" ? 0.0 : c / tokens;

  // p(w | h) for any h, backing off through the weights computed so far.
  auto backed_off = [&](const Gram& g, auto& self) -> double {
    const int n = static_cast<int>(g.size());
    if (auto it = by[n].prob.find(g); it != by[n].prob.end()) return it->second;
    if (n == 1) return 0.0;
    const Gram history(g.begin(), g.end() - 1);
    auto b = by[n - 1].bow.find(history);
    const double weight = b == by[n - 1].bow.end() ? 1.0 : b->second;
    return weight * self(Gram(g.begin() + 1, g.end()), self);
  };

  for (int n = 2; n <= order; ++n) {
    // c(h) and t(h) per history.
    std::map<Gram, std::pair<double, double>> hist;
    for (const auto& [g, c] : by[n].count) {
      auto& [total, types] = hist[Gram(g.begin(), g.end() - 1)];
      total += c;
      types += 1;
    }
    for (const auto& [g, c] : by[n].count) {
      const auto& [total, types] = hist[Gram(g.begin(), g.end() - 1)];
      by[n].prob[g] = c / (total + types);
    }
    // The back-off weight spreads what is left over the words never seen after h, in
    // proportion to their lower-order probability.
    std::map<Gram, std::pair<double, double>> mass;  // h -> (sum p(w|h), sum p_lower(w|h'))
    for (const auto& [g, p] : by[n].prob) {
      auto& [seen, lower] = mass[Gram(g.begin(), g.end() - 1)];
      seen += p;
      lower += backed_off(Gram(g.begin() + 1, g.end()), backed_off);
    }
    for (const auto& [h, m] : mass) {
      const double left = std::max(1.0 - m.first, 1e-9);
      const double room = std::max(1.0 - m.second, 1e-9);
      by[n - 1].bow[h] = left / room;
    }
  }

  std::ostringstream out;
  out << "\\data\\\n";
  for (int n = 1; n <= order; ++n) out << "ngram " << n << '=' << by[n].prob.size() << '\n';
  for (int n = 1; n <= order; ++n) {
    out << "\n\\" << n << "-grams:\n";
    for (const auto& [g, p] : by[n].prob) {
      out << log10_text(p);
      for (const std::string& w : g) out << (&w == &g.front() ? '\t' : ' ') << w;
      if (n < order) {
        auto b = by[n].bow.find(g);
        if (b != by[n].bow.end()) out << '\t' << log10_text(b->second);
      }
      out << '\n';
    }
  }
  out << "\n\\end\\\n";
  return out.str();
}

}  // namespace webox::speech
