// NATS.c behind JetStream (jetstream.h). The C library hands back raw pointers and runs
// callbacks on its own threads; State is what those callbacks may touch.
#include "adapters/nats/jetstream.h"

#include <nats/nats.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace webox::nats {

struct JetStream::State {
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  std::atomic<bool> open{false};

  std::mutex m;
  std::function<void()> on_closed;  // under m
  std::condition_variable answered;
  std::uint64_t published = 0;  // since the last wait_acks, under m
  std::uint64_t answers = 0;    // acks and refusals among them, under m
  Acks acks;                    // under m
};

namespace {

using State = JetStream::State;

Error unavailable(std::string what, natsStatus s) {
  std::string text = what + ": " + natsStatus_GetText(s);
  if (const char* last = nats_GetLastError(nullptr); last && *last && text.find(last) == std::string::npos)
    text += std::string(" (") + last + ")";
  return Error::make(Errc::unavailable, std::move(text));
}

// Every answer to an asynchronous publish, positive or not, from NATS.c's reply thread.
void on_ack(jsCtx*, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae, void* closure) {
  auto* st = static_cast<State*>(closure);
  {
    std::lock_guard lock(st->m);
    if (pa) {
      ++st->acks.acked;
      if (pa->Duplicate) ++st->acks.duplicates;
    } else {
      const char* id = nullptr;
      if (natsMsgHeader_Get(msg, "Nats-Msg-Id", &id) != NATS_OK || !id) id = "";
      st->acks.failed_ids.emplace_back(id);
      if (st->acks.first_error.empty())
        st->acks.first_error = pae && pae->ErrText ? pae->ErrText
                               : pae              ? natsStatus_GetText(pae->Err)
                                                  : "refused";
    }
    ++st->answers;
  }
  st->answered.notify_all();
  natsMsg_Destroy(msg);  // ours to destroy with an AckHandler (nats.h)
}

// on_closed runs under st.m so that once ~JetStream has cleared it (under st.m too), it never
// runs again: the owner of what it touches may be gone by the time NATS.c closes.
void mark_closed(State& st) {
  std::lock_guard lock(st.m);
  st.open = false;
  st.answered.notify_all();
  if (st.on_closed) st.on_closed();
}

void on_disconnected(natsConnection*, void* closure) {
  mark_closed(**static_cast<std::shared_ptr<State>*>(closure));
}

// The closed callback is NATS.c's last for a connection: it owns the reference that keeps
// State alive for the callbacks, and drops it.
void on_closed(natsConnection*, void* closure) {
  auto* keep = static_cast<std::shared_ptr<State>*>(closure);
  mark_closed(**keep);
  delete keep;
}

}  // namespace

Result<std::unique_ptr<JetStream>> JetStream::connect(JetStreamOptions options) {
  if (options.url.empty()) return Error::invalid("nats_url", "must not be empty");
  auto st = std::make_shared<State>();
  st->on_closed = std::move(options.on_closed);

  natsOptions* opts = nullptr;
  natsStatus s = natsOptions_Create(&opts);
  if (s != NATS_OK) return unavailable("cannot create NATS options", s);
  auto* keep = new std::shared_ptr<State>(st);
  s = natsOptions_SetURL(opts, options.url.c_str());
  if (s != NATS_OK) {
    natsOptions_Destroy(opts);
    delete keep;
    return Error::invalid("nats_url", "not a NATS URL: \"" + options.url + "\" (" +
                                          natsStatus_GetText(s) + ")");
  }
  if (s == NATS_OK) s = natsOptions_SetName(opts, options.client_name.c_str());
  if (s == NATS_OK) s = natsOptions_SetTimeout(opts, options.connect_timeout.count());
  if (s == NATS_OK) s = natsOptions_SetAllowReconnect(opts, false);
  // The disconnected callback shares `keep`: with reconnection off it always comes before the
  // closed one, which frees it.
  if (s == NATS_OK) s = natsOptions_SetDisconnectedCB(opts, on_disconnected, keep);
  if (s == NATS_OK) s = natsOptions_SetClosedCB(opts, on_closed, keep);
  if (s == NATS_OK) s = natsConnection_Connect(&st->nc, opts);
  natsOptions_Destroy(opts);
  if (s != NATS_OK) {
    delete keep;  // a connection that never opened calls no callback
    return unavailable("cannot connect to NATS at " + options.url, s);
  }
  st->open = true;

  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = options.api_timeout.count();
  jo.PublishAsync.AckHandler = on_ack;
  jo.PublishAsync.AckHandlerClosure = st.get();
  s = natsConnection_JetStream(&st->js, st->nc, &jo);
  std::unique_ptr<JetStream> out(new JetStream());
  out->state_ = std::move(st);  // from here the destructor cleans up
  if (s != NATS_OK) return unavailable("cannot open JetStream at " + options.url, s);
  return out;
}

