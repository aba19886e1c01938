import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DIGRAPH_EXCEPTIONS,
  FOREIGN_WORDS,
  addDigraphExceptions,
  addForeignWords,
  detectScript,
  searchKey,
  toCyrillic,
  toLatin,
  toScript,
} from './script.ts';

/** Runs one named test per [input, expected] row. */
function table(name: string, fn: (input: string) => string, rows: ReadonlyArray<readonly [string, string]>): void {
  describe(name, () => {
    for (const [input, expected] of rows) {
      test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
        assert.equal(fn(input), expected);
      });
    }
  });
}

// Seed texts (real KZM pages) live in shared/ next to the repo; the tests that
// use them are skipped when shared/ is not there.
const SEEDS = fileURLToPath(new URL('../../../../shared/seeds/', import.meta.url));
function seed(name: string): string | null {
  try {
    return readFileSync(SEEDS + name, 'utf8');
  } catch {
    return null;
  }
}

table('toLatin: letters and words', toLatin, [
  ['Канцеларија за младе', 'Kancelarija za mlade'],
  ['Ђурђево', 'Đurđevo'],
  ['Ћуприја', 'Ćuprija'],
  ['Чачак', 'Čačak'],
  ['Шабац', 'Šabac'],
  ['Жабаљ', 'Žabalj'],
  ['Ивањица', 'Ivanjica'],
  ['Џеп', 'Džep'],
  ['буџет', 'budžet'],
  ['Љубљана', 'Ljubljana'],
  ['Његош', 'Njegoš'],
  ['инјекција', 'injekcija'],
  ['абвгдђежзијклљмнњопрстћуфхцчџш', 'abvgdđežzijklljmnnjoprstćufhcčdžš'],
  ['АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ', 'ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ'],
  ['ѝ и ѐ', 'ì i è'],
]);

table('toLatin: capital digraphs', toLatin, [
  ['ЉУБАВ', 'LJUBAV'],
  ['ЊЕГОШ', 'NJEGOŠ'],
  ['ЏЕП', 'DŽEP'],
  ['ПРИЈАТЕЉ', 'PRIJATELJ'],
  ['Љубав', 'Ljubav'],
  ['Њива', 'Njiva'],
  ['Љ', 'Lj'],
  ['Џ.', 'Dž.'],
  ['ЉУБАВ и Љубав', 'LJUBAV i Ljubav'],
  ['ТРГ КРАЉА ПЕТРА', 'TRG KRALJA PETRA'],
]);

table('toLatin: pass-through', toLatin, [
  ['Kancelarija za mlade', 'Kancelarija za mlade'],
  ['kzm@pancevo.rs, 013/308-907', 'kzm@pancevo.rs, 013/308-907'],
  ['Привет, мир! Ёлка', 'Privet, mir! Ёlka'], // non-Serbian Cyrillic (ё) untouched
  ['', ''],
  ['Мешано: Kancelarija и Канцеларија', 'Mešano: Kancelarija i Kancelarija'],
]);

table('toCyrillic: words and sentences', (s) => toCyrillic(s), [
  ['Kancelarija za mlade grada Pančeva', 'Канцеларија за младе града Панчева'],
  ['Đurđevo', 'Ђурђево'],
  ['Ćuprija, Šabac, Žabalj, Čačak', 'Ћуприја, Шабац, Жабаљ, Чачак'],
  ['Valjevo i Boljevac', 'Ваљево и Бољевац'],
  ['Gornji Milanovac', 'Горњи Милановац'],
  ['budžet', 'буџет'],
  ['Ljubljana', 'Љубљана'],
  ['džep', 'џеп'],
  ['njiva', 'њива'],
  ['konj i konjušnica', 'коњ и коњушница'],
  ['odžačar', 'оџачар'],
  ['nadžak', 'наџак'],
  ['Hadži Jovana Radonjin', 'Хаџи Јована Радоњин'],
  ['Hadži-Jovan', 'Хаџи-Јован'],
  ['Telefon: 013/308-907 (radnim danima od 8:30 do 15:30 časova)', 'Телефон: 013/308-907 (радним данима од 8:30 до 15:30 часова)'],
  ['članova/ca, pojedinci/ke', 'чланова/ца, појединци/ке'],
  ['mladima.Ovo je greška u kucanju', 'младима.Ово је грешка у куцању'],
  ['Kancelarija za mlade (KzM)', 'Канцеларија за младе (КзМ)'],
  ['Fejsbuk', 'Фејсбук'],
]);

