#include "tools/serve.h"
#include "tools/local_speech.h"

#include <signal.h>

#include <cstdio>
#include <iostream>
#include <optional>

#include "tools/config.h"

extern char** environ;

namespace webox {
namespace {

// Shown once, on the first start of an empty data directory: the only time these secrets are
// ever printed. Later starts say where they went instead.
void print_first_start(const FirstStart& fs) {
  std::printf(
      "First start: tenant \"%s\" was created. Save these now, they are not shown again:\n"
      "  Owner API key:       %s\n"
      "  Twilio auth token:   %s%s\n"
      "\n",
      fs.tenant_id.c_str(), fs.owner_key.c_str(), fs.twilio_auth_token.c_str(),
      fs.generated_auth_token
          ? "\n                       (generated for local tries; when you connect Twilio, set "
            "yours:\n                        PATCH /api/v1/tenants/default "
            "{\"twilio_auth_token\": \"...\"})"
          : " (from your configuration)");
}

void print_welcome(const ServeConfig& cfg, std::uint16_t port, std::size_t assistants,
                   const std::optional<FirstStart>& first) {
  std::string local = "http://" + (cfg.host().find(':') != std::string::npos
                                       ? "[" + cfg.host() + "]"
                                       : cfg.host()) + ":" + std::to_string(port);
  std::string pub = cfg.public_base_url(port);
  if (first) print_first_start(*first);
  std::string key = first ? first->owner_key : "$WEBOX_KEY";
  std::string token = first ? first->twilio_auth_token : "$TWILIO_AUTH_TOKEN";
  std::printf(
      "WeBox Voice listening on %s (data: %s, brain: local, %zu assistant(s))\n"
      "\n"
      "Next steps:\n"
      "  1. Create an assistant for your Twilio number:\n"
      "       curl -s -X POST %s/api/v1/assistants -H 'Authorization: Bearer %s' \\\n"
      "         -H 'Content-Type: application/json' -d '{\n"
      "         \"name\": \"Chez Marcel\", \"phone_number\": \"+33123456789\", \"language\": \"fr\",\n"
      "         \"context_data\": {\"business_name\": \"Chez Marcel\", \"capacity\": 8,\n"
      "           \"address\": \"12 rue de la Paix, Paris\"}}'\n"
      "  2. Try a call without Twilio (type what the caller says, empty line = silence):\n"
      "       build/webox simulate --to +33123456789 --url %s --auth-token %s\n"
      "  3. Point a Twilio number at the engine (Twilio console > Phone Numbers > your number):\n"
      "       A call comes in:      Webhook  POST %s/twilio/voice\n"
      "       Call status changes:           POST %s/twilio/status\n"
      "     Twilio must reach this address: run behind a public HTTPS proxy and pass --public-url.\n"
      "     Every webhook must carry Twilio's signature, made with the tenant's auth token.\n"
      "  The call's events: curl -H 'Authorization: Bearer %s' %s/api/v1/calls/<CallSid>/events\n"
      "  Health: %s/healthz   Metrics: %s/metrics\n"
      "\n"
      "Stop with Ctrl-C (SIGINT) or SIGTERM.\n",
      local.c_str(), cfg.data_dir.c_str(), assistants, local.c_str(), key.c_str(), local.c_str(),
      token.c_str(), pub.c_str(), pub.c_str(), key.c_str(), local.c_str(), local.c_str(),
      local.c_str());
  if (cfg.twilio_signatures == "off")
    std::printf("\nWARNING: X-Twilio-Signature checking is OFF (twilio_signatures = off). Anyone "
                "who can reach this server can drive calls. Use this only for development.\n");
  std::fflush(stdout);
}

std::size_t count_assistants(Engine& engine) {
  std::size_t n = 0;
  engine.list_assistants(Scope{}, [&](Result<std::vector<AssistantView>> r) {
    if (r) n = r->size();
  });
  return n;
}

}  // namespace

int run_serve(const std::vector<std::string>& args) {
  auto cfg = load_serve_config(args, environ);
  if (!cfg) {
    std::cerr << "webox serve: " << cfg.error().message << "\n(see webox serve --help)\n";
    return 2;
  }
  if (cfg->help_requested) {
    std::cout << serve_help();
    return 0;
  }
  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // only sigwait() below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  EngineOptions options = to_engine_options(*cfg);
  options.speech = start_local_speech(options.speech);
  auto engine = start_engine(std::move(options));
  if (!engine) {
    std::cerr << "webox serve: cannot start the engine: " << engine.error().message << "\n";
    return 1;
  }
  auto server = HttpServer::start(**engine, to_http_options(*cfg));
  if (!server) {
    std::cerr << "webox serve: cannot listen on " << cfg->listen << ": "
              << server.error().message << "\n";
    (*engine)->shutdown();
    return 1;
  }
  print_welcome(*cfg, (*server)->port(), count_assistants(**engine), (*engine)->first_start());

  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::printf("\nwebox serve: %s received, stopping: no new calls, finishing requests...\n",
              sig == SIGINT ? "SIGINT" : "SIGTERM");
  std::fflush(stdout);
  (*engine)->stop_accepting();
  (*server)->stop(cfg->shutdown_grace_ms);
  std::printf("webox serve: event log: %s\n", (*engine)->log_report().c_str());
  (*engine)->shutdown();
  std::printf("webox serve: stopped cleanly, event log closed.\n");
  return 0;
}

}  // namespace webox
