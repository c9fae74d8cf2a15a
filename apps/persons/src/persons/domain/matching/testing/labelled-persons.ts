import { type PersonForMatching } from '../person';
import { transliterateWord } from '../../../../office-records/domain/normalisation/transliteration';

/**
 * A labelled set of persons for measuring matching quality, generated from a seed so that every
 * run gives the same set: base identities written as a registry would write them (Russian in
 * Cyrillic, Greek in Greek, Arabic in Arabic script, French/Spanish/Portuguese/English in Latin
 * with diacritics), and for each 1–3 variants as an officer at a border might type the same
 * person: transliterated to Latin (ICAO or a common other spelling), with a typo, with given and
 * family names swapped, with a year-only or year-month birth date, with fields missing, with the
 * document number spaced or dashed. The label of every record is its identity's index.
 *
 * Pure: no Nest, no database; used by matching-quality.spec.ts and bench/persons-matching.mjs.
 */

export type Origin = 'russian' | 'greek' | 'arabic' | 'latin';

export type VariantKind =
  'transliterated' | 'typo' | 'swapped' | 'partial-date' | 'missing-fields' | 'document-format';

export const VARIANT_KINDS: readonly VariantKind[] = [
  'transliterated',
  'typo',
  'swapped',
  'partial-date',
  'missing-fields',
  'document-format',
];

export interface LabelledPerson {
  /** The identity this record describes: records with the same identity are the same person. */
  identity: number;
  origin: Origin;
  person: PersonForMatching;
}

export interface LabelledVariant extends LabelledPerson {
  kind: VariantKind;
}

