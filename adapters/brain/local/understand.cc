#include "adapters/brain/local/understand.h"

#include <vector>

#include "adapters/brain/local/dates.h"
#include "adapters/brain/local/names.h"
#include "adapters/brain/local/normalize.h"
#include "adapters/brain/local/party.h"

namespace webox::brain {

Understanding understand(std::string_view utterance, const Date& today, Asked asked) {
  const Words words = tokenize(utterance);
  std::vector<bool> used(words.size(), false);
  Understanding u;
  u.intents = find_intents(words);
  u.time = find_time(words, used, asked == Asked::time);
  u.date = find_date(words, used, today, asked == Asked::day);
  u.party = find_party(words, used, asked == Asked::party);
  u.part = find_day_part(words);
  // A question or a farewell is not a name, even right after "à quel nom ?"; a marked name
  // ("au nom de ...") still counts.
  const Intents& in = u.intents;
  const bool other_business = in.hours || in.address || in.phone || in.goodbye || in.human || in.cancel;
  // Nor is a question the caller asks back ("c'est combien de temps, le service ?").
  const bool question = utterance.find('?') != std::string_view::npos;
  u.name = find_name(utterance, words, used, asked == Asked::name && !other_business && !question);
  return u;
}

}  // namespace webox::brain
