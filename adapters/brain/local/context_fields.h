// Reading one JSON object of context_data key by key, naming every bad field by its full path.
//
//   FieldReader r(obj, "services[1]", problems);       // obj: {"name": "Pneus", "duration_minutes": 0}
//   r.text("name")                        -> "Pneus"
//   r.integer("duration_minutes", 1, 1440) -> nullopt, and problems gains
//                                            Error::invalid("services[1].duration_minutes", ...)
//   r.each("keywords", ...)               // absent: nothing happens, nothing is reported
//
// Contract: an absent key or a JSON null is "not given" (nullopt, no problem); a key of the
// wrong type or out of range is reported once, with its path, and yields nullopt. Problems are
// appended in reading order, so parse_context's "first bad field" is the first one read.
// Internal to context.cc and trade_facts.cc.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/result.h"

namespace webox::brain {

class FieldReader {
 public:
  FieldReader(simdjson::dom::object obj, std::string path, std::vector<Error>& problems)
      : obj_(obj), path_(std::move(path)), problems_(problems) {}

  // "services[1]" + "name" -> "services[1].name"; "" + "trade" -> "trade".
  std::string path_of(std::string_view key) const;
  void report(std::string_view key, std::string message);
  std::size_t problem_count() const { return problems_.size(); }

  std::optional<simdjson::dom::element> get(std::string_view key) const;  // absent or null: nullopt
  // A string; a number is taken as its text when `numbers_as_text` (a price written 89).
  std::optional<std::string> text(std::string_view key, bool numbers_as_text = false);
  std::optional<int> integer(std::string_view key, int min, int max);
  std::optional<int> clock(std::string_view key);  // "15:00" -> 900
  // A string, or a list of strings (joined with `glue`): free text a business may split.
  std::optional<std::string> text_or_lines(std::string_view key, std::string_view glue);
  // A list of strings; a lone string is a list of one.
  std::optional<std::vector<std::string>> strings(std::string_view key);

  // Calls read(FieldReader&) for each object of the list at `key`, with the entry's path
  // ("services[2]"); an entry that added problems is dropped, the others kept.
  template <class T, class Read>
  std::vector<T> each(std::string_view key, Read read) {
    std::vector<T> out;
    auto e = get(key);
    if (!e) return out;
    simdjson::dom::array list;
    if (e->get_array().get(list)) {
      report(key, "must be a list of objects");
      return out;
    }
    std::size_t i = 0;
    for (simdjson::dom::element item : list) {
      const std::string path = path_of(key) + "[" + std::to_string(i++) + "]";
      simdjson::dom::object entry;
      if (item.get_object().get(entry)) {
        problems_.push_back(Error::invalid(path, "must be an object"));
        continue;
      }
      FieldReader sub(entry, path, problems_);
      const auto before = problems_.size();
      T value = read(sub);
      if (problems_.size() == before) out.push_back(std::move(value));
    }
    return out;
  }

 private:
  simdjson::dom::object obj_;
  std::string path_;
  std::vector<Error>& problems_;
};

struct BusinessContext;

// The keys each trade adds (trade, services, practitioners, rooms, check_in, check_out, orders,
// returns_policy, menu, faq, emergency_number), read into `c`; trade_facts.cc.
void read_trade_facts(FieldReader& root, BusinessContext& c);

}  // namespace webox::brain
