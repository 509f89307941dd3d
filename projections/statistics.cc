#include "projections/statistics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>

#include "projections/call_list.h"
#include "projections/row_fields.h"

namespace webox {

namespace {


std::uint64_t to_u64(std::string_view s) {
  std::uint64_t v = 0;
  for (char c : s) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

template <class I>
void put_number(std::string& out, I v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

std::string encode_bucket(const Statistics::Bucket& b) {
  std::string o;
  o.reserve(256);
  for (auto v : {b.calls, b.ended, b.answered, b.duration_seconds, b.turns}) {
    put_number(o, v);
    o += ' ';
  }
  put_number(o, b.bookings);
  o += '\t';
  bool first = true;
  for (const auto& [k, v] : b.outcomes) {
    if (!v) continue;
    if (!first) o += ' ';
    o += k;
    o += '=';
    put_number(o, v);
    first = false;
  }
  o += '\t';
  for (int h = 0; h < 24; ++h) {
    if (h) o += ' ';
    put_number(o, b.hours[h]);
  }
  o += '\t';
  first = true;
  for (int i = 0; i < Statistics::kLatencyBins; ++i) {
    if (!b.latency[i]) continue;
    if (!first) o += ' ';
    put_number(o, i);
    o += ':';
    put_number(o, b.latency[i]);
    first = false;
  }
  return o;
}

Result<Statistics::Bucket> decode_bucket(std::string_view row) {
  auto corrupt = [] { return Error::make(Errc::corrupt, "stats: bad bucket row"); };
  auto parts = split_fields(row, '\t');
  if (parts.size() != 4) return corrupt();
  Statistics::Bucket b;
  auto counts = split_fields(parts[0], ' ');
  if (counts.size() != 6) return corrupt();
  b.calls = to_u64(counts[0]);
  b.ended = to_u64(counts[1]);
  b.answered = to_u64(counts[2]);
  b.duration_seconds = to_u64(counts[3]);
  b.turns = to_u64(counts[4]);
  b.bookings = to_u64(counts[5]);
  if (!parts[1].empty())
    for (auto kv : split_fields(parts[1], ' ')) {
      auto eq = kv.find('=');
      if (eq == std::string_view::npos) return corrupt();
      b.outcomes[std::string(kv.substr(0, eq))] = to_u64(kv.substr(eq + 1));
    }
  auto hours = split_fields(parts[2], ' ');
  if (hours.size() != 24) return corrupt();
  for (int h = 0; h < 24; ++h) b.hours[h] = to_u64(hours[h]);
  if (!parts[3].empty())
    for (auto kv : split_fields(parts[3], ' ')) {
      auto colon = kv.find(':');
      if (colon == std::string_view::npos) return corrupt();
      auto bin = to_u64(kv.substr(0, colon));
      if (bin >= Statistics::kLatencyBins) return corrupt();
      b.latency[bin] = to_u64(kv.substr(colon + 1));
    }
  return b;
}

std::string bucket_key(const Statistics::BucketKey& k) {
  return "b/" + std::get<0>(k) + "/" + std::get<1>(k) + "/" + std::get<2>(k);
}

void add(StatsTotals& t, const Statistics::Bucket& b,
         std::array<std::uint64_t, Statistics::kLatencyBins>& latency) {
  t.calls += b.calls;
  t.ended += b.ended;
  t.answered += b.answered;
  t.duration_seconds += b.duration_seconds;
  t.turns += b.turns;
  t.bookings += b.bookings;
  for (const auto& [k, v] : b.outcomes)
    if (v) t.outcomes[k] += v;
  for (int h = 0; h < 24; ++h) t.calls_by_hour[h] += b.hours[h];
  for (int i = 0; i < Statistics::kLatencyBins; ++i) latency[i] += b.latency[i];
}

void finish(StatsTotals& t, const std::array<std::uint64_t, Statistics::kLatencyBins>& latency) {
  t.average_duration_seconds = t.ended ? double(t.duration_seconds) / double(t.ended) : 0;
  t.average_turns = t.calls ? double(t.turns) / double(t.calls) : 0;
  for (auto n : latency) t.turn_latency.samples += n;
  t.turn_latency.p50_micros = latency_percentile(latency, 0.50);
  t.turn_latency.p95_micros = latency_percentile(latency, 0.95);
  t.turn_latency.p99_micros = latency_percentile(latency, 0.99);
}

}  // namespace

// Bin i holds latencies in [2^(i/4), 2^((i+1)/4)) microseconds: 19 % wide, 1 us .. 2^32 us.
int latency_bin(std::int64_t micros) {
  if (micros < 1) return 0;
  int bin = static_cast<int>(std::floor(4.0 * std::log2(static_cast<double>(micros))));
  return std::clamp(bin, 0, Statistics::kLatencyBins - 1);
}

std::int64_t latency_percentile(const std::array<std::uint64_t, Statistics::kLatencyBins>& h,
                                double p) {
  std::uint64_t total = 0;
  for (auto n : h) total += n;
  if (!total) return 0;
  auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(total)));
  rank = std::max<std::uint64_t>(rank, 1);
  std::uint64_t seen = 0;
  for (int i = 0; i < Statistics::kLatencyBins; ++i) {
    seen += h[i];
    if (seen >= rank)  // the bin's geometric middle
      return static_cast<std::int64_t>(std::llround(std::exp2((i + 0.5) / 4.0)));
  }
  return 0;
}

// -- folding --

TimeZone& Statistics::zone(const std::string& tenant) {
  auto it = zones_.find(tenant);
  if (it != zones_.end()) return it->second;
  auto name = zone_names_.find(tenant);
  return zones_.emplace(tenant, TimeZone::find_or_utc(name == zone_names_.end() ? "UTC"
                                                                                 : name->second))
      .first->second;
}

void Statistics::touch(Marks::value_type& m) {
  if (!m.second.slot) m.second.slot = &*buckets_.try_emplace(m.second.bucket).first;
  dirty_buckets_.insert(m.second.slot);
  if (!m.second.dirty) {
    m.second.dirty = true;
    dirty_marks_.push_back(&m);
  }
}

Statistics::Bucket* Statistics::bucket_of(const std::string& sid, Mark** mark) {
  auto it = marks_.find(sid);
  if (it == marks_.end()) return nullptr;
  *mark = &it->second;
  touch(*it);
  return &it->second.slot->second;
}

void Statistics::recount(Mark& m, Bucket& b) {
  CallSummary s;
  s.status = m.status;
  s.end_reason = m.end_reason;
  s.ended_at = m.ended_at;
  s.turns = m.turns;
  std::string now = call_outcome(s, m.facts);
  if (now == m.outcome) return;
  if (auto& old = b.outcomes[m.outcome]; old) --old;
  ++b.outcomes[now];
  m.outcome = now;
}

void Statistics::fold(const Envelope& e) {
  std::visit(
      [&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        Mark* m = nullptr;
        if constexpr (std::is_same_v<T, TenantCreated> || std::is_same_v<T, TenantUpdated>) {
          std::optional<std::string> tz;
          if constexpr (std::is_same_v<T, TenantCreated>) tz = ev.profile.time_zone;
          else tz = ev.time_zone;
          if (!tz) return;
          zone_names_[ev.tenant_id] = *tz;
          zones_.erase(ev.tenant_id);
          dirty_zones_.insert(ev.tenant_id);
        } else if constexpr (std::is_same_v<T, CallStarted>) {
          if (marks_.count(ev.call_sid)) return;
          LocalTime t = zone(e.tenant).local(e.recorded_at);
          Mark mk;
          mk.bucket = {e.tenant, ev.assistant_id, t.day_key()};
          auto& entry = *marks_.emplace(ev.call_sid, std::move(mk)).first;
          touch(entry);
          Bucket& b = entry.second.slot->second;
          ++b.calls;
          ++b.hours[t.hour];
          ++b.outcomes[entry.second.outcome];
        } else if constexpr (std::is_same_v<T, UtteranceTranscribed>) {
          Bucket* b = bucket_of(ev.call_sid, &m);
          if (!b || ev.turn < 1) return;
          if (ev.turn > m->turns) {  // a turn counts once, however often it is re-recorded
            b->turns += static_cast<std::uint64_t>(ev.turn - m->turns);
            m->turns = ev.turn;
          }
          m->last_turn = ev.turn;
          m->last_caller_at = e.recorded_at;
          recount(*m, *b);
        } else if constexpr (std::is_same_v<T, ReplyGenerated>) {
          Bucket* b = bucket_of(ev.call_sid, &m);
          if (!b) return;
          if (ev.turn >= 1 && ev.turn == m->last_turn && m->last_caller_at) {
            std::int64_t latency =
                std::max<std::int64_t>(e.recorded_at - m->last_caller_at, ev.brain_micros);
            ++b->latency[latency_bin(latency)];
            m->last_caller_at = 0;  // one sample per turn
          }
          if (ev.action == "transfer") m->facts.transferred = true;
          m->facts.listening = ev.action == "listen";
          recount(*m, *b);
        } else if constexpr (std::is_same_v<T, BookingConfirmed>) {
          Bucket* b = bucket_of(ev.call_sid, &m);
          if (!b) return;
          ++b->bookings;
          m->facts.booked = true;
          recount(*m, *b);
        } else if constexpr (std::is_same_v<T, BookingCancelled>) {
          Bucket* b = ev.call_sid.empty() ? nullptr : bucket_of(ev.call_sid, &m);
          if (!b) return;
          m->facts.cancelled = true;
          recount(*m, *b);
        } else if constexpr (std::is_same_v<T, TicketOpened>) {
          Bucket* b = bucket_of(ev.call_sid, &m);
          if (!b) return;
          m->facts.ticket = true;
          recount(*m, *b);
        } else if constexpr (std::is_same_v<T, AvailabilityChecked> ||
                             std::is_same_v<T, BookingRequested>) {
          Bucket* b = bucket_of(ev.call_sid, &m);
          if (!b) return;
          m->facts.booking_started = true;
          recount(*m, *b);
        } else if constexpr (std::is_same_v<T, QuestionAnswered>) {
          Bucket* b = bucket_of(ev.call_sid, &m);
          if (!b || !ev.answered) return;
          m->facts.answered_question = true;
          recount(*m, *b);
        } else if constexpr (std::is_same_v<T, CallEnded>) {
          Bucket* b = bucket_of(ev.call_sid, &m);
          if (!b || m->ended_at) return;
          m->ended_at = e.recorded_at;
          m->status = ev.status;
          m->end_reason = ev.reason;
          ++b->ended;
          b->duration_seconds += static_cast<std::uint64_t>(std::max(ev.duration_seconds, 0));
          recount(*m, *b);
          if (m->outcome != "missed" && m->outcome != "rejected") ++b->answered;
        }
      },
      e.data);
}

void Statistics::flush(RowSink& out) {
  for (auto* b : dirty_buckets_) out.put(bucket_key(b->first), encode_bucket(b->second));
  std::string key, row;
  for (auto* entry : dirty_marks_) {
    const Mark& m = entry->second;
    row.clear();
    for (const std::string* f : {&std::get<0>(m.bucket), &std::get<1>(m.bucket),
                                 &std::get<2>(m.bucket), &m.status, &m.end_reason, &m.outcome}) {
      row += *f;
      row += '\t';
    }
    for (std::int64_t v : {std::int64_t{m.turns}, std::int64_t{m.last_turn}, m.last_caller_at,
                           m.ended_at}) {
      put_number(row, v);
      row += '\t';
    }
    for (bool flag : {m.facts.booked, m.facts.transferred, m.facts.answered_question,
                      m.facts.cancelled, m.facts.ticket, m.facts.booking_started})
      row.append(flag ? "1\t" : "0\t");
    row += m.facts.listening ? '1' : '0';
    key.assign("m/").append(entry->first);
    out.put(key, row);
    entry->second.dirty = false;
  }
  for (const auto& t : dirty_zones_) out.put("z/" + t, zone_names_[t]);
  dirty_buckets_.clear();
  dirty_marks_.clear();
  dirty_zones_.clear();
}

Status Statistics::load(std::string_view key, std::string_view value) {
  auto corrupt = [&] { return Error::make(Errc::corrupt, "stats: bad row " + std::string(key)); };
  if (key.starts_with("z/")) {
    zone_names_[std::string(key.substr(2))] = std::string(value);
    return {};
  }
  if (key.starts_with("b/")) {
    auto parts = split_fields(key.substr(2), '/');
    if (parts.size() != 3) return corrupt();
    auto b = decode_bucket(value);
    if (!b) return std::move(b).error();
    buckets_[{std::string(parts[0]), std::string(parts[1]), std::string(parts[2])}] = *b;
    return {};
  }
  if (key.starts_with("m/")) {
    auto f = split_fields(value, '\t');
    if (f.size() != 17) return corrupt();
    Mark m;
    m.bucket = {std::string(f[0]), std::string(f[1]), std::string(f[2])};
    m.status = f[3];
    m.end_reason = f[4];
    m.outcome = f[5];
    m.turns = static_cast<std::int32_t>(to_u64(f[6]));
    m.last_turn = static_cast<std::int32_t>(to_u64(f[7]));
    m.last_caller_at = static_cast<Micros>(to_u64(f[8]));
    m.ended_at = static_cast<Micros>(to_u64(f[9]));
    m.facts = {.booked = f[10] == "1", .cancelled = f[13] == "1", .ticket = f[14] == "1",
               .booking_started = f[15] == "1", .transferred = f[11] == "1",
               .answered_question = f[12] == "1", .listening = f[16] == "1"};
    marks_[std::string(key.substr(2))] = std::move(m);
    return {};
  }
  return corrupt();
}

void Statistics::reset() {
  buckets_.clear();
  marks_.clear();
  zone_names_.clear();
  zones_.clear();
  dirty_buckets_.clear();
  dirty_marks_.clear();
  dirty_zones_.clear();
}

// -- queries --

std::string Statistics::time_zone(const std::string& tenant) const {
  std::shared_lock lock(mutex());
  auto it = zone_names_.find(tenant);
  return it == zone_names_.end() ? "UTC" : it->second;
}

StatsView Statistics::query(const StatsQuery& q) const {
  StatsView v;
  using Hist = std::array<std::uint64_t, kLatencyBins>;
  Hist total{};
  std::map<std::string, Hist> by_assistant, by_day;
  {
    std::shared_lock lock(mutex());
    auto it = q.tenant_id.empty() ? buckets_.begin()
                                  : buckets_.lower_bound({q.tenant_id, "", ""});
    for (; it != buckets_.end(); ++it) {
      const auto& [tenant, assistant, day] = it->first;
      if (!q.tenant_id.empty() && tenant != q.tenant_id) break;
      if (!q.assistant_id.empty() && assistant != q.assistant_id) continue;
      if (!q.from_day.empty() && day < q.from_day) continue;
      if (!q.to_day.empty() && day > q.to_day) continue;
      add(v.total, it->second, total);
      add(v.by_assistant[assistant], it->second, by_assistant[assistant]);
      add(v.by_day[day], it->second, by_day[day]);
    }
  }
  finish(v.total, total);
  for (auto& [k, t] : v.by_assistant) finish(t, by_assistant[k]);
  for (auto& [k, t] : v.by_day) finish(t, by_day[k]);
  return v;
}

}  // namespace webox
