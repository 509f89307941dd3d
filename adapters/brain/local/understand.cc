#include "adapters/brain/local/understand.h"

#include <vector>

#include "adapters/brain/local/answer.h"
#include "adapters/brain/local/dates.h"
#include "adapters/brain/local/names.h"
#include "adapters/brain/local/normalize.h"
#include "adapters/brain/local/numbers.h"
#include "adapters/brain/local/order_number.h"
#include "adapters/brain/local/party.h"
#include "adapters/brain/local/phone.h"
#include "adapters/brain/local/plate.h"
#include "adapters/brain/local/stay.h"
#include "adapters/brain/local/vehicle.h"

namespace webox::brain {

// What a caller asks back, or asks for, at "what name?" is no name: "can we bring our dog",
// "est-ce qu'on peut venir avec le chien", "vous acceptez les chèques". A question or request
// opens with a verb or question word once the lead-ins ("oui", "euh", "and") are passed; a
// long sentence is not a name either (a name is at most four words, its spelling aside).
bool asks_back(const Words& w) {
  static constexpr std::string_view kLeadIns[] = {
      "euh", "heu", "um", "uh", "oh", "ah", "oui", "yes", "yeah", "ok", "okay", "and", "et", "so",
      "alors", "well", "sorry", "desole", "pardon", "actually", "hi", "hello", "bonjour", "also",
      "aussi", "mais", "but", "just", "en", "fait", "excuse", "me", "wait", "attendez", "non", "no"};
  static constexpr std::string_view kOpeners[] = {
      "can we", "can i", "can you", "could", "may i", "may we", "would", "will", "is", "are",
      "do", "does", "did", "should", "what", "where", "when", "how", "why", "which", "have you",
      "est ce", "peut", "peux", "pouvez", "puis je", "pourrait", "pourrais", "pourriez", "avez",
      "y a", "quel", "quelle", "quels", "quelles", "ou est", "ou se", "comment", "combien",
      "pourquoi", "quand", "on peut", "on pourrait", "je peux", "je pourrais", "vous avez",
      "vous acceptez", "vous pouvez", "vous faites", "vous prenez", "il y a", "c est possible",
      "est il", "est elle", "faut il"};
  std::size_t at = 0;
  auto lead_in = [](std::string_view t) {
    for (std::string_view l : kLeadIns)
      if (t == l) return true;
    return false;
  };
  while (at < w.size() && lead_in(w[at].text)) ++at;
  for (std::string_view o : kOpeners)
    if (phrase_at(w, at, o)) return true;
  // Anywhere: "et est-ce qu'on peut ...", "c'est possible de venir avec ...".
  for (std::string_view o : {"est ce qu", "est ce que", "is it possible", "is there", "are there",
                             "voudrais savoir", "voulais savoir", "like to know", "wanted to know",
                             "wondering"})
    if (find_phrase(w, o) != std::string_view::npos) return true;
  std::size_t words = 0;
  for (const Word& x : w)
    if (x.text.size() > 1 && !is_filler(x.text)) ++words;
  return words > 4;
}

namespace {

// "Gauthier. Et on peut arriver à partir de quelle heure ?", "Muller. Monsieur Muller. Muller
// avec deux L.": the answer to "what name?" said first, in a sentence of its own, before a
// question or a remark that, read whole, is no name. Only the sentences before the question are
// read ("ah fair enough. Craig Wilson. how much is the MOT?": the first two).
std::optional<std::string> name_said_first(std::string_view utterance, const Date& today) {
  std::size_t end = utterance.find_first_of(".?!");
  if (end == std::string_view::npos || utterance[end] == '?') return std::nullopt;
  const std::size_t question = utterance.find('?');
  for (std::size_t next = utterance.find_first_of(".!", end + 1); next < question;
       next = utterance.find_first_of(".!", next + 1))
    end = next;
  const std::string_view first = utterance.substr(0, end);
  if (first.find_first_not_of(" ") == std::string_view::npos) return std::nullopt;
  Understanding h = understand(first, today, Asked::name);
  if (h.party || h.date || h.time || h.phone || h.nights) return std::nullopt;
  return h.name;
}

// "Jarrah Collins. do you take Afterpay?" at "what's the registration?", "just book me Saturday
// 8 am then. Mei Lin Tan": a sentence that is only two to four capitalised words, none read as
// something else, is the caller's name even when another detail was asked.
std::optional<std::string> name_sentence(std::string_view utterance, const Words& words,
                                         const std::vector<bool>& used) {
  std::size_t from = 0;
  while (from < words.size()) {
    std::size_t to = from + 1;
    while (to < words.size() && utterance.substr(words[to - 1].end, words[to].begin - words[to - 1].end)
                                        .find_first_of(".?!") == std::string_view::npos)
      ++to;
    const bool ends = to < words.size() || utterance.find_first_of(".?!", words[to - 1].end) != std::string_view::npos ||
                      from > 0;
    bool names = ends && to - from >= 2 && to - from <= 4;
    for (std::size_t k = from; names && k < to; ++k)
      names = !used[k] && words[k].capitalised && words[k].text.size() >= 2 && !is_filler(words[k].text) &&
              !parse_number(words, k) && weekday_at(words, k) < 0;
    if (names) {
      std::string name;
      for (std::size_t k = from; k < to; ++k)
        name += (name.empty() ? "" : " ") + std::string(utterance.substr(words[k].begin, words[k].end - words[k].begin));
      return capitalise_name(name);
    }
    from = to;
  }
  return std::nullopt;
}

}  // namespace

Understanding understand(std::string_view utterance, const Date& today, Asked asked, bool hotel) {
  const Words words = tokenize(utterance);
  std::vector<bool> used(words.size(), false);
  Understanding u;
  u.intents = find_intents(words);
  // Codes first: their digits are never a time, a day or a party ("commande 1042" is not 10:42).
  u.order_number = find_order_number(utterance, words, used, asked == Asked::order_number);
  u.plate = find_plate(utterance, words, used, asked == Asked::plate);
  u.phone = find_phone(utterance, words, used, asked == Asked::phone);
  u.vehicle = find_vehicle(utterance, words, used, asked == Asked::vehicle);
  // Then the stay, whose "trois nuits" and "du 3 au 5" are neither a party nor two dates.
  const Stay stay = find_stay(words, used, today, asked == Asked::nights, asked == Asked::room_type, hotel);
  u.nights = stay.nights;
  u.room_type = find_room_type(words, used, asked == Asked::room_type);
  u.delay_minutes = find_delay(words, used);
  u.time = find_time(words, used, asked == Asked::time);
  u.date = find_date(words, used, today, asked == Asked::day);
  // The range's first day is more precise than anything else said ("pour le réveillon, du 30
  // décembre au 2 janvier" arrives on the 30th).
  if (stay.arrival) u.date = stay.arrival;
  u.party = find_party(words, used, asked == Asked::party);
  u.part = find_day_part(words);
  // A question or a farewell is not a name, even right after "à quel nom ?"; a marked name
  // ("au nom de ...") still counts.
  const Intents& in = u.intents;
  const bool other_business = in.hours || in.address || in.phone || in.goodbye || in.human || in.cancel ||
                              in.urgent || in.prices || in.menu || in.checkin || in.returns || in.ticket;
  // Nor is a question the caller asks back ("c'est combien de temps, le service ?").
  const bool question = utterance.find('?') != std::string_view::npos || asks_back(words);
  u.name = find_name(utterance, words, used, asked == Asked::name && !other_business && !question);
  // "I don't understand. can I speak to a person?": a person asked for, no name said first.
  if (!u.name && asked == Asked::name && !in.human && !in.goodbye) u.name = name_said_first(utterance, today);
  if (!u.name && asked != Asked::name && asked != Asked::practitioner && asked != Asked::service &&
      asked != Asked::vehicle && !in.human)
    u.name = name_sentence(utterance, words, used);
  if (asked == Asked::service || asked == Asked::practitioner) u.free_text = clean_answer(utterance);
  return u;
}

}  // namespace webox::brain
