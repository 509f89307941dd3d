// Days as callers say them, resolved against the business's "today".
//
//   const Date today{2026, 11, 25};                       // a Wednesday
//   Words w = tokenize("vendredi prochain");
//   std::vector<bool> used(w.size());
//   find_date(w, used, today, false)                      -> 2026-11-27
//   "demain" -> 11-26   "après-demain" -> 11-27   "ce soir" / "tonight" -> 11-25
//   "le 12 décembre" / "December 12th" / "the 12th of December" -> 2026-12-12
//   "the 14th of next month" / "le 14 du mois prochain" -> 2026-12-14
//   "le 3" / "on the 3rd" -> 2026-12-03 (the next 3rd)   "dans 3 jours" / "in 3 days" -> 11-28
//
// Contract: a date never lands before `today`: a weekday means its next occurrence (today
// included; "prochain"/"next" skips today and tomorrow, so on a Wednesday "jeudi prochain" is
// eight days away and on a Friday "next Friday" is a week away), a day
// and month without a year means the next such date, a lone day of the month the next such day.
// Months need a day next to them, so "may I book" is not May. A lone number is a day only when
// `bare_day_is_date` (the day was just asked) or after "le"/"the", and then only when nothing
// else in the sentence is a day ("next Monday, like nine" is Monday). "Wednesday next week" is that
// day in the next calendar week; "dans huit jours" is a week. The last date not denied wins
// ("samedi, pas vendredi"; corrections come last). "ce week-end" / "this weekend" is its
// Saturday. Words used are marked in `used`.
#pragma once

#include <optional>
#include <vector>

#include "adapters/brain/local/calendar.h"
#include "adapters/brain/local/normalize.h"

namespace webox::brain {

std::optional<Date> find_date(const Words& words, std::vector<bool>& used, const Date& today,
                              bool bare_day_is_date);

// "une réservation pour février", "my booking in March": the first day of the month said alone
// after pour/en/in/for (its next occurrence; today when it is this month). nullopt: no month so
// said, or one with its day ("le 12 février" is find_date's).
std::optional<Date> month_alone(const Words& words, const Date& today);

// 0 = Monday ... 6 = Sunday, for "lundi"/"monday" at `at`; -1 otherwise.
int weekday_at(const Words& words, std::size_t at);

}  // namespace webox::brain