table('toCyrillic: digraph exceptions', (s) => toCyrillic(s), [
  ['injekcija', 'инјекција'],
  ['injekcijama', 'инјекцијама'],
  ['injektirati', 'инјектирати'],
  ['konjugacija', 'конјугација'],
  ['konjugovati', 'конјуговати'],
  ['konjunktura', 'конјунктура'],
  ['konjunkcija', 'конјункција'],
  ['konjunktiv', 'конјунктив'],
  ['vanjezički', 'ванјезички'],
  ['Tanjug', 'Танјуг'],
  ['nadživeti', 'надживети'],
  ['nadživljavati', 'надживљавати'], // dž split, lj stays one letter
  ['podžupan', 'поджупан'],
  ['odžaliti', 'оджалити'],
  ['neodžaljen', 'неоджаљен'],
  ['odžvakati', 'оджвакати'],
  ['podžanr', 'поджанр'],
  ['INJEKCIJA', 'ИНЈЕКЦИЈА'],
  ['Injekcija', 'Инјекција'],
  ['PODŽUPAN', 'ПОДЖУПАН'],
  ['Dobio je injekciju, a budžet je nadživeo krizu.', 'Добио је инјекцију, а буџет је надживео кризу.'],
]);

table('toCyrillic: capitals', (s) => toCyrillic(s), [
  ['LJUBAV', 'ЉУБАВ'],
  ['NJEGOŠ', 'ЊЕГОШ'],
  ['DŽEP', 'ЏЕП'],
  ['Ljubav', 'Љубав'],
  ['Džep', 'Џеп'],
  ['Njegoš', 'Његош'],
  ['LJubav', 'Љубав'],
  ['NJiva', 'Њива'],
  ['KANCELARIJA ZA MLADE', 'КАНЦЕЛАРИЈА ЗА МЛАДЕ'],
]);

table('toCyrillic: Unicode normalisation', (s) => toCyrillic(s), [
  ['ǉubav', 'љубав'],
  ['ǈubav', 'Љубав'],
  ['ǇUBAV', 'ЉУБАВ'],
  ['ǌiva', 'њива'],
  ['ǋegoš', 'Његош'],
  ['ǊEGOŠ', 'ЊЕГОШ'],
  ['ǆep', 'џеп'],
  ['ǅep', 'Џеп'],
  ['ǄEP', 'ЏЕП'],
  ['Ðorđe', 'Ђорђе'],
  ['ðak', 'ђак'],
  ['ÐURĐEVO', 'ЂУРЂЕВО'],
  ['c\u030Cac\u030Cak', 'чачак'],
  ['Z\u030Cabalj', 'Жабаљ'],
  ['C\u0301uprija', 'Ћуприја'],
  ['bud\u017Eet i bud\u007A\u030Cet', 'буџет и буџет'],
]);

table('toCyrillic: e-mails, URLs, domains, handles', (s) => toCyrillic(s), [
  ['E-pošta: kancelarijazamlade@pancevo.rs', 'Е-пошта: kancelarijazamlade@pancevo.rs'],
  ['E-pošta:kancelarijazamlade@pancevo.rs', 'Е-пошта:kancelarijazamlade@pancevo.rs'],
  ['Pišite na ime.prezime@gmail.com ili <kzm@pancevo.rs>.', 'Пишите на ime.prezime@gmail.com или <kzm@pancevo.rs>.'],
  ['Više na https://www.pancevo.rs/kancelarija-za-mlade?strana=2.', 'Више на https://www.pancevo.rs/kancelarija-za-mlade?strana=2.'],
  ['Posetite www.kzm.rs (vesti)', 'Посетите www.kzm.rs (вести)'],
  ['Sajt: pancevo.rs/mladi', 'Сајт: pancevo.rs/mladi'],
  ['kancelarija-za-mlade.org.rs je novi sajt', 'kancelarija-za-mlade.org.rs је нови сајт'],
  ['Pratite @kzm_pancevo i #mladiPancevo', 'Пратите @kzm_pancevo и #mladiPancevo'],
]);

