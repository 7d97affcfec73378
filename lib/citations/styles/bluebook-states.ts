/**
 * States as a Bluebook case name abbreviates them (geographical terms, tables T6 and T10), for the
 * parties' parenthetical of international decisions: "(United Kingdom v Albania)" becomes
 * "(U.K. v. Alb.)". Our own table of the States international courts see most; a name it lacks
 * is left as written, which is also the rule for the many States T10 does not shorten (Chile,
 * Japan, Peru…). Long official forms ("United States of America") map to the same abbreviation.
 */
const STATES: Record<string, string> = {
  Afghanistan: "Afg.",
  Albania: "Alb.",
  Algeria: "Alg.",
  Argentina: "Arg.",
  Armenia: "Arm.",
  Australia: "Austl.",
  Azerbaijan: "Azer.",
  Bahrain: "Bahr.",
  Bangladesh: "Bangl.",
  Belgium: "Belg.",
  Bolivia: "Bol.",
  "Bosnia and Herzegovina": "Bosn. & Herz.",
  Brazil: "Braz.",
  Bulgaria: "Bulg.",
  Canada: "Can.",
  Colombia: "Colom.",
  Croatia: "Croat.",
  "Democratic Republic of the Congo": "Dem. Rep. Congo",
  Denmark: "Den.",
  "El Salvador": "El Sal.",
  "Equatorial Guinea": "Eq. Guinea",
  Estonia: "Est.",
  Ethiopia: "Eth.",
  Finland: "Fin.",
  France: "Fr.",
  Gambia: "Gam.",
  "The Gambia": "Gam.",
  Georgia: "Geor.",
  Germany: "Ger.",
  "Federal Republic of Germany": "Ger.",
  Guatemala: "Guat.",
  Honduras: "Hond.",
  Hungary: "Hung.",
  Iceland: "Ice.",
  Indonesia: "Indon.",
  "Islamic Republic of Iran": "Iran",
  Ireland: "Ir.",
  Israel: "Isr.",
  Italy: "It.",
  Latvia: "Lat.",
  Liechtenstein: "Liech.",
  Lithuania: "Lith.",
  Luxembourg: "Lux.",
  Malaysia: "Malay.",
  "Marshall Islands": "Marsh. Is.",
  Mexico: "Mex.",
  Myanmar: "Myan.",
  Netherlands: "Neth.",
  "New Zealand": "N.Z.",
  Nicaragua: "Nicar.",
  Norway: "Nor.",
  Pakistan: "Pak.",
  Paraguay: "Para.",
  Philippines: "Phil.",
  Poland: "Pol.",
  Portugal: "Port.",
  Romania: "Rom.",
  Russia: "Russ.",
  "Russian Federation": "Russ.",
  Serbia: "Serb.",
  "Serbia and Montenegro": "Serb. & Montenegro",
  Singapore: "Sing.",
  Slovakia: "Slovk.",
  Slovenia: "Slovn.",
  Somalia: "Som.",
  "South Africa": "S. Afr.",
  Sweden: "Swed.",
  Switzerland: "Switz.",
  Thailand: "Thai.",
  Tunisia: "Tunis.",
  Turkey: "Turk.",
  Ukraine: "Ukr.",
  "United Arab Emirates": "U.A.E.",
  "United Kingdom": "U.K.",
  "United Kingdom of Great Britain and Northern Ireland": "U.K.",
  "United States": "U.S.",
  "United States of America": "U.S.",
  Uruguay: "Uru.",
  Venezuela: "Venez.",
  Yugoslavia: "Yugo.",
};

/** A party as a Bluebook case name gives it: a State by its T10 abbreviation, anything else as written. */
export function abbreviateParty(party: string): string {
  const name = party.trim();
  return STATES[name] ?? STATES[name.replace(/^the /i, "")] ?? name;
}

/** "(United Kingdom v Albania)", "(United States/Canada)": the parties' parenthetical of a case name. */
const PARTIES = /\(([^()]+?)(?:\s+v\.?\s+|\s*\/\s*)([^()]+?)\)/;

/**
 * A case name with its parties abbreviated and joined by "v.": "Corfu Channel (United Kingdom v
 * Albania)" → "Corfu Channel (U.K. v. Alb.)". An arbitration's "(United States/Canada)" reads
 * "(U.S. v. Can.)" too: the Bluebook knows no slash between parties.
 */
export function abbreviateParties(caseName: string): string {
  return caseName.replace(PARTIES, (_, first: string, second: string) => `(${abbreviateParty(first)} v. ${abbreviateParty(second)})`);
}
