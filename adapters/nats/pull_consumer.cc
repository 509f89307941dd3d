#include "adapters/nats/pull_consumer.h"

#include <nats/nats.h>

#include "events/uuid.h"

namespace webox::nats {

struct PullConsumer::Handles {
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  natsSubscription* sub = nullptr;
  ~Handles() {
    if (sub) natsSubscription_Destroy(sub);
    if (js) jsCtx_Destroy(js);
    if (nc) natsConnection_Destroy(nc);
  }
};

namespace {

Error unavailable(const std::string& what, natsStatus s) {
  return Error::make(Errc::unavailable, what + ": " + natsStatus_GetText(s));
}

}  // namespace

PullConsumer::~PullConsumer() = default;

Result<std::unique_ptr<PullConsumer>> PullConsumer::open(PullConsumerOptions options) {
  std::unique_ptr<PullConsumer> out(new PullConsumer());
  out->h_ = std::make_unique<Handles>();
  Handles& h = *out->h_;
  natsStatus s = natsConnection_ConnectTo(&h.nc, options.url.c_str());
  if (s != NATS_OK) return unavailable("cannot connect to NATS at " + options.url, s);
  s = natsConnection_JetStream(&h.js, h.nc, nullptr);
  if (s != NATS_OK) return unavailable("cannot open JetStream", s);

  const std::string durable = "webox-reader-" + Uuid::random().str().substr(0, 8);
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = options.stream.c_str();
  so.Config.AckPolicy = js_AckAll;
  so.Config.DeliverPolicy = js_DeliverAll;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  s = js_PullSubscribe(&h.sub, h.js, options.filter.c_str(), durable.c_str(), nullptr, &so,
                       &jerr);
  if (s != NATS_OK)
    return unavailable("cannot pull-subscribe to " + options.stream + " (JetStream error " +
                           std::to_string(static_cast<int>(jerr)) + ")",
                       s);
  return out;
}

Result<std::vector<Received>> PullConsumer::fetch(int max, std::chrono::milliseconds wait) {
  natsMsgList list{};
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = natsSubscription_Fetch(&list, h_->sub, max, wait.count(), &jerr);
  std::vector<Received> out;
  if (s == NATS_TIMEOUT) return out;
  if (s != NATS_OK) return unavailable("cannot fetch", s);
  out.reserve(static_cast<std::size_t>(list.Count));
  for (int i = 0; i < list.Count; ++i) {
    natsMsg* m = list.Msgs[i];
    Received r;
    r.subject = natsMsg_GetSubject(m);
    r.data.assign(natsMsg_GetData(m), static_cast<std::size_t>(natsMsg_GetDataLength(m)));
    const char* id = nullptr;
    if (natsMsgHeader_Get(m, "Nats-Msg-Id", &id) == NATS_OK && id) r.msg_id = id;
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, m) == NATS_OK) {
      r.stream_sequence = meta->Sequence.Stream;
      jsMsgMetaData_Destroy(meta);
    }
    out.push_back(std::move(r));
  }
  // AckAll: acknowledging the last acknowledges the batch.
  if (list.Count > 0) natsMsg_Ack(list.Msgs[list.Count - 1], nullptr);
  natsMsgList_Destroy(&list);
  return out;
}

}  // namespace webox::nats