table('toCyrillic: Roman numerals', (s) => toCyrillic(s), [
  ['Trg kralja Petra I, broj 2-4, 26101 Pančevo', 'Трг краља Петра I, број 2-4, 26101 Панчево'],
  ['II sprat, kancelarija broj 204', 'II спрат, канцеларија број 204'],
  ['Petar I je vladao', 'Петар I је владао'],
  ['učenici u I razredu', 'ученици у I разреду'],
  ['Adresa: I sprat', 'Адреса: I спрат'],
  ['IV razred', 'IV разред'],
  ['XXI vek', 'XXI век'],
  ['Luj XIV i Luj XV', 'Луј XIV и Луј XV'],
  ['Luj VI', 'Луј VI'],
  ['Karlo V', 'Карло V'],
  ['I, II i III', 'I, II и III'],
  ['XXXIX festival', 'XXXIX фестивал'],
  ['I. Uvod', 'I. Увод'], // heading number at line start
  ['Poglavlje VIII', 'Поглавље VIII'],
  ['i', 'и'], // lowercase: always the conjunction
  ['Marko i Ana', 'Марко и Ана'],
  ['iv', 'ив'],
  ['I ja sam tu.', 'И ја сам ту.'], // sentence start + lowercase word: conjunction
  ['I sprat, kancelarija 5', 'И спрат, канцеларија 5'], // the documented ambiguous case: read as "and"
  ['Pančevo\nI ove godine', 'Панчево\nИ ове године'],
  ['I Uvod', 'I Увод'], // line start + capitalised word: heading number
  ['Došli smo. I ostali smo.', 'Дошли смо. И остали смо.'],
  ['„I ja“, rekla je.', '„И ја“, рекла је.'],
  ['PETAR I PAVLE', 'ПЕТАР И ПАВЛЕ'], // shouted text: conjunction
  ['DA LI STE VI SPREMNI', 'ДА ЛИ СТЕ ВИ СПРЕМНИ'],
  ['MI SMO TU', 'МИ СМО ТУ'],
  ['pisac I. Andrić', 'писац И. Андрић'], // initial
  ['Jovan M. Petrović i V. Petrović', 'Јован М. Петровић и В. Петровић'],
]);

table('toCyrillic: foreign words stay', (s) => toCyrillic(s), [
  ['Facebook', 'Facebook'],
  ['WiFi', 'WiFi'],
  ['Wi-Fi mreža', 'Wi-Fi мрежа'],
  ['YouTube kanal', 'YouTube канал'],
  ['Pratite nas na Instagramu i Facebooku!', 'Пратите нас на Instagramu и Facebooku!'],
  ['pošaljite e-mail', 'пошаљите e-mail'],
  ['Müller i drugi', 'Müller и други'],
  ['Xbox, Quiz i Yoga', 'Xbox, Quiz и Yoga'],
]);

table('toCyrillic: pass-through and mixed text', (s) => toCyrillic(s), [
  ['Канцеларија за младе', 'Канцеларија за младе'],
  ['Шта је Канцеларија за младе?', 'Шта је Канцеларија за младе?'],
  ['2007-2012, 26101', '2007-2012, 26101'],
  ['Канцеларија za mlade', 'Канцеларија за младе'],
  ['Kанцеларија', 'Канцеларија'], // Latin K typed inside a Cyrillic word (seed 002)
  ['Канцеларија за младе je сервис', 'Канцеларија за младе је сервис'],
]);

describe('toCyrillic: extending the exception lists', () => {
  test('DIGRAPH_EXCEPTIONS is exported, frozen, lowercase', () => {
    assert.ok(DIGRAPH_EXCEPTIONS.includes('injek'));
    assert.ok(Object.isFrozen(DIGRAPH_EXCEPTIONS));
    for (const s of DIGRAPH_EXCEPTIONS) assert.equal(s, s.toLowerCase());
  });
  test('extraExceptions applies to that call only', () => {
    // "Sanjeks" is a made-up brand name: only the mechanism is tested here.
    assert.equal(toCyrillic('Sanjeks', { extraExceptions: ['sanjeks'] }), 'Санјекс');
    assert.equal(toCyrillic('Sanjeks'), 'Сањекс');
  });
  test('addDigraphExceptions applies to later calls', () => {
    assert.equal(toCyrillic('Banjeks'), 'Бањекс');
    addDigraphExceptions(['BANJEKS']);
    assert.equal(toCyrillic('Banjeks i BANJEKS'), 'Банјекс и БАНЈЕКС');
    // The same text again: a remembered conversion must not outlive the rules it was made with.
    assert.equal(toCyrillic('Banjeks'), 'Банјекс');
  });
  test('foreign words: list, per-call and global extension', () => {
    assert.ok(FOREIGN_WORDS.includes('instagram'));
    assert.equal(toCyrillic('Canva radionica', { extraForeignWords: ['canva'] }), 'Canva радионица');
    assert.equal(toCyrillic('Canva'), 'Цанва');
    assert.equal(toCyrillic('Trello tabla'), 'Трелло табла');
    addForeignWords(['Trello']);
    assert.equal(toCyrillic('Trello tabla'), 'Trello табла');
  });
});

