import { isValidTimeZone } from '../../dsl';
import type { Match } from './match';
import { findTimesOfDay } from './times-of-day';

// Standard abbreviations are unambiguous enough to count anywhere as whole, upper-case words.
const ABBREVIATIONS: Record<string, string> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  UTC: 'UTC',
  GMT: 'UTC',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  EET: 'Europe/Helsinki',
  IST: 'Asia/Kolkata',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
};

// Words that are also ordinary English (or two-letter codes like "PT") only count next to a time.
const ZONE_WORDS: Record<string, string> = {
  'central european': 'Europe/Paris',
  'eastern european': 'Europe/Helsinki',
  'western european': 'Europe/Lisbon',
  eastern: 'America/New_York',
  central: 'America/Chicago',
  mountain: 'America/Denver',
  pacific: 'America/Los_Angeles',
  atlantic: 'America/Halifax',
  alaska: 'America/Anchorage',
  hawaii: 'Pacific/Honolulu',
  arizona: 'America/Phoenix',
  'new york': 'America/New_York',
  nyc: 'America/New_York',
  boston: 'America/New_York',
  toronto: 'America/Toronto',
  chicago: 'America/Chicago',
  denver: 'America/Denver',
  'los angeles': 'America/Los_Angeles',
  'san francisco': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  vancouver: 'America/Vancouver',
  'mexico city': 'America/Mexico_City',
  'são paulo': 'America/Sao_Paulo',
  'sao paulo': 'America/Sao_Paulo',
  london: 'Europe/London',
  uk: 'Europe/London',
  british: 'Europe/London',
  dublin: 'Europe/Dublin',
  irish: 'Europe/Dublin',
  paris: 'Europe/Paris',
  french: 'Europe/Paris',
  berlin: 'Europe/Berlin',
  german: 'Europe/Berlin',
  amsterdam: 'Europe/Amsterdam',
  brussels: 'Europe/Brussels',
  madrid: 'Europe/Madrid',
  rome: 'Europe/Rome',
  zurich: 'Europe/Zurich',
  stockholm: 'Europe/Stockholm',
  lisbon: 'Europe/Lisbon',
  athens: 'Europe/Athens',
  helsinki: 'Europe/Helsinki',
  moscow: 'Europe/Moscow',
  istanbul: 'Europe/Istanbul',
  dubai: 'Asia/Dubai',
  israel: 'Asia/Jerusalem',
  india: 'Asia/Kolkata',
  indian: 'Asia/Kolkata',
  mumbai: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata',
  bengaluru: 'Asia/Kolkata',
  singapore: 'Asia/Singapore',
  'hong kong': 'Asia/Hong_Kong',
  shanghai: 'Asia/Shanghai',
  beijing: 'Asia/Shanghai',
  china: 'Asia/Shanghai',
  tokyo: 'Asia/Tokyo',
  japan: 'Asia/Tokyo',
  seoul: 'Asia/Seoul',
  sydney: 'Australia/Sydney',
  melbourne: 'Australia/Melbourne',
  brisbane: 'Australia/Brisbane',
  perth: 'Australia/Perth',
  auckland: 'Pacific/Auckland',
  'new zealand': 'Pacific/Auckland',
  universal: 'UTC',
  'coordinated universal': 'UTC',
  greenwich: 'UTC',
  'greenwich mean': 'UTC',
  et: 'America/New_York',
  ct: 'America/Chicago',
  mt: 'America/Denver',
  pt: 'America/Los_Angeles',
};

// Every city the IANA database names a zone after ("Africa/Nairobi": "nairobi"), beside the
// words above; like them, a city counts only next to a time or followed by "time".
for (const zone of Intl.supportedValuesOf('timeZone')) {
  const city = zone.split('/').at(-1)?.replace(/_/g, ' ').toLowerCase();
  if (city && zone.includes('/') && !(city in ZONE_WORDS)) ZONE_WORDS[city] = zone;
}

function alternation(words: string[]): string {
  // Longest first so "central european" wins over "central".
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/ /g, '\\s+'))
    .join('|');
}

const IANA = '(?<iana>[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_\\-]+){1,2})';
const ABBREVIATION = `(?<abbr>${Object.keys(ABBREVIATIONS).join('|')})`;
const ZONE_WORD = `(?<word>${alternation(Object.keys(ZONE_WORDS))})(?:\\s+(?:standard|daylight))?(?<suffix>\\s+(?:time[\\s-]?zone|time|tz)(?![\\w]))?`;
/** Regex source for a zone mention (use with the `i` flag); read it with {@link readZone}. */
export const ZONE_SOURCE = `(?<![\\w/])(?:${IANA}|${ABBREVIATION}|${ZONE_WORD})(?![\\w/])`;

const ZONE = new RegExp(ZONE_SOURCE, 'gi');
// What may sit between a time of day and a bare zone word: "5pm Eastern", "9am, London", "9am (ET)".
const AFTER_TIME = /^\s*[,(]?\s*$/;

/** The IANA zone of a {@link ZONE_SOURCE} match, and whether it stands alone (a bare word needs a time next to it). */
export function readZone(
  groups: Record<string, string | undefined>,
): { zone: string; standsAlone: boolean } | undefined {
  if (groups.iana !== undefined) {
    // Zone names are capitalised ("Europe/Madrid"); "and/or" is not worth asking Intl about.
    const named = /^[A-Z]/.test(groups.iana) && isValidTimeZone(groups.iana);
    return named ? { zone: groups.iana, standsAlone: true } : undefined;
  }
  if (groups.abbr !== undefined) {
    const upper = groups.abbr.toUpperCase();
    const zone = ABBREVIATIONS[upper];
    // "est" or "pst" in lower case is a typo or a word; only UTC and GMT are safe in lower case.
    const trusted = groups.abbr === upper || upper === 'UTC' || upper === 'GMT';
    return zone === undefined || !trusted ? undefined : { zone, standsAlone: true };
  }
  if (groups.word === undefined) return undefined;
  const word = groups.word.toLowerCase().replace(/\s+/g, ' ');
  const zone = ZONE_WORDS[word];
  if (zone === undefined) return undefined;
  // Two-letter codes must be upper case ("PT", not "pt"), whatever follows them.
  if (word.length === 2 && groups.word !== word.toUpperCase()) return undefined;
  return { zone, standsAlone: groups.suffix !== undefined };
}

/** Every zone mention in the text that counts as a zone, left to right. */
export function findTimeZones(text: string): Match<string>[] {
  const times = findTimesOfDay(text);
  const found: Match<string>[] = [];
  for (const match of text.matchAll(ZONE)) {
    const zone = readZone(match.groups ?? {});
    if (!zone) continue;
    const start = match.index;
    const nextToTime =
      zone.standsAlone ||
      times.some((time) => time.end <= start && AFTER_TIME.test(text.slice(time.end, start)));
    if (nextToTime) found.push({ value: zone.zone, start, end: start + match[0].length });
  }
  return found;
}

/** The first IANA time zone named in the text ("5pm Eastern", "London time", "PST", "Europe/Madrid"). */
export function findTimeZone(text: string): Match<string> | undefined {
  return findTimeZones(text)[0];
}