JetStream::~JetStream() {
  if (!state_) return;
  // Pending publishes are dropped with the context: what they carried was not acknowledged,
  // so whoever published it will publish it again.
  bool unanswered = false;
  {
    std::lock_guard lock(state_->m);
    unanswered = state_->published > state_->answers;
    state_->on_closed = nullptr;
  }
  // Only then: NATS.c 3.4.1 crashes listing the pending publishes of a context that never had any.
  if (state_->js && unanswered) {
    natsMsgList pending{};
    if (js_PublishAsyncGetPendingList(&pending, state_->js) == NATS_OK)
      natsMsgList_Destroy(&pending);
  }
  if (state_->nc) natsConnection_Close(state_->nc);
  if (state_->js) jsCtx_Destroy(state_->js);
  if (state_->nc) natsConnection_Destroy(state_->nc);
}

bool JetStream::connected() const { return state_->open.load(); }

Result<bool> JetStream::ensure_stream(const StreamSpec& spec) {
  jsStreamInfo* si = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&si, state_->js, spec.name.c_str(), nullptr, &jerr);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(si);
    return false;
  }
  if (s != NATS_NOT_FOUND) return unavailable("cannot look up stream " + spec.name, s);

  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  cfg.Name = spec.name.c_str();
  const char* subjects[] = {spec.subject.c_str()};
  cfg.Subjects = subjects;
  cfg.SubjectsLen = 1;
  cfg.Storage = js_FileStorage;
  s = js_AddStream(&si, state_->js, &cfg, nullptr, &jerr);
  if (s != NATS_OK)
    return unavailable("cannot create stream " + spec.name + " (JetStream error " +
                           std::to_string(static_cast<int>(jerr)) + ")",
                       s);
  jsStreamInfo_Destroy(si);
  return true;
}

Result<StreamState> JetStream::stream_state(const std::string& name) {
  jsStreamInfo* si = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&si, state_->js, name.c_str(), nullptr, &jerr);
  if (s == NATS_NOT_FOUND) return Error::make(Errc::not_found, "no stream " + name);
  if (s != NATS_OK) return unavailable("cannot look up stream " + name, s);
  StreamState out{si->State.Msgs, si->State.FirstSeq, si->State.LastSeq};
  jsStreamInfo_Destroy(si);
  return out;
}

Status JetStream::publish_async(const std::string& subject, std::string_view payload,
                                const std::string& msg_id) {
  if (!state_->open) return Error::make(Errc::unavailable, "the NATS connection is closed");
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MsgId = msg_id.c_str();
  natsStatus s = js_PublishAsync(state_->js, subject.c_str(), payload.data(),
                                 static_cast<int>(payload.size()), &po);
  if (s != NATS_OK) return unavailable("cannot publish on " + subject, s);
  std::lock_guard lock(state_->m);
  ++state_->published;
  return {};
}

Result<Acks> JetStream::wait_acks(std::chrono::milliseconds timeout) {
  State& st = *state_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // In slices, so that a lost connection ends the wait at once instead of at the deadline:
  // NATS.c does not fail the pending publishes of a connection that closed.
  for (;;) {
    if (!st.open) return Error::make(Errc::unavailable, "the NATS connection was lost");
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return Error::make(Errc::unavailable, "JetStream did not acknowledge within " +
                                                std::to_string(timeout.count()) + " ms");
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MaxWait = std::min<std::int64_t>(left.count(), 100);
    natsStatus s = js_PublishAsyncComplete(st.js, &po);
    if (s == NATS_OK) break;
    if (s != NATS_TIMEOUT) return unavailable("waiting for JetStream acknowledgements", s);
  }
  // Complete() counts a message answered before its callback has run: wait for the callbacks.
  std::unique_lock lock(st.m);
  if (!st.answered.wait_until(lock, deadline, [&] { return st.answers >= st.published; }))
    return Error::make(Errc::unavailable, "JetStream acknowledgements were not all delivered");
  Acks out = std::move(st.acks);
  st.acks = {};
  st.published = st.answers = 0;
  return out;
}

}  // namespace webox::nats