describe('round trip: toLatin(toCyrillic(x)) === x', () => {
  const sentences = [
    'Kancelarija za mlade grada Pančeva je operativno telo osnovano 2007. godine.',
    'Još jedan od zadataka KzM je omogućavanje sticanja i razvoja veština, znanja i sposobnosti.',
    'Grad Pančevo je među prvim gradovima i opštinama u Srbiji podržao inicijativu mladih.',
    'Trg kralja Petra I, broj 2-4, 26101 Pančevo',
    'II sprat, kancelarija broj 204',
    'E-pošta: kancelarijazamlade@pancevo.rs',
    'LJUBAV, NJEGOŠ, DŽEP, ĐAK, ĆUPRIJA, ŽABALJ, ČAČAK, ŠABAC',
    'Ljubav, Njegoš, Džep, Đak; ljubav, njegoš, džep, đak.',
    'Nadjačati, odjednom, podjednako — dj ostaje dj.',
    'Posetite www.kzm.rs i pratite nas na Instagramu!',
  ];
  for (const x of sentences) {
    test(JSON.stringify(x), () => assert.equal(toLatin(toCyrillic(x)), x));
  }
  test('Cyrillic → Latin → Cyrillic for a Cyrillic seed sentence', () => {
    const c = 'Канцеларија за младе (КЗМ) је део локалне управе, односно сервис младих и за младе.';
    assert.equal(toCyrillic(toLatin(c)), c);
  });
  test('whole Latin seed pages round-trip', (t) => {
    const names = ['000_8df37f99ddad1bf6.txt', '003_fd81178d6aed4a73.txt', '004_669ec671a38a1723.txt'];
    const texts = names.map(seed);
    if (texts.some((x) => x === null)) return t.skip('shared/seeds not available');
    for (const x of texts) if (x !== null) assert.equal(toLatin(toCyrillic(x)), x);
  });
});

describe('seed texts', () => {
  test('Pančevo address block converts with e-mail and Roman numerals intact', (t) => {
    const text = seed('000_8df37f99ddad1bf6.txt');
    if (text === null) return t.skip('shared/seeds not available');
    const c = toCyrillic(text);
    assert.ok(c.includes('Трг краља Петра I, број 2-4, 26101 Панчево'));
    assert.ok(c.includes('II спрат, канцеларија број 204'));
    assert.ok(c.includes('kancelarijazamlade@pancevo.rs'));
    assert.ok(c.includes('Хаџи Јована Радоњин'));
    assert.equal(detectScript(c), 'cyrl');
  });
  test('Cyrillic seed page → Latin', (t) => {
    const text = seed('001_59a53bc08e6370d7.txt');
    if (text === null) return t.skip('shared/seeds not available');
    const l = toLatin(text);
    assert.ok(l.includes('Šta je Kancelarija za mlade?'));
    assert.ok(l.includes('NASLOVNA STRANA'));
    assert.equal(detectScript(l), 'latn');
  });
});

table('searchKey', searchKey, [
  ['Чачак', 'cacak'],
  ['Čačak', 'cacak'],
  ['Cacak', 'cacak'],
  ['cacak', 'cacak'],
  ['ČAČAK', 'cacak'],
  ['Đurđevo', 'djurdjevo'],
  ['Djurdjevo', 'djurdjevo'],
  ['Ђурђево', 'djurdjevo'],
  ['ĐURĐEVO', 'djurdjevo'],
  ['Ðurđevo', 'djurdjevo'],
  ['Џеп', 'dzep'],
  ['džep', 'dzep'],
  ['ǅep', 'dzep'],
  ['Šabac', 'sabac'],
  ['Ћуприја', 'cuprija'],
  ['Жабаљ', 'zabalj'],
  ['c\u030Cac\u030Cak', 'cacak'],
  ['  Novi   Sad\n', 'novi sad'],
  ['Канцеларија за младе', 'kancelarija za mlade'],
  ['Café', 'cafe'],
]);

table('detectScript', (s) => detectScript(s), [
  ['Канцеларија за младе', 'cyrl'],
  ['Kancelarija za mlade', 'latn'],
  ['Канцеларија za mlade grada Pančeva', 'latn'],
  ['Канцеларија за младе, KzM', 'cyrl'],
  ['2007-2012 !?', 'none'],
  ['', 'none'],
]);

describe('toScript', () => {
  test('to Cyrillic', () => assert.equal(toScript('Kancelarija za mlade', 'cyrl'), 'Канцеларија за младе'));
  test('to Latin', () => assert.equal(toScript('Канцеларија за младе', 'latn'), 'Kancelarija za mlade'));
  test('already in the target script', () => assert.equal(toScript('Канцеларија', 'cyrl'), 'Канцеларија'));
});
