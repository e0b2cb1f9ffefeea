// Public holidays from the date-holidays library (maintained per country and region; nothing typed by
// hand). Only days of type "public" count: observances and optional days are working days.
import Holidays from 'date-holidays';

/** Years written around the current one when an organization chooses its holidays. */
export const HOLIDAY_YEARS_BEFORE = 3;
export const HOLIDAY_YEARS_AFTER = 2;

/** Whether the library knows this country (and region, when given). */
export function isKnownHolidayPlace(country: string, region?: string | null): boolean {
  const countries = new Holidays().getCountries('en') ?? {};
  if (!(country in countries)) return false;
  if (!region) return true;
  const regions = new Holidays().getStates(country, 'en') ?? {};
  return region in regions;
}

/** Countries the library knows, with their names in `locale`. */
export function holidayCountries(locale: string): { code: string; name: string }[] {
  const countries = new Holidays().getCountries(locale) ?? {};
  return Object.entries(countries)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** Regions of a country (empty when the library has none). */
export function holidayRegions(country: string, locale: string): { code: string; name: string }[] {
  const regions = new Holidays().getStates(country, locale) ?? {};
  return Object.entries(regions)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** The public holidays of a place in the given years, named in `locale` (else English). */
export function publicHolidaysOf(
  country: string,
  region: string | null,
  years: number[],
  locale: string,
): { localDate: string; name: string }[] {
  const calendar = region ? new Holidays(country, region) : new Holidays(country);
  const days: { localDate: string; name: string }[] = [];
  for (const year of years) {
    for (const h of calendar.getHolidays(year, locale) || []) {
      if (h.type === 'public') days.push({ localDate: h.date.slice(0, 10), name: h.name });
    }
  }
  return days;
}