/** A small fast PRNG (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

// Names are drawn from short lists combined with suffixes, as real name frequencies are skewed:
// many persons share a name, which is what makes precision worth measuring.

// prettier-ignore
const RUSSIAN_ROOTS = [
  'Иван', 'Петр', 'Смирн', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков',
  'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов',
  'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв',
  'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов',
  'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв', 'Ильин', 'Максимов', 'Поляков',
  'Сорокин', 'Виноградов', 'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов', 'Жуков',
  'Баранов', 'Филиппов', 'Комаров', 'Давыдов', 'Беляев', 'Герасимов', 'Богданов', 'Осипов',
  'Сидоров', 'Матвеев', 'Титов', 'Марков', 'Миронов', 'Крылов', 'Куликов', 'Карпов', 'Власов',
  'Мельников', 'Денисов', 'Гаврилов', 'Тихонов', 'Казаков', 'Афанасьев', 'Данилов', 'Савельев',
  'Тимофеев', 'Фомин', 'Чернов', 'Абрамов', 'Мартынов', 'Ефимов', 'Федотов', 'Щербаков',
  'Назаров', 'Калинин', 'Исаев', 'Чернышёв', 'Быков', 'Маслов', 'Родионов', 'Коновалов',
  'Лазарев', 'Воронин', 'Климов', 'Филатов', 'Пономарёв', 'Голубев', 'Кудрявцев', 'Прохоров',
  'Наумов', 'Потапов', 'Журавлёв', 'Овчинников', 'Трофимов', 'Леонов', 'Соболев', 'Ермаков',
  'Колесников', 'Гончаров', 'Емельянов', 'Никифоров', 'Грачёв', 'Котов', 'Гришин', 'Ефремов',
  'Архипов', 'Громов', 'Кириллов', 'Малышев', 'Панов', 'Моисеев', 'Румянцев', 'Акимов', 'Цветков',
  'Шевченко', 'Юдин', 'Хохлов', 'Щукин', 'Якушев', 'Жданов', 'Цыганов', 'Юсупов', 'Чайковский',
];
// prettier-ignore
const RUSSIAN_GIVEN = [
  'Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Максим', 'Евгений', 'Иван', 'Михаил',
  'Артём', 'Николай', 'Владимир', 'Павел', 'Юрий', 'Олег', 'Виктор', 'Игорь', 'Роман', 'Кирилл',
  'Анатолий', 'Вячеслав', 'Григорий', 'Фёдор', 'Илья', 'Тимофей', 'Ярослав', 'Станислав', 'Эдуард',
  'Анна', 'Мария', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Екатерина', 'Юлия',
  'Ксения', 'Людмила', 'Жанна', 'Валентина',
];
// Russian family names: the lists above are mostly complete names; short roots get a suffix.
const RUSSIAN_SUFFIXES = ['ов', 'ин', 'ев', 'ский'];

// prettier-ignore
const GREEK_ROOTS = [
  'Παπαδ', 'Γεωργι', 'Νικολα', 'Δημητρι', 'Κωνσταντιν', 'Ιωανν', 'Βασιλει', 'Αθανασι',
  'Χριστοδουλ', 'Μιχαηλ', 'Σταυρ', 'Θεοδωρ', 'Καραγιανν', 'Ευαγγελ', 'Χατζη', 'Αντωνι',
  'Μπακ', 'Ντιν', 'Φωτι', 'Ψαρ', 'Ξενακ', 'Λαμπρ', 'Ζαχαρ', 'Κυριακ', 'Παναγι', 'Σπυρ',
  'Τσακ', 'Χαραλαμπ', 'Αλεξ', 'Ηλι',
];
const GREEK_SUFFIXES = ['όπουλος', 'ίδης', 'άκης', 'άτος', 'ίου', 'άς'];
// prettier-ignore
const GREEK_GIVEN = [
  'Γεώργιος', 'Δημήτριος', 'Κωνσταντίνος', 'Ιωάννης', 'Νικόλαος', 'Παναγιώτης', 'Βασίλειος',
  'Χρήστος', 'Αθανάσιος', 'Μιχαήλ', 'Ευάγγελος', 'Σπυρίδων', 'Θεόδωρος', 'Αντώνιος', 'Ηλίας',
  'Σταύρος', 'Φώτιος', 'Ξενοφών', 'Μαρία', 'Ελένη', 'Αικατερίνη', 'Βασιλική', 'Σοφία', 'Αγγελική',
  'Δέσποινα', 'Ευθυμία', 'Χρυσούλα',
];

/** Arabic names with the Latin spellings met in travel documents and lists, most usual first. */
// prettier-ignore
const ARABIC_NAMES: [string, ...string[]][] = [
  ['محمد', 'MOHAMMED', 'MUHAMMAD', 'MOHAMED', 'MOHAMAD', 'MUHAMMED'],
  ['أحمد', 'AHMED', 'AHMAD', 'AHMET'],
  ['علي', 'ALI', 'ALY'],
  ['حسن', 'HASSAN', 'HASAN', 'HASAAN'],
  ['حسين', 'HUSSEIN', 'HUSSAIN', 'HOSSEIN', 'HUSEIN'],
  ['عمر', 'OMAR', 'UMAR', 'OMER'],
  ['يوسف', 'YOUSSEF', 'YUSUF', 'YOUSEF', 'YOUSIF'],
  ['إبراهيم', 'IBRAHIM', 'EBRAHIM', 'IBRAHEEM'],
  ['خالد', 'KHALED', 'KHALID'],
  ['عبدالله', 'ABDULLAH', 'ABDALLAH', 'ABDULLA'],
  ['مصطفى', 'MUSTAFA', 'MOSTAFA', 'MUSTAPHA'],
  ['سعيد', 'SAID', 'SAEED', 'SAYED'],
  ['كريم', 'KARIM', 'KAREEM'],
  ['طارق', 'TAREK', 'TARIQ', 'TARIK'],
  ['جمال', 'JAMAL', 'GAMAL', 'DJAMEL'],
  ['رشيد', 'RASHID', 'RACHID', 'RASHEED'],
  ['ناصر', 'NASSER', 'NASER', 'NASIR'],
  ['منصور', 'MANSOUR', 'MANSUR', 'MANSOOR'],
  ['فاطمة', 'FATIMA', 'FATMA', 'FATIMAH'],
  ['عائشة', 'AISHA', 'AICHA', 'AYESHA'],
  ['مريم', 'MARIAM', 'MARYAM', 'MERIEM'],
  ['زينب', 'ZAINAB', 'ZEINAB', 'ZAYNAB'],
  ['ليلى', 'LAILA', 'LEILA', 'LAYLA'],
  ['نور', 'NOUR', 'NUR', 'NOOR'],
  ['سليمان', 'SULEIMAN', 'SOLIMAN', 'SULAYMAN'],
  ['إسماعيل', 'ISMAIL', 'ISMAEL', 'ESMAIL'],
  ['صالح', 'SALEH', 'SALIH'],
  ['عثمان', 'OTHMAN', 'OSMAN', 'UTHMAN'],
  ['بكر', 'BAKR', 'BAKER', 'BAKIR'],
  ['حمدان', 'HAMDAN', 'HEMDAN'],
  ['شريف', 'SHARIF', 'CHERIF', 'SHERIF'],
  ['قاسم', 'QASIM', 'KASSEM', 'KASIM'],
  ['جابر', 'JABER', 'JABIR', 'GABER'],
  ['زيد', 'ZAID', 'ZAYED', 'ZEID'],
  ['مهدي', 'MAHDI', 'MEHDI'],
  ['وليد', 'WALID', 'WALEED', 'OUALID'],
  ['بشير', 'BASHIR', 'BACHIR', 'BASHEER'],
  ['عادل', 'ADEL', 'ADIL'],
];
// Family names: a name with or without the article (الحسن, Al-Hassan) or a name as is.

