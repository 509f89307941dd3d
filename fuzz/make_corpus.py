#!/usr/bin/env python3
"""Writes the seed inputs of fuzz/corpus/<target>/ from the repository's data files and a few
handmade edge cases. Seeds are named seed-*; inputs found by fuzzing and kept on purpose (tools/dev
fuzz --save) have libFuzzer's hash names and are left alone. Run again after changing tests/data:

    python3 fuzz/make_corpus.py
"""
import csv
import glob
import os
import re
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def text(s):
    """One text field of fuzz/input.h's Input: backslashes doubled, ended by backslash + 'x'."""
    if isinstance(s, str):
        s = s.encode()
    return s.replace(b"\\", b"\\\\") + b"\\x"


def main():
    forms = sorted(glob.glob(os.path.join(ROOT, "tests/data/twilio/*.form")))
    form_edges = {
        "empty-segments": "a=1&&b=2&",
        "bad-escape": "SpeechResult=caf%G9",
        "truncated-escape": "Digits=%4",
        "lone-percent": "%",
        "key-only": "k",
        "empty-pair": "=",
        "plus-and-spaces": "a+b=c+d+%2B",
        "utf8": "%C3%A9=%F0%9F%98%80&Caller=%E2%82%AC",
        "invalid-utf8": "x=%ff%fe",
        "overlong-utf8": "x=%C0%AF",
        "surrogate-utf8": "x=%ED%A0%80",
        "repeated-keys": "StatusCallbackEvent=a&StatusCallbackEvent=b&StatusCallbackEvent=a",
        "nul-byte": "a=%00&b=\x00",
    }
    # Forms: the recorded webhooks plus the edge cases, for both form-level targets.
    for target in ("form_fuzz", "webhook_fuzz"):
        for p in forms:
            write(target, os.path.basename(p), read(p))
        for name, body in form_edges.items():
            write(target, name + ".form", body)
    webhook_edges = {
        "voice-minimal": "CallSid=CA01&From=%2B33612345678&To=%2B33123456789",
        "voice-bad-to": "CallSid=CA01&From=x&To=0612345678",
        "voice-bad-sid": "CallSid=..%2Fx&From=x&To=%2B33123456789",
        "gather-empty-speech": "CallSid=CA01&SpeechResult=&Confidence=",
        "gather-confidence-edges": "CallSid=CA01&SpeechResult=oui&Confidence=1e-400",
        "gather-confidence-nan": "CallSid=CA01&SpeechResult=oui&Confidence=nan",
        "gather-confidence-one": "CallSid=CA01&SpeechResult=oui&Confidence=1.0&Digits=12%23",
        "status-big-duration": "CallSid=CA01&CallStatus=completed&CallDuration=2147483648",
        "status-negative": "CallSid=CA01&CallStatus=completed&CallDuration=-1",
    }
    for name, body in webhook_edges.items():
        write("webhook_fuzz", name + ".form", body)

    # Envelopes: every recorded row, golden or refused.
    for p in sorted(glob.glob(os.path.join(ROOT, "tests/data/events/*.json"))):
        write("event_codec_fuzz", os.path.basename(p), read(p))
    golden = read("tests/data/events/golden--utterance-transcribed.json").decode()
    codec_edges = {
        "confidence-negative-zero": golden.replace('"confidence":0.87', '"confidence":-0.0'),
        "confidence-huge": golden.replace('"confidence":0.87', '"confidence":1e308'),
        "confidence-tiny": golden.replace('"confidence":0.87', '"confidence":5e-324'),
        "recorded-at-leap": golden.replace('2026-11-25T08:41:07.123456Z', '2016-12-31T23:59:60.000000Z'),
        "recorded-at-year-0": golden.replace('2026-11-25T08:41:07.123456Z', '0000-01-01T00:00:00.000000Z'),
        "position-max": golden.replace('"position":', '"position":18446744073709551615,"x":'),
    }
    for name, body in codec_edges.items():
        write("event_codec_fuzz", name + ".json", body)

    # Assistant bodies: every JSON object or array literal in the HTTP tests.
    bodies = set()
    for p in ("tests/http/assistant_json_test.cc", "tests/http/api_routes_test.cc"):
        for m in re.finditer(r'R"\((\s*[\[{].*?)\)"', read(p).decode(), re.S):
            bodies.add(m.group(1))
    bodies |= {
        '{"name":"Chez Marcel","phone_number":"+33123456789","description":"R\\u00e9servations",'
        '"ai_model":"local","voice_type":"alice","language":"fr-fr","system_prompt":"Sois bref.",'
        '"context_data":{"hours":[12,14.50],"seats":4e1,"x":{"y":null}},"is_active":true}',
        '{"name":"\\ud83d\\ude00","phone_number":"+999999999999999"}',
        '{"name":"x","phone_number":"+33123456789","name":"y"}',
        '{"context_data":{"a":-0.0,"b":1E400}}',
        '{}',
        '{"is_active":false}',
    }
    for i, body in enumerate(sorted(bodies)):
        write("assistant_json_fuzz", "body-%02d.json" % i, body)

    # TwiML: verb choices and texts in fuzz/input.h's layout (see twiml_fuzz.cc).
    say = lambda t, voice="", lang="": bytes([0]) + text(t) + text(voice) + text(lang)
    twiml = {
        "say-french": say("Bonjour, que puis-je faire pour vous ?", "Polly.Lea", "fr-FR"),
        "say-specials": say("<Say>&amp; \"quoted\" 'single' ]]> \t\n\r"),
        "say-controls": say(b"\x00\x01\x7f\xc2\x80\xc2\x9f\xef\xbf\xbe ok"),
        "say-invalid-utf8": say(b"\xff\xc3\x28\xe0\x80\xaf\xed\xa0\x80\xf4\x90\x80\x80"),
        "gather-prompts": bytes([1]) + text("speech") + text("/twilio/gather?turn=1&x=<>")
        + text("POST") + text("fr-FR") + text("auto") + struct.pack("<i", 5) + text("oui,non")
        + bytes([1, 2]) + say("Bonjour")[1:] + say("\t")[1:],
        "dial": bytes([2]) + text("+33123456789") + text("+33100000000") + struct.pack("<i", -3)
        + text("/after\ndial"),
        "redirect-pause-hangup": bytes([3]) + text("/twilio/voice") + text("GET") + bytes([4])
        + struct.pack("<i", 2) + bytes([5]) + bytes([6]) + text("busy"),
    }
    for name, data in twiml.items():
        write("twiml_fuzz", name, data)

    # Signatures: the official vectors, as token, URL, parameters, claimed signature.
    with open(os.path.join(ROOT, "tests/data/twilio/signature_vectors.tsv"), newline="") as f:
        for row in csv.reader((l for l in f if not l.startswith("#")), delimiter="\t"):
            name, kind, url, params, signature = row[:5]
            data = text("12345") + text(url)
            if kind == "form":
                pairs = [p.split("=", 1) for p in params.split("&") if p]
                data += bytes([len(pairs)])
                for k, v in pairs:
                    data += text(k) + text(v.replace("%2B", "+"))
                data += text(signature) + bytes(9)
            else:  # JSON: the body is what is left
                data += bytes([0]) + text(signature) + bytes(9) + params.encode()
            write("signature_fuzz", name, data)

    # context_data: the recorded businesses, every template's, and fields gone wrong.
    import json
    for p in sorted(glob.glob(os.path.join(ROOT, "tests/data/brain/knowledge/*.json"))):
        write("context_fuzz", "knowledge-" + os.path.basename(p), read(p))
    for p in sorted(glob.glob(os.path.join(ROOT, "templates/*.json"))):
        with open(p, encoding="utf-8") as f:
            context = json.load(f)["context_data"]
        write("context_fuzz", "template-" + os.path.basename(p),
              json.dumps(context, ensure_ascii=False, separators=(",", ":")))
    context_edges = {
        "empty.json": "{}",
        "not-object.json": "[1,2]",
        "bad-trade.json": '{"trade":"bakery"}',
        "bad-duration.json": '{"services":[{"name":"A"},{"name":"B","duration_minutes":0}]}',
        "room-type.json": '{"rooms":[{"type":"chambre double","count":2},{"type":"suite"}]}',
        "order-punctuation.json": '{"orders":[{"number":" - # "},{"number":"CMD-1"}]}',
        "clock-24.json": '{"check_in":"24:00","check_out":"11h","opening_hours":{"lundi":["23:00-01:00"]}}',
        "faq-empty-keyword.json": '{"faq":[{"keywords":[""],"answer":"x"},{"keywords":"wifi","answer":"oui"}]}',
        "numbers-as-text.json": '{"services":[{"name":"S","price":1e400}],"orders":[{"number":"1","tracking":-0.0}]}',
        "lists-of-lines.json": '{"menu":["a","b"],"orders":[{"number":"x","items":["1","2"]}]}',
    }
    for name, body in context_edges.items():
        write("context_fuzz", name, body)

    # Media Streams: the documented messages (minified as Twilio sends them), every refused
    # frame, and every recorded conversation as lines (media_stream_fuzz.cc reads both).
    ms = os.path.join(ROOT, "tests/data/twilio/media_stream")
    for p in sorted(glob.glob(os.path.join(ms, "*.json"))):
        with open(p, encoding="utf-8") as f:
            doc = json.load(f)
        write("media_stream_fuzz", os.path.basename(p), json.dumps(doc, separators=(",", ":")))
    with open(os.path.join(ms, "refused.tsv"), "rb") as f:
        rows = [l.rstrip(b"\n").split(b"\t") for l in f if l.strip() and not l.startswith(b"#")]
    for i, row in enumerate(rows):
        write("media_stream_fuzz", "refused-%02d.json" % i, row[3])
    with open(os.path.join(ms, "sessions.txt"), encoding="utf-8") as f:
        conversations, lines = [], None
        for l in f:
            l = l.rstrip("\n")
            if l.startswith("== "):
                lines = []
                conversations.append(lines)
            elif lines is not None and l and not l.startswith("#"):
                action, _code, step = l.split("\t", 2)
                lines.append("sent " + step if action == "sent" else step)
    for i, lines in enumerate(conversations):
        write("media_stream_fuzz", "session-%02d.txt" % i, "\n".join(lines))
    write("media_stream_fuzz", "base64-vectors.txt", "Zm9vYmFy")
    write("media_stream_fuzz", "base64-noncanonical.txt", "Zm9=")


if __name__ == "__main__":
    main()
