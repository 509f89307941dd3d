#include "tools/projections_command.h"

#include <chrono>
#include <filesystem>

#include "events/uuid.h"
#include "projections/projector.h"
#include "projections/read_models.h"

namespace webox {
namespace {

struct Args {
  std::string action, model, data_dir;
  bool help = false;
};

Result<Args> parse(const std::vector<std::string>& args, char** env) {
  Args a;
  a.data_dir = env_value(env, "WEBOX_DATA");
  if (a.data_dir.empty()) a.data_dir = "./data";
  std::vector<std::string> words;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& w = args[i];
    if (w == "-h" || w == "--help") {
      a.help = true;
    } else if (w == "--data" || w.starts_with("--data=")) {
      std::string v = w == "--data" ? (i + 1 < args.size() ? args[++i] : "") : w.substr(7);
      if (v.empty()) return Error::invalid("--data", "--data needs a directory");
      a.data_dir = v;
    } else if (w.starts_with("-")) {
      return Error::invalid(w, "unknown option " + w);
    } else {
      words.push_back(w);
    }
  }
  if (a.help) return a;
  if (words.empty() || (words[0] != "rebuild" && words[0] != "verify"))
    return Error::invalid("action", "expected rebuild or verify");
  if (words.size() > 2) return Error::invalid(words[2], "unexpected argument \"" + words[2] + "\"");
  a.action = words[0];
  if (words.size() == 2) a.model = words[1];
  return a;
}

std::string names(ReadModels& models) {
  std::string out;
  for (auto* m : models.all()) out += (out.empty() ? "" : ", ") + std::string(m->name());
  return out;
}

// The first line where two dumps differ, for the report.
std::string first_difference(const std::string& a, const std::string& b) {
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  auto line = [&](const std::string& s) {
    auto start = s.rfind('\n', i == 0 ? 0 : i - 1);
    start = start == std::string::npos ? 0 : start + 1;
    return s.substr(start, std::min<std::size_t>(s.find('\n', start) - start, 200));
  };
  return "kept:    " + line(a) + "\nrebuilt: " + line(b);
}

}  // namespace

std::string projections_help() {
  return "usage: webox projections rebuild|verify [NAME] [--data DIR]\n"
         "\n"
         "  rebuild   drop the read models' rows and fold the whole log again (engine stopped)\n"
         "  verify    rebuild aside and compare with the kept rows, byte for byte\n"
         "  NAME      one read model (calls, stats, billing, bookings); default: all of them\n"
         "  --data    the engine's data directory (env WEBOX_DATA, default ./data)\n";
}

int run_projections(const std::vector<std::string>& args, ToolIo io) {
  auto a = parse(args, io.env);
  if (!a) {
    io.err << "webox projections: " << a.error().message << "\n(see webox projections --help)\n";
    return kExitUsage;
  }
  if (a->help) {
    io.out << projections_help();
    return kExitOk;
  }
  ReadModels models;
  std::vector<ReadModel*> chosen = models.all();
  if (!a->model.empty()) {
    ReadModel* m = models.find(a->model);
    if (!m) {
      io.err << "webox projections: no read model \"" << a->model << "\" (known: "
             << names(models) << ")\n";
      return kExitUsage;
    }
    chosen = {m};
  }
  auto fail = [&](const Error& e) {
    io.err << "webox projections: " << e.message << "\n";
    return kExitFailed;
  };
  namespace fs = std::filesystem;
  const fs::path data(a->data_dir);
  if (!fs::exists(data / "events" / "CURRENT"))
    return fail(Error::make(Errc::not_found, "no event log in " + (data / "events").string()));
  auto log = EventLog::open((data / "events").string(), {.create_if_missing = false});
  if (!log) return fail(log.error());
  auto store = ReadModelStore::open((data / "readmodels").string());
  if (!store)
    return fail(Error::make(store.error().code, store.error().message +
                                                    " (is `webox serve` running? stop it first)"));

  if (a->action == "rebuild") {
    auto t0 = std::chrono::steady_clock::now();
    auto n = rebuild(**log, **store, chosen);
    if (!n) return fail(n.error());
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string which;
    for (auto* m : chosen) which += (which.empty() ? "" : ", ") + std::string(m->name());
    io.out << "rebuilt " << which << ": " << *n << " events in " << s << " s ("
           << static_cast<std::uint64_t>(s > 0 ? double(*n) / s : 0) << " events/s)\n";
    return kExitOk;
  }

  // verify
  if (auto n = catch_up(**log, **store, chosen); !n) return fail(n.error());
  const fs::path scratch = fs::temp_directory_path() / ("webox-verify-" + Uuid::random().str());
  struct Cleanup {
    fs::path p;
    ~Cleanup() { std::error_code ec; fs::remove_all(p, ec); }
  } cleanup{scratch};
  auto aside = ReadModelStore::open(scratch.string());
  if (!aside) return fail(aside.error());
  ReadModels fresh;
  std::vector<ReadModel*> fresh_chosen;
  for (auto* m : chosen) fresh_chosen.push_back(fresh.find(m->name()));
  if (auto n = rebuild(**log, **aside, fresh_chosen); !n) return fail(n.error());
  int code = kExitOk;
  for (auto* m : chosen) {
    auto kept = (*store)->dump(m->name());
    auto rebuilt = (*aside)->dump(m->name());
    if (!kept) return fail(kept.error());
    if (!rebuilt) return fail(rebuilt.error());
    std::size_t rows = static_cast<std::size_t>(std::count(kept->begin(), kept->end(), '\n'));
    if (*kept == *rebuilt) {
      io.out << m->name() << ": " << rows << " rows, equal to a rebuild from position 0\n";
    } else {
      io.out << m->name() << ": DIFFERS from a rebuild from position 0\n"
             << first_difference(*kept, *rebuilt) << "\n";
      code = kExitFailed;
    }
  }
  return code;
}

}  // namespace webox