// prettier-ignore
const LATIN_FAMILY = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy',
  'Moreau', 'Lefèvre', 'Fournier', 'Girard', 'Bonnet', 'François', 'Mercier', 'Lemaître', 'Faure',
  'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Hénault', 'Chevalier', 'García', 'Rodríguez',
  'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Jiménez', 'Ruiz',
  'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Núñez', 'Ibáñez', 'Peña', 'Silva',
  'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Gonçalves', 'Gomes', 'Lopes',
  'Marques', 'Sousa', 'Magalhães', 'Simões', 'Conceição', 'Brandão', 'Smith', 'Johnson',
  'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', "O'Brien",
  'Whitaker', 'Thompson', 'Harrison', 'Fitzgerald', 'McAllister', 'Kowalski', 'Dąbrowski',
];
// prettier-ignore
const LATIN_GIVEN = [
  'Jean', 'Pierre', 'Michel', 'André', 'Philippe', 'René', 'Frédéric', 'Hélène', 'Cécile',
  'Élodie', 'Françoise', 'Zoé', 'José', 'Juan', 'Luis', 'Javier', 'Sergio', 'Raúl', 'Ángel',
  'Jesús', 'María', 'Lucía', 'Sofía', 'Inés', 'João', 'António', 'Gonçalo', 'Tomás', 'Rúben',
  'Mónica', 'Conceição', 'Leonor', 'James', 'John', 'Robert', 'Michael', 'William', 'David',
  'Richard', 'Elizabeth', 'Margaret', 'Sarah', 'Jennifer', 'Noël', 'Joël', 'Agnès', 'Jérôme',
];

const NATIONALITIES: Record<Origin, string[]> = {
  russian: ['RUS', 'RUS', 'RUS', 'UKR', 'BLR', 'KAZ'],
  greek: ['GRC', 'GRC', 'GRC', 'CYP'],
  arabic: ['EGY', 'MAR', 'DZA', 'TUN', 'SYR', 'IRQ', 'JOR', 'LBN', 'SAU'],
  latin: ['FRA', 'ESP', 'PRT', 'GBR', 'BEL', 'BRA', 'ARG', 'MEX', 'USA', 'CAN', 'POL'],
};

// Other Latin spellings of Cyrillic and Greek, as met in older passports, visas and lists:
// per letter (upper case), the spellings used instead of ICAO's.
// prettier-ignore
const CYRILLIC_OTHER: Record<string, string[]> = {
  Й: ['Y', 'J'], Ю: ['YU', 'JU'], Я: ['YA', 'JA'], Х: ['H', 'KH'], Ц: ['C', 'TS', 'TZ'],
  Ж: ['ZH', 'J'], Щ: ['SHCH', 'SCH'], Ш: ['SH', 'SCH'], Ч: ['CH', 'TCH'], В: ['V', 'W'],
  Е: ['E', 'YE'], Ё: ['YO', 'E'], Ы: ['Y', 'I'], Ь: ['', "'"], Ъ: ['', "'"], И: ['I', 'Y'],
  Э: ['E'],
};
// prettier-ignore
const GREEK_OTHER: [string, string[]][] = [
  ['ΟΥ', ['OU', 'U']], ['ΑΥ', ['AV', 'AF', 'AU']], ['ΕΥ', ['EV', 'EF', 'EU']],
  ['ΓΓ', ['NG', 'GG']], ['ΜΠ', ['MP', 'B']], ['ΝΤ', ['NT', 'D']], ['ΑΙ', ['AI', 'E']],
  ['Η', ['I', 'E']], ['Β', ['V', 'B']], ['Χ', ['CH', 'H', 'KH']], ['Φ', ['F', 'PH']],
  ['Υ', ['Y', 'I']], ['Δ', ['D', 'DH']], ['Θ', ['TH']], ['Ξ', ['X', 'KS']], ['Ψ', ['PS']],
  ['Ω', ['O']], ['Γ', ['G', 'GH']],
];

function stripAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** A Latin spelling of a Cyrillic or Greek word other than ICAO's (sometimes the same). */
function otherSpelling(random: Random, word: string, origin: Origin): string {
  const upper = word.toUpperCase();
  if (origin === 'russian') {
    let out = '';
    for (const c of upper.normalize('NFC')) {
      const options = CYRILLIC_OTHER[c];
      out += options ? pick(random, options) : transliterateWord(c);
    }
    return capitalise(out);
  }
  // Greek: multi-letter groups first, then the ICAO table for what remains.
  let rest = stripAccents(upper).replace(/Σ$/u, 'Σ');
  let out = '';
  while (rest) {
    const group = GREEK_OTHER.find(([greek]) => rest.startsWith(greek));
    if (group) {
      out += pick(random, group[1]);
      rest = rest.slice(group[0].length);
    } else {
      out += transliterateWord(rest.charAt(0));
      rest = rest.slice(1);
    }
  }
  return capitalise(out);
}

interface BaseName {
  /** As the registry writes it. */
  written: string;
  /** Latin spellings an officer might type: ICAO first for Cyrillic and Greek. */
  latin: (random: Random) => string;
}

function nameOf(random: Random, origin: Origin, part: 'family' | 'given'): BaseName {
  switch (origin) {
    case 'russian': {
      let written = pick(random, part === 'family' ? RUSSIAN_ROOTS : RUSSIAN_GIVEN);
      if (part === 'family' && !/(ов|ев|ёв|ин|ко|ий)$/u.test(written)) {
        written += pick(random, RUSSIAN_SUFFIXES);
      }
      return {
        written,
        latin: (r) =>
          r() < 0.5 ? capitalise(transliterateWord(written)) : otherSpelling(r, written, origin),
      };
    }
    case 'greek': {
      const written =
        part === 'family'
          ? `${pick(random, GREEK_ROOTS)}${pick(random, GREEK_SUFFIXES)}`
          : pick(random, GREEK_GIVEN);
      return {
        written,
        latin: (r) =>
          r() < 0.5 ? capitalise(transliterateWord(written)) : otherSpelling(r, written, origin),
      };
    }
    case 'arabic': {
      const [arabic, ...spellings] = pick(random, ARABIC_NAMES);
      const article = part === 'family' && random() < 0.4;
      const written = article ? `ال${arabic}` : arabic;
      return {
        written,
        latin: (r) => {
          const spelling = capitalise(pick(r, spellings));
          if (!article) return spelling;
          return r() < 0.5 ? `Al-${spelling}` : `El ${spelling}`;
        },
      };
    }
    case 'latin': {
      const written = pick(random, part === 'family' ? LATIN_FAMILY : LATIN_GIVEN);
      return { written, latin: (r) => (r() < 0.5 ? written : stripAccents(written)) };
    }
  }
}

interface Identity {
  origin: Origin;
  family: BaseName;
  given: BaseName;
  dateOfBirth: string;
  nationality: string;
  passport: string;
}

const ORIGINS: Origin[] = ['russian', 'greek', 'arabic', 'latin', 'latin'];
const LETTERS = [...'ABCDEFGHJKLMNPRSTUVWXYZ'];

function identityOf(random: Random): Identity {
  const origin = pick(random, ORIGINS);
  const year = 1940 + Math.floor(random() * 66);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const two = (n: number) => String(n).padStart(2, '0');
  let passport = `${pick(random, LETTERS)}${pick(random, LETTERS)}`;
  for (let i = 0; i < 7; i += 1) passport += String(Math.floor(random() * 10));
  return {
    origin,
    family: nameOf(random, origin, 'family'),
    given: nameOf(random, origin, 'given'),
    dateOfBirth: `${year}-${two(month)}-${two(day)}`,
    nationality: pick(random, NATIONALITIES[origin]),
    passport,
  };
}

