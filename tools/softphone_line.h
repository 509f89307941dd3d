// One Media Stream played as Twilio plays it, over a real WebSocket to the engine: the
// softphone's phone line. Beast stays in softphone_line.cc.
//
//   auto line = StreamLine::open(*engine_url, answer, token, identity, /*speed=*/1.0);
//   // connected + start sent; from now on a frame leaves every 20 ms (speech or μ-law silence)
//   (*line)->wait([&] { return (*line)->replies().size() == 1; }, deadline);  // the greeting
//   (*line)->say(mulaw_8k);                       // queued as 160-byte frames, then silence
//   (*line)->wait([&] { return (*line)->spoken(); }, deadline);
//   (*line)->wait([&] { return (*line)->replies().size() == 2; }, deadline);
//   (*line)->hang_up();                           // stop, then close
//
// Contract:
// - open(): TCP to `engine` (--url's host and port; the Stream url's host is the public one),
//   the WebSocket handshake on `answer.path` with X-Twilio-Signature over `answer.url` and no
//   parameters, as Twilio signs it (http/twilio_gate.h check_stream_handshake). A refused
//   handshake is Errc::forbidden with the status; a failed connection Errc::unavailable.
// - Nothing happens between wait() calls: every send, read and mark echo runs inside wait().
//   Frames leave on FramePacer's absolute schedule, so time spent outside wait() is made up.
// - The engine's frames: media is queued on the Playout (softphone_clock.h) and counted into
//   the reply in progress (audio after a mark starts the next reply, even before that mark's
//   echo); each mark is echoed once its audio has played, which ends its reply; clear marks the
//   open replies interrupted, ends one that had no mark yet and echoes the pending marks at once. An engine frame the
//   softphone cannot read is counted in bad_frames() and otherwise ignored.
// - The engine closing the socket (its goodbye) ends the line: closed() turns true and a reply
//   with audio but no echoed mark is closed as the last one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/result.h"
#include "tools/http_client.h"
#include "tools/softphone_clock.h"
#include "tools/softphone_wire.h"

namespace webox::tools::softphone {

struct Reply {
  std::string mark;                             // "turn-3"; empty when the engine hung up first
  std::size_t audio_bytes = 0;                  // μ-law at 8 kHz: 8 bytes per ms
  std::optional<Clock::time_point> first_audio;  // the reply's first media frame
  bool interrupted = false;                     // a clear came before its mark

  [[nodiscard]] std::int64_t audio_ms() const { return static_cast<std::int64_t>(audio_bytes / 8); }
};

class StreamLine {
 public:
  [[nodiscard]] static Result<std::unique_ptr<StreamLine>> open(const Url& engine,
                                                                const StreamAnswer& answer,
                                                                const std::string& auth_token,
                                                                StreamIdentity identity,
                                                                double speed);
  ~StreamLine();
  StreamLine(const StreamLine&) = delete;
  StreamLine& operator=(const StreamLine&) = delete;

  // Queues the caller's speech, μ-law at 8 kHz (the last frame is padded with silence).
  void say(std::span<const std::uint8_t> mulaw);
  // Queues keypad keys as dtmf messages, 100 ms of line time apart.
  void press(std::string_view keys);

  // Runs the line until done() holds (true), `deadline` passes or the engine closes (false).
  bool wait(const std::function<bool()>& done, Clock::time_point deadline);

  // Sends stop and closes; waits at most `grace` for the close to finish. Idempotent.
  void hang_up(Micros grace = Micros(2'000'000));

  // -- observers --
  [[nodiscard]] bool spoken() const;              // everything queued has been sent
  [[nodiscard]] bool hearing() const;             // a reply has begun and is not over
  [[nodiscard]] Clock::time_point speech_ended() const;  // the last speech frame or key sent
  [[nodiscard]] Clock::time_point started() const;       // `start` sent
  [[nodiscard]] const std::vector<Reply>& replies() const;
  [[nodiscard]] bool closed() const;              // the engine closed (or the socket failed)
  [[nodiscard]] std::string close_reason() const;
  [[nodiscard]] std::uint64_t frames_sent() const;
  [[nodiscard]] std::uint64_t bad_frames() const;

  struct Impl;

 private:
  explicit StreamLine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace webox::tools::softphone
