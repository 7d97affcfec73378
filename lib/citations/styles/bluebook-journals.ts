/**
 * Periodical names as the Bluebook abbreviates them (table T13): each word by its abbreviation,
 * "and" as "&", the articles and prepositions "a", "at", "in", "of" and "the" left out, and
 * adjacent single capitals closed up ("L.J.", not "L. J."). Words not in the table (a journal's
 * own name: "Yale", "Baltic") stay as written. Our own table of the common words, plus the
 * institutions and places journal names often carry.
 */
const WORDS: Record<string, string> = {
  Academy: "Acad.",
  Administrative: "Admin.",
  Affairs: "Aff.",
  African: "Afr.",
  American: "Am.",
  Annual: "Ann.",
  Arbitration: "Arb.",
  Asian: "Asian",
  Association: "Ass'n",
  Australian: "Austl.",
  British: "Brit.",
  Bulletin: "Bull.",
  Business: "Bus.",
  California: "Cal.",
  Canadian: "Can.",
  Chicago: "Chi.",
  Columbia: "Colum.",
  Commercial: "Com.",
  Communications: "Commc'ns",
  Comparative: "Compar.",
  Computer: "Comput.",
  Constitutional: "Const.",
  Contemporary: "Contemp.",
  Criminal: "Crim.",
  Development: "Dev.",
  Digital: "Digit.",
  Dispute: "Disp.",
  Economic: "Econ.",
  Economics: "Econ.",
  Environmental: "Env't",
  European: "Eur.",
  Federal: "Fed.",
  Forum: "F.",
  Georgetown: "Geo.",
  Global: "Glob.",
  Government: "Gov't",
  Harvard: "Harv.",
  History: "Hist.",
  Human: "Hum.",
  Information: "Info.",
  Institute: "Inst.",
  Intellectual: "Intell.",
  International: "Int'l",
  Journal: "J.",
  Justice: "Just.",
  Law: "L.",
  Legislation: "Legis.",
  Management: "Mgmt.",
  Maritime: "Mar.",
  Medicine: "Med.",
  Melbourne: "Melb.",
  Michigan: "Mich.",
  Military: "Mil.",
  Modern: "Mod.",
  National: "Nat'l",
  Northwestern: "Nw.",
  Pennsylvania: "Pa.",
  Policy: "Pol'y",
  Political: "Pol.",
  Politics: "Pol.",
  Practice: "Prac.",
  Private: "Priv.",
  Problems: "Probs.",
  Proceedings: "Proc.",
  Property: "Prop.",
  Public: "Pub.",
  Quarterly: "Q.",
  Research: "Rsch.",
  Resolution: "Resol.",
  Review: "Rev.",
  Rights: "Rts.",
  Science: "Sci.",
  Security: "Sec.",
  Social: "Soc.",
  Society: "Soc'y",
  Stanford: "Stan.",
  Studies: "Stud.",
  Technology: "Tech.",
  Texas: "Tex.",
  Transnational: "Transnat'l",
  University: "U.",
  Vanderbilt: "Vand.",
  Virginia: "Va.",
  Yearbook: "Y.B.",
};

/** Names of more than one word, abbreviated as one (so "New York" does not become "New Y."). */
const PHRASES: [RegExp, string][] = [
  [/\bNew York University\b/g, "N.Y.U."],
  [/\bNew York\b/g, "N.Y."],
  [/\bUnited Nations\b/g, "U.N."],
  [/\bUnited States\b/g, "U.S."],
];

const LEFT_OUT = new Set(["a", "at", "in", "of", "the"]);

/** "L." and "J." are single capitals; "N.Y." and "Y.B." are abbreviations of their own and keep their space. */
const isSingleCapital = (word: string) => /^[A-Z]\.$/.test(word);

/** "Yale Law Journal Forum" → "Yale L.J.F."; "European Journal of International Law" → "Eur. J. Int'l L.". */
export function abbreviateJournal(name: string): string {
  const phrased = PHRASES.reduce((out, [pattern, abbreviation]) => out.replace(pattern, abbreviation), name.trim());
  const words = phrased
    .split(/\s+/)
    .filter((word) => !LEFT_OUT.has(word.toLowerCase()))
    .map((word) => (word.toLowerCase() === "and" ? "&" : (WORDS[word] ?? word)));
  return words.reduce(
    (out, word, i) => (i === 0 ? word : `${out}${isSingleCapital(words[i - 1]) && isSingleCapital(word) ? "" : " "}${word}`),
    "",
  );
}