function stored(identity: Identity): PersonForMatching {
  return {
    family: identity.family.written,
    given: identity.given.written,
    dateOfBirth: identity.dateOfBirth,
    nationalities: [identity.nationality],
    documents: [
      { type: 'passport', number: identity.passport, issuingCountry: identity.nationality },
    ],
  };
}

/** One edit (substitution, deletion, insertion or swap of neighbours) in the last word, not its first letter. */
function typo(random: Random, name: string): string {
  const start = name.search(/[^\s-]+$/u);
  const chars = [...name.slice(start)];
  if (chars.length < 3) return name;
  const at = 1 + Math.floor(random() * (chars.length - 1));
  const letter = pick(random, [...'aeiounrstlkmhvd']);
  switch (Math.floor(random() * 4)) {
    case 0:
      chars[at] = chars[at] === letter ? 'x' : letter;
      break;
    case 1:
      chars.splice(at, 1);
      break;
    case 2:
      chars.splice(at, 0, letter);
      break;
    default:
      if (at + 1 < chars.length)
        [chars[at], chars[at + 1]] = [chars[at + 1] ?? '', chars[at] ?? ''];
      else chars.splice(at, 1);
  }
  return name.slice(0, start) + chars.join('');
}

function spacedDocument(random: Random, number: string): string {
  const separator = pick(random, [' ', '-', ' - ']);
  return random() < 0.5
    ? `${number.slice(0, 2)}${separator}${number.slice(2)}`
    : `${number.slice(0, 2)}${separator}${number.slice(2, 5)}${separator}${number.slice(5)}`.toLowerCase();
}

function variantOf(random: Random, identity: Identity, kind: VariantKind): PersonForMatching {
  // Most queries arrive in Latin letters; a few keep the registry's script.
  const latin = identity.origin !== 'latin' ? random() < 0.8 : random() < 0.5;
  let family = latin ? identity.family.latin(random) : identity.family.written;
  let given = latin ? identity.given.latin(random) : identity.given.written;
  let dateOfBirth: string | undefined = identity.dateOfBirth;
  let documents = stored(identity).documents;
  const nationalities = random() < 0.9 ? [identity.nationality] : undefined;
  switch (kind) {
    case 'transliterated':
      family = identity.family.latin(random);
      given = identity.given.latin(random);
      break;
    case 'typo':
      if (random() < 0.6) family = typo(random, family);
      else given = typo(random, given);
      documents = random() < 0.5 ? documents : undefined;
      break;
    case 'swapped':
      [family, given] = [given, family];
      break;
    case 'partial-date':
      dateOfBirth = random() < 0.5 ? dateOfBirth.slice(0, 4) : dateOfBirth.slice(0, 7);
      documents = random() < 0.5 ? documents : undefined;
      break;
    case 'missing-fields':
      dateOfBirth = random() < 0.6 ? undefined : dateOfBirth;
      documents = undefined;
      break;
    case 'document-format':
      documents = [
        {
          type: 'passport',
          number: spacedDocument(random, identity.passport),
          ...(random() < 0.5 ? { issuingCountry: identity.nationality } : {}),
        },
      ];
      break;
  }
  return { family, given, dateOfBirth, nationalities, documents };
}

export interface LabelledSet {
  /** One record per identity, as stored: identity i is stored[i]. */
  stored: LabelledPerson[];
  /** 1–3 variants per identity, used as queries. */
  variants: LabelledVariant[];
}

/** `persons` base identities and their variants, the same for the same seed. */
export function generateLabelledPersons(persons: number, seed = 1): LabelledSet {
  const random = seededRandom(seed);
  const set: LabelledSet = { stored: [], variants: [] };
  for (let identity = 0; identity < persons; identity += 1) {
    const base = identityOf(random);
    set.stored.push({ identity, origin: base.origin, person: stored(base) });
    const count = 1 + Math.floor(random() * 3);
    for (let v = 0; v < count; v += 1) {
      const kind = pick(random, VARIANT_KINDS);
      set.variants.push({
        identity,
        origin: base.origin,
        kind,
        person: variantOf(random, base, kind),
      });
    }
  }
  return set;
}

/**
 * Stored persons only, one at a time, for filling an index of a million without keeping the
 * variants (their identities differ from generateLabelledPersons' for the same seed).
 */
export function* generateStoredPersons(persons: number, seed = 1): Generator<PersonForMatching> {
  const random = seededRandom(seed);
  for (let i = 0; i < persons; i += 1) yield stored(identityOf(random));
}
